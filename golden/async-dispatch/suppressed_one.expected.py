from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import Response


class HealthcheckShortcut(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        if request.url.path == "/healthz":
            return Response("ok")
        return call_next(request)


class LegacyPassthrough(BaseHTTPMiddleware):
    # returns the coroutine on purpose; Starlette awaits it
    def dispatch(self, request: Request, call_next):  # fastfix: ignore[async-dispatch]
        return call_next(request)


app = FastAPI()
app.add_middleware(HealthcheckShortcut)
app.add_middleware(LegacyPassthrough)
