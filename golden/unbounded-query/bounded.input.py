from fastapi import Depends, FastAPI, Query
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from .db import Order, User, get_db, get_session

app = FastAPI()


@app.get("/orders")
async def list_orders(limit: int = Query(50, le=200), offset: int = 0, session: AsyncSession = Depends(get_session)):
    stmt = select(Order).order_by(Order.id).limit(limit).offset(offset)
    return (await session.scalars(stmt)).all()


@app.get("/orders/latest")
async def latest(session: AsyncSession = Depends(get_session)):
    newest = (await session.scalars(select(Order).order_by(Order.id.desc()))).first()
    count = (await session.execute(select(func.count()).select_from(Order))).all()
    return {"newest": newest, "count": count}


@app.get("/users")
def list_users(page: int = 0, db: Session = Depends(get_db)):
    first_page = db.query(User).order_by(User.id).limit(20).offset(page * 20).all()
    sliced = db.query(User).order_by(User.id)[0:20]
    return {"page": first_page, "sliced": sliced}


@app.get("/users/limited")
def limited(db: Session = Depends(get_db)):
    stmt = select(User)
    stmt = stmt.limit(100)
    return db.scalars(stmt).all()
