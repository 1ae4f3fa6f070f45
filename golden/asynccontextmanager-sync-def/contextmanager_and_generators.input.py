from contextlib import contextmanager

from fastapi import Depends, FastAPI

from .database import SessionLocal

app = FastAPI()


@contextmanager
def session_scope():
    session = SessionLocal()
    try:
        yield session
        session.commit()
    finally:
        session.close()


def get_session():
    with session_scope() as session:
        yield session


async def get_token(authorization: str = ""):
    yield authorization.removeprefix("Bearer ")


@app.get("/health")
def health(session=Depends(get_session), token=Depends(get_token)):
    return {"ok": session.is_active, "authenticated": bool(token)}
