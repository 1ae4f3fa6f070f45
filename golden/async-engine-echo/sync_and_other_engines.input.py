from sqlalchemy import create_engine

from .db import create_async_engine

sync_engine = create_engine("sqlite:///app.db", echo=True)
wrapped = create_async_engine("sqlite+aiosqlite:///app.db", echo=True)


def make(url, echo=True):
    return {"url": url, "echo": echo}
