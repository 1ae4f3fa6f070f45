import starlette.middleware.base


class GzipBodyMiddleware(starlette.middleware.base.BaseHTTPMiddleware):  # expect: base-http-middleware
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        chunks = [chunk async for chunk in response.body_iterator]
        return compress(chunks, response)
