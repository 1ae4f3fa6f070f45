"""Middleware for the public API."""

import time
import uuid

from fastapi import FastAPI, Request

app = FastAPI(title="Orders API")


@app.middleware("http")
async def add_process_time_header(request: Request, call_next):
    start_time = time.perf_counter()
    # the route runs here
    response = await call_next(request)  # not awaited
    process_time = time.perf_counter() - start_time
    response.headers["X-Process-Time"] = str(process_time)
    return response


@app.middleware('http')
async def add_request_id(request: Request, call_next):
    request.state.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
    return await call_next(request)


@app.get("/orders/{order_id}")
async def read_order(order_id: int):
    return {"id": order_id}
