from contextvars import ContextVar

from starlette.middleware.base import BaseHTTPMiddleware

tenant_id = ContextVar("tenant_id", default="public")
request_user = ContextVar("request_user", default=None)


class TenantMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        token = tenant_id.set(request.headers.get("x-tenant", "public"))
        if request_user.get() is None:
            request_user.set(request.headers.get("x-user"))
        try:
            return await call_next(request)
        finally:
            tenant_id.reset(token)
