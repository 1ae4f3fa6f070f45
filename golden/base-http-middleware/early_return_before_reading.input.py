from contextvars import ContextVar

from starlette.middleware.base import BaseHTTPMiddleware

scheduled_task = ContextVar("scheduled_task", default=None)


class InternalAuthMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        if request.url.path.startswith("/public"):
            return await call_next(request)
        if request.headers.get("x-internal") == SECRET:
            task = scheduled_task.get()
            request.state.scopes = ["tasks:write"] if task else []
            return await self.forward(request, call_next)
        return UNAUTHORIZED
