from contextvars import ContextVar

from .middleware import BaseHTTPMiddleware

request_user = ContextVar("request_user", default=None)


class UserMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        token = request_user.set(scope.get("user"))
        try:
            await self.app(scope, receive, send)
        finally:
            request_user.reset(token)


class LegacyMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        body = [chunk async for chunk in response.body_iterator]
        return rebuild(body, request_user.get())
