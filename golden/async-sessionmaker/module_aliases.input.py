import sqlalchemy.ext.asyncio as sa_asyncio
from sqlalchemy import orm

engine = sa_asyncio.create_async_engine("sqlite+aiosqlite:///./app.db")
Session = orm.sessionmaker(class_=sa_asyncio.AsyncSession, bind=engine)
