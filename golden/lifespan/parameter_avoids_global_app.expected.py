"""HTTP front end of the Celery workers: `app` is the Celery app, `api` the FastAPI one."""
from contextlib import asynccontextmanager
from fastapi import FastAPI

from .worker import app


@asynccontextmanager
async def lifespan(app_):
    replies = app.control.ping(timeout=1.0)
    if not replies:
        raise RuntimeError("no Celery worker answers")
    yield


api = FastAPI(title="Jobs", lifespan=lifespan)


@api.post("/jobs")
def submit(payload: dict):
    return {"id": app.send_task("jobs.run", args=[payload]).id}
