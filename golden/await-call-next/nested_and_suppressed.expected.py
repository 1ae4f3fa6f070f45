import asyncio

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


@app.middleware(middleware_type="http")
async def timeout_middleware(request: Request, call_next):
    async def call_later():
        # a nested function: its own business
        return call_next(request)

    if request.url.path == "/slow":
        task = asyncio.ensure_future(call_later())
        return await task
    if request.url.path == "/raw":
        return call_next(request)  # fastfix: ignore[await-call-next]
    try:
        response = await call_next(
            request,  # the incoming request
        )
    except asyncio.TimeoutError:
        return JSONResponse({"detail": "timeout"}, status_code=504)
    return response
