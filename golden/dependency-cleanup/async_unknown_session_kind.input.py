from fastapi import Depends, FastAPI

from app import db
from app.db import SessionLocal

app = FastAPI()


async def get_db():
    session = SessionLocal()
    return session


async def get_other_db():
    return db.SessionLocal()


@app.get("/")
async def index(session=Depends(get_db), other=Depends(get_other_db)):
    return {}
