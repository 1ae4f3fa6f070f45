from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("postgresql+asyncpg://app@db/app")

# One factory for the whole app.
async_session_factory = sessionmaker(
    bind=engine,
    # sessions are async: the engine is asyncpg
    class_=AsyncSession,  # see SQLAlchemy's asyncio docs
    autoflush=False,
    expire_on_commit=False,  # keep loaded attributes after commit
)
