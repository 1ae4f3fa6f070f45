from collections.abc import AsyncIterator
from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import AsyncSessionLocal

app = FastAPI()


async def get_db() -> AsyncIterator[AsyncSession]:
    session = AsyncSessionLocal()
    try:
        await session.connection()
        yield session
    finally:
        await session.close()


@app.get("/health")
async def health(session: AsyncSession = Depends(get_db)):
    await session.connection()
    return {"ok": True}
