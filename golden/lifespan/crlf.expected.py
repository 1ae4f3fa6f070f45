"""Worker health endpoints."""
from contextlib import asynccontextmanager
from fastapi import FastAPI

from .jobs import queue


@asynccontextmanager
async def lifespan(app):
    # Reconnect quickly after a deploy.
    queue.connect(retry=True)
    # the queue is ready now
    yield
    queue.close()


app = FastAPI(lifespan=lifespan)  # health checks only


@app.get("/health")
def health():
    return {"queue": queue.size()}
