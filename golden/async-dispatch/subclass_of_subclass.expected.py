from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import PlainTextResponse


class TenantMiddleware(BaseHTTPMiddleware):
    """Resolves the tenant from the Host header."""

    async def dispatch(self, request: Request, call_next):
        request.state.tenant = request.headers.get("host", "").split(".")[0]
        return await call_next(request)


class StrictTenantMiddleware(TenantMiddleware):
    """Rejects requests for unknown tenants."""


class ReadOnlyTenantMiddleware(StrictTenantMiddleware):
    async def dispatch(self, request: Request, call_next):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return PlainTextResponse("tenant is read-only", status_code=405)
        return call_next(request)


app = FastAPI()
app.add_middleware(ReadOnlyTenantMiddleware)
