from fastapi import FastAPI
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite:///./app.db")
AsyncSessionLocal = async_sessionmaker(engine, expire_on_commit=False)
app = FastAPI()


@app.get("/health")
async def health():
    async with engine.connect() as conn:
        await conn.execute(sql("SELECT 1"))
    return {"ok": True}


@app.post("/reindex")
async def reindex():
    async with engine.begin() as conn:
        await conn.execute(u"REINDEX items")
    return {"ok": True}


@app.get("/tags")
async def tags():
    async with AsyncSessionLocal() as session:
        result = await session.execute(r"SELECT name FROM tags WHERE name NOT LIKE '\_%'")
        return result.scalars().all()
