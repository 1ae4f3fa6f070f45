from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://app@db/app")

# One factory for the whole app.
async_session_factory = async_sessionmaker(
    bind=engine,
    # sessions are async: the engine is asyncpg
    # see SQLAlchemy's asyncio docs
    autoflush=False,
    expire_on_commit=False,  # keep loaded attributes after commit
)
