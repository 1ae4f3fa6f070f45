from starlette.middleware.base import BaseHTTPMiddleware

from .cache import cache

settings = {"region": "eu"}


class CacheMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        cached = cache.get(request.url.path)
        if cached is not None:
            return cached
        response = await call_next(request)
        cache.set(request.url.path, response)
        response.headers["x-region"] = settings.get("region")
        return response


class BodyMiddleware(BaseHTTPMiddleware):  # fastfix: ignore[base-http-middleware]
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        return await collect(response.body_iterator)
