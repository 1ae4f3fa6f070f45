"""Inventory service: startup and shutdown handlers, and a factory for async database sessions."""

from contextlib import asynccontextmanager
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite:///./inventory.db")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def lifespan(app):
    app.state.sessions = SessionLocal
    yield
    await engine.dispose()


app = FastAPI(title="Inventory", lifespan=lifespan)
