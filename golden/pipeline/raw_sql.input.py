"""Raw SQL from the SQLAlchemy 1.4 days in a service on SQLAlchemy 2: sqlalchemy-text."""

from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite:///./app.db")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
app = FastAPI()


async def get_session():
    async with SessionLocal() as session:
        yield session


Session = Annotated[AsyncSession, Depends(get_session)]


@app.get("/orders/{order_id}")
async def read_order(order_id: int, session: Session):
    result = await session.execute("SELECT id, total FROM orders WHERE id = :id", {"id": order_id})
    return dict(result.mappings().one())


@app.get("/health")
async def health():
    async with engine.connect() as conn:
        await conn.execute("SELECT 1")
    return {"ok": True}
