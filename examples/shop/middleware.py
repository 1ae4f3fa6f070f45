"""Request middleware for the shop service."""

import time as clock

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request


class RequestIdMiddleware(BaseHTTPMiddleware):
    # A plain `def dispatch` is never awaited correctly by Starlette.
    def dispatch(self, request: Request, call_next):
        response = call_next(request)
        response.headers["x-request-id"] = request.headers.get("x-request-id", "-")
        return response


class Timer:
    # Not middleware: a sync dispatch here is fine.
    def dispatch(self, event, handler):
        started = clock.perf_counter()
        handler(event)
        return clock.perf_counter() - started
