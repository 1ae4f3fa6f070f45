"""Orders service: one database pool for the whole process."""

from contextlib import asynccontextmanager
import logging

from fastapi import Depends, FastAPI

from .db import database, get_db
from .settings import settings

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app):
    # Open the pool before the first request arrives.
    await database.connect()
    logger.info("database pool open")
    yield
    await database.disconnect()  # waits for running queries
    logger.info("database pool closed")


# The public API; docs are served under /docs.
app = FastAPI(
    title="Orders",
    version=settings.version,
    lifespan=lifespan,
)


@app.get("/orders")
async def list_orders(db=Depends(get_db)):
    return await db.fetch_all("SELECT id, total FROM orders")
