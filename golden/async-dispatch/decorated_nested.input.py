import functools

from fastapi import FastAPI, Request
from starlette import middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse


def traced(method):
    @functools.wraps(method)
    def wrapper(self, request, call_next):
        return method(self, request, call_next)

    return wrapper


class ApiKeyMiddleware(BaseHTTPMiddleware):
    keys = frozenset({"dev-key"})

    @traced
    # checked before the router runs
    def dispatch(self, request: Request, call_next):
        def rejected(reason: str):
            return JSONResponse({"detail": reason}, status_code=401)

        key = request.headers.get("X-API-Key")
        if key is None:
            return rejected("missing API key")
        if key not in self.keys:
            return rejected("invalid API key")
        return call_next(request)


app = FastAPI(middleware=[middleware.Middleware(ApiKeyMiddleware)])
