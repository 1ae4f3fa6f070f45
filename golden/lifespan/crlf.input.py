"""Worker health endpoints."""
from fastapi import FastAPI

from .jobs import queue

app = FastAPI()  # health checks only


@app.on_event("startup")
def start_queue():
    # Reconnect quickly after a deploy.
    queue.connect(retry=True)
    # the queue is ready now


@app.get("/health")
def health():
    return {"queue": queue.size()}


@app.on_event("shutdown")
def stop_queue(): queue.close()
