from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("sqlite+aiosqlite://")
# Still on SQLAlchemy 1.4 here, which has no async_sessionmaker.
SessionLocal = sessionmaker(engine, class_=AsyncSession)  # fastfix: ignore[async-sessionmaker]
