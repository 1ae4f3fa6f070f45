"""Database wiring for the shop service."""

from functools import lru_cache

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

from .settings import Settings

engine = create_engine("sqlite:///./shop.db")
SessionLocal = sessionmaker(bind=engine, autoflush=False)
async_engine = create_async_engine("sqlite+aiosqlite:///./shop.db")
# The sync factory with class_=AsyncSession is untyped for async use: async_sessionmaker is right.
AsyncSessionLocal = sessionmaker(async_engine, class_=AsyncSession, expire_on_commit=False)


def get_db() -> Session:
    # Leaks a connection per request: nothing ever closes this session.
    db = SessionLocal()
    db.info["request_scoped"] = True
    return db


@lru_cache
def get_settings() -> Settings:
    # Correct as it is: a cached settings object, not a resource to close.
    return Settings()


def make_session() -> Session:
    # Not used as a dependency anywhere, so fastfix leaves it alone.
    return SessionLocal()
