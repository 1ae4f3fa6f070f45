"""Orders service: one database pool for the whole process."""

import logging

from fastapi import Depends, FastAPI

from .db import database, get_db
from .settings import settings

logger = logging.getLogger(__name__)

# The public API; docs are served under /docs.
app = FastAPI(
    title="Orders",
    version=settings.version,
)


@app.on_event("startup")
async def connect_database():
    # Open the pool before the first request arrives.
    await database.connect()
    logger.info("database pool open")


@app.get("/orders")
async def list_orders(db=Depends(get_db)):
    return await db.fetch_all("SELECT id, total FROM orders")


@app.on_event("shutdown")
async def disconnect_database():
    await database.disconnect()  # waits for running queries
    logger.info("database pool closed")
