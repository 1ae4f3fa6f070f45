import asyncio

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


async def with_retry(request: Request, call_next):
    return await call_next(request)


@app.middleware("http")
async def retry_middleware(request: Request, call_next):
    return await with_retry(request, call_next)


@app.middleware("http")
async def timeout_middleware(request: Request, call_next):
    try:
        return await asyncio.wait_for(call_next(request), timeout=10)
    except asyncio.TimeoutError:
        return JSONResponse({"detail": "Request timed out"}, status_code=504)


@app.middleware("http")
async def background_middleware(request: Request, call_next):
    task = asyncio.create_task(call_next(request))
    with anyio.fail_after(30):
        return await asyncio.shield(task)


@app.middleware("http")
async def task_group_middleware(request: Request, call_next):
    async with asyncio.TaskGroup() as tg:
        task = tg.create_task(call_next(request))
    return task.result()
