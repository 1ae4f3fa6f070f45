from fastapi import Depends, FastAPI

from .db import ReadOnlySessionLocal, SessionLocal

app = FastAPI()


def get_db(read_only: bool = False):
    if read_only:
        return ReadOnlySessionLocal()
    db = SessionLocal()
    return db


def get_db_twice():
    db = SessionLocal()
    if db.bind is None:
        db = SessionLocal()
    return db


@app.get("/")
def index(db=Depends(get_db), other=Depends(get_db_twice)):
    return {}
