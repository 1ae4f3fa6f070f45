from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from .db import Order, get_async_db, get_db

app = FastAPI()


@app.get("/orders/{order_id}")
def read_order(order_id: int, db: Session = Depends(get_db)):
    return db.get(Order, order_id)


@app.get("/v2/orders/{order_id}")
async def read_order_v2(order_id: int, db: AsyncSession = Depends(get_async_db)):
    result = await db.execute(select(Order).where(Order.id == order_id))
    await db.commit()
    return result.scalar_one_or_none()


@app.post("/orders")
async def create_order(payload: dict, db: Session = Depends(get_db)):
    order = Order(**payload)
    db.add(order)
    db.expunge(order)
    return order
