"""HTTP front end of the Celery workers: `app` is the Celery app, `api` the FastAPI one."""
from fastapi import FastAPI

from .worker import app

api = FastAPI(title="Jobs")


@api.on_event("startup")
def check_workers():
    replies = app.control.ping(timeout=1.0)
    if not replies:
        raise RuntimeError("no Celery worker answers")


@api.post("/jobs")
def submit(payload: dict):
    return {"id": app.send_task("jobs.run", args=[payload]).id}
