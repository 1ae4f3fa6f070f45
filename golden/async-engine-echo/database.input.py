"""Database wiring for the API."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from .settings import settings

engine = create_async_engine(settings.database_url, echo=True, pool_size=10)  # expect: async-engine-echo
SessionLocal = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
