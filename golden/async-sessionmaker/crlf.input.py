from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("sqlite+aiosqlite:///./jobs.db")
SessionLocal = sessionmaker(
    engine,
    class_=AsyncSession,
)
