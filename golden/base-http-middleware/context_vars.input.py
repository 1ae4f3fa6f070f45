from contextvars import ContextVar

from fastapi import FastAPI
from starlette.middleware.base import BaseHTTPMiddleware as Base

request_user: ContextVar[str | None] = ContextVar("request_user", default=None)
tenant_id = ContextVar("tenant_id", default="public")
app = FastAPI()


class UserAuditMiddleware(Base):  # expect: base-http-middleware
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers["x-user"] = request_user.get() or "anonymous"
        return response


class TimingMiddleware(Base):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers["x-path"] = request.url.path
        return response


class TenantAuditMiddleware(TimingMiddleware):  # expect: base-http-middleware
    async def dispatch(self, request, call_next):
        response = await super().dispatch(request, call_next)
        audit(tenant_id.get(), response.status_code)
        return response


app.add_middleware(UserAuditMiddleware)
