from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Order, User

app = FastAPI()


def all_users(db: Session):
    return db.query(User).all()


async def nightly_export(session):
    return (await session.execute(select(Order))).scalars().all()


@app.get("/users/count")
def count_users(db: Session):
    def everyone():
        return db.query(User).all()

    return len(everyone())
