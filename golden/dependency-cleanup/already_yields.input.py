from fastapi import Depends, FastAPI

from .db import SessionLocal

app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/")
def index(db=Depends(get_db)):
    return {}
