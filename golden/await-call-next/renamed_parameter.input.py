import starlette.middleware.base as smb
from fastapi import FastAPI, Request


class CacheControlMiddleware(smb.BaseHTTPMiddleware):
    def __init__(self, app, max_age: int = 60) -> None:
        super().__init__(app)
        self.max_age = max_age

    async def dispatch(self, request: Request, handler):
        response = handler(request)
        if request.method == "GET" and response.status_code == 200:
            response.headers["Cache-Control"] = f"public, max-age={self.max_age}"
        return response


class StaticCacheMiddleware(CacheControlMiddleware):
    async def dispatch(self, request: Request, next_app):
        if not request.url.path.startswith("/static/"):
            return await next_app(request)
        status = next_app(request).status_code
        print("static asset", request.url.path, status)
        return next_app(request)


app = FastAPI()
app.add_middleware(StaticCacheMiddleware, max_age=3600)
