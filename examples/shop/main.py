"""The shop's HTTP API."""

import time
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from sqlalchemy.orm import Session

from .db import get_db, get_settings
from .middleware import RequestIdMiddleware
from .settings import Settings

app = FastAPI(title="shop")
app.add_middleware(RequestIdMiddleware)
events: list[str] = []


@app.on_event("startup")
async def open_pools():
    events.append("pools open")


@app.on_event("shutdown")
def close_pools():
    events.append("pools closed")


@app.middleware("http")
async def add_process_time(request: Request, call_next):
    started = time.perf_counter()
    response = call_next(request)  # returns a coroutine: the header line below fails
    response.headers["x-process-time"] = f"{time.perf_counter() - started:.4f}"
    return response


def get_current_user(request: Request) -> dict:
    # A dependency that returns plain data: correct, stays.
    return {"name": request.headers.get("x-user", "anonymous")}


@app.post("/orders/{order_id}/restock")
async def restock(
    order_id: int,
    db: Annotated[Session, Depends(get_db)],
    settings: Annotated[Settings, Depends(get_settings)],
):
    # Blocks the whole event loop while waiting for the warehouse.
    time.sleep(settings.restock_delay_seconds)
    db.execute("UPDATE orders SET restocked = 1 WHERE id = :id", {"id": order_id})
    return {"order": order_id, "restocked": True}


@app.get("/me")
def me(user: dict = Depends(get_current_user)):
    time.sleep(0.01)  # a sync endpoint runs in the thread pool: blocking here is fine
    return user
