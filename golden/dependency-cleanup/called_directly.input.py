from fastapi import Depends, FastAPI

from .db import SessionLocal

app = FastAPI()


def get_db():
    return SessionLocal()


@app.get("/")
def index(db=Depends(get_db)):
    return {}


def seed():
    db = get_db()
    db.add({})
    db.commit()
