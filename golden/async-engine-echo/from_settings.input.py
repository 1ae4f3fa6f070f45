import os

from sqlalchemy.ext.asyncio import create_async_engine

from .settings import settings

engine = create_async_engine(settings.database_url, echo=settings.sql_echo)
audit = create_async_engine(os.environ["AUDIT_URL"], echo=os.getenv("SQL_ECHO") == "1")
quiet = create_async_engine("sqlite+aiosqlite:///quiet.db", echo=False)
default = create_async_engine("sqlite+aiosqlite:///default.db")
