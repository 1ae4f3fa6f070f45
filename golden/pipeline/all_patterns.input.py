"""A service module holding every pattern the default pipeline rewrites."""

import time
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.base import BaseHTTPMiddleware

SessionLocal = sessionmaker()
app = FastAPI()


class ServerTiming(BaseHTTPMiddleware):
    def dispatch(self, request: Request, call_next):
        response = call_next(request)
        response.headers["server-timing"] = "app"
        return response


@app.middleware("http")
async def add_version(request: Request, call_next):
    return add_header(call_next(request), "x-version", "1")


def get_db() -> Session:
    db = SessionLocal()
    return db


def get_current_user(request: Request) -> str:
    return request.headers.get("x-user", "anonymous")


@app.get("/slow")
async def slow(db: Annotated[Session, Depends(get_db)], user: str = Depends(get_current_user)):
    time.sleep(0.1)  # pretend to wait for something
    return {"user": user}
