"""Names that only look like Starlette's."""

from fastapi import FastAPI, Request
from mylib.events import BaseHTTPMiddleware, call_next
from mylib.hooks import registry

app = FastAPI()


class EventMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, event, handler):
        handler(event)
        return call_next(event)


@registry.middleware("audit")
async def audit(request: Request, call_next):
    return call_next(request)


@app.middleware("http")
async def trace(request: Request, forward):
    call_next(request)
    return await forward(request)
