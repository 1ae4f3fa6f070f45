"""The API uses async sessions; the nightly reports still use sync ones."""
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm.session import Session, sessionmaker

async_engine = create_async_engine("postgresql+asyncpg://app@db/app")
sync_engine = create_engine("postgresql+psycopg://app@db/app")

AsyncSessionLocal = async_sessionmaker(async_engine)
ReportSession = sessionmaker(sync_engine, class_=Session)
