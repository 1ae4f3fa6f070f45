from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import AsyncSessionLocal

app = FastAPI()


async def get_db() -> AsyncSession:
    session = AsyncSessionLocal()
    await session.connection()
    return session


@app.get("/health")
async def health(session: AsyncSession = Depends(get_db)):
    await session.connection()
    return {"ok": True}
