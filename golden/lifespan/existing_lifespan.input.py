from contextlib import asynccontextmanager

from fastapi import FastAPI

from .db import database
from .metrics import registry


@asynccontextmanager
async def lifespan(app):
    await database.connect()
    yield
    await database.disconnect()


app = FastAPI(lifespan=lifespan)


# Added later by someone who did not know about the lifespan: FastAPI never calls it.
@app.on_event("startup")
async def start_metrics():
    registry.start()
