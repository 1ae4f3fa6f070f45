"""A service module holding every pattern the default pipeline rewrites."""

import asyncio
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.base import BaseHTTPMiddleware

SessionLocal = sessionmaker()
app = FastAPI()


class ServerTiming(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        response = await call_next(request)
        response.headers["server-timing"] = "app"
        return response


@app.middleware("http")
async def add_version(request: Request, call_next):
    return add_header(await call_next(request), "x-version", "1")


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def get_current_user(request: Request) -> str:
    return request.headers.get("x-user", "anonymous")


@app.get("/slow")
async def slow(db: Annotated[Session, Depends(get_db)], user: str = Depends(get_current_user)):
    await asyncio.sleep(0.1)  # pretend to wait for something
    return {"user": user}
