from fastapi import FastAPI
from sqlalchemy import text

from .db import engine
from .search import index

app = FastAPI(title="Catalogue")


@app.on_event("startup")
async def check_database():
    """Fail fast when the database is unreachable."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


@app.on_event("startup")
async def create_index():
    conn = await index.connect()
    await conn.ensure_index("products")


@app.on_event("startup")
async def log_ready():
    print("catalogue ready")


@app.on_event("shutdown")
async def dispose_engine():
    await engine.dispose()
