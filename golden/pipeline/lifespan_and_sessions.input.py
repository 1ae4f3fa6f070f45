"""Inventory service: startup and shutdown handlers, and a factory for async database sessions."""

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("sqlite+aiosqlite:///./inventory.db")
SessionLocal = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
app = FastAPI(title="Inventory")


@app.on_event("startup")
def share_session_factory():
    app.state.sessions = SessionLocal


@app.on_event("shutdown")
async def dispose_engine():
    await engine.dispose()
