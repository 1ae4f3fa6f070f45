"""A home-grown middleware base that only shares Starlette's class name."""

from fastapi import FastAPI, Request


class BaseHTTPMiddleware:
    def __init__(self, app):
        self.app = app

    def dispatch(self, request: Request, call_next):
        return call_next(request)


class AuditMiddleware(BaseHTTPMiddleware):
    def dispatch(self, request: Request, call_next):
        print("audit", request.method, request.url.path)
        return call_next(request)


app = FastAPI()
