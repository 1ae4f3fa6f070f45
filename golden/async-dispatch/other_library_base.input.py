from fastapi import FastAPI, Request
from mylib.middleware import BaseHTTPMiddleware
from mylib.middleware import BaseHTTPMiddleware as LegacyBase


class CorrelationIdMiddleware(BaseHTTPMiddleware):
    def dispatch(self, request: Request, call_next):
        request.state.correlation_id = request.headers.get("X-Correlation-ID")
        return call_next(request)


class LegacyMiddleware(LegacyBase):
    def dispatch(self, request: Request, call_next):
        return call_next(request)


app = FastAPI()
