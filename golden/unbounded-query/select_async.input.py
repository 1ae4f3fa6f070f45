from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .db import Order, get_session

app = FastAPI()


@app.get("/orders")
async def list_orders(session: AsyncSession = Depends(get_session)):
    return (await session.execute(select(Order))).scalars().all()  # expect: unbounded-query


@app.get("/orders/search")
async def search_orders(q: str | None = None, status: str | None = None, session: AsyncSession = Depends(get_session)):
    stmt = select(Order).order_by(Order.created_at.desc())
    if q:
        stmt = stmt.where(Order.reference.contains(q))
    if status:
        stmt = stmt.where(Order.status == status)
    result = await session.scalars(stmt)
    return result.all()  # expect: unbounded-query


@app.get("/orders/export")
async def export_orders(session: AsyncSession = Depends(get_session)):
    result = await session.execute(select(Order.id, Order.total))
    rows = result.fetchall()  # expect: unbounded-query
    return [{"id": row.id, "total": row.total} for row in rows]
