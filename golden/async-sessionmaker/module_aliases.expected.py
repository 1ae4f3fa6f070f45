import sqlalchemy.ext.asyncio as sa_asyncio
from sqlalchemy import orm

engine = sa_asyncio.create_async_engine("sqlite+aiosqlite:///./app.db")
Session = sa_asyncio.async_sessionmaker(bind=engine)
