from sqlalchemy.ext.asyncio import create_async_engine

# the local development server
engine = create_async_engine("sqlite+aiosqlite:///dev.db", echo=True)  # fastfix: ignore[async-engine-echo]
debug = create_async_engine("sqlite+aiosqlite:///debug.db", echo=True)  # fastfix: ignore
