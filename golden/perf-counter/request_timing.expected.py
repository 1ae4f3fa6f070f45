"""A Server-Timing header for every response."""

import time

from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def server_timing(request: Request, call_next):
    start = time.perf_counter()
    response = await call_next(request)
    elapsed_ms = (time.perf_counter() - start) * 1000
    response.headers["server-timing"] = f"app;dur={elapsed_ms:.1f}"
    return response
