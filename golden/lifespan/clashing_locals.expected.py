from contextlib import asynccontextmanager
from fastapi import FastAPI
from sqlalchemy import text

from .db import engine
from .search import index


@asynccontextmanager
async def lifespan(app):
    await check_database()
    await create_index()
    print("catalogue ready")
    yield
    await engine.dispose()


app = FastAPI(title="Catalogue", lifespan=lifespan)


async def check_database():
    """Fail fast when the database is unreachable."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def create_index():
    conn = await index.connect()
    await conn.ensure_index("products")
