import sqlalchemy.ext.asyncio as sa_async
from sqlalchemy.ext.asyncio import create_async_engine as make_engine

primary = make_engine(
    "postgresql+asyncpg://app@primary/app",
    echo="debug",  # expect: async-engine-echo
)
replica = sa_async.create_async_engine("postgresql+asyncpg://app@replica/app", echo=True)  # expect: async-engine-echo


def analytics_engine(url):
    return make_engine(url, pool_pre_ping=True, echo=True)  # expect: async-engine-echo
