"""`dispatch` outside BaseHTTPMiddleware subclasses: a dispatch= function, an event bus, a helper."""

from collections import defaultdict

from fastapi import FastAPI, Request
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware


def dispatch(request: Request, call_next):
    return call_next(request)


class EventBus:
    def __init__(self) -> None:
        self.handlers = defaultdict(list)

    def dispatch(self, event: str, payload: dict) -> None:
        for handler in self.handlers[event]:
            handler(payload)


class RequestIdMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        def dispatch(event: str) -> None:
            print(event, request.url.path)

        dispatch("request")
        return await call_next(request)


app = FastAPI(middleware=[Middleware(BaseHTTPMiddleware, dispatch=dispatch)])
