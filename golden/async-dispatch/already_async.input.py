import time

from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware


class ProcessTimeMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Process-Time"] = f"{time.perf_counter() - started:.4f}"
        return response

    def format_duration(self, seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms"


app = FastAPI()
app.add_middleware(ProcessTimeMiddleware)
