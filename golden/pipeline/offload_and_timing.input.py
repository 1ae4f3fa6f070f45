"""Threads and clocks in one service: running-loop, executor-to-thread and perf-counter compose."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI, Request

app = FastAPI()


def render_report(report_id: int) -> bytes:
    time.sleep(0.5)  # stands in for slow rendering; sync code stays as it is
    return f"report {report_id}".encode()


@app.middleware("http")
async def process_time(request: Request, call_next):
    start = time.time()
    response = await call_next(request)
    response.headers["x-process-time"] = str(round(time.time() - start, 4))
    return response


@app.get("/reports/{report_id}")
async def report(report_id: int):
    loop = asyncio.get_event_loop()
    with ThreadPoolExecutor() as pool:
        data = await loop.run_in_executor(pool, render_report, report_id)
    return {"size": len(data), "generated_at": time.time()}


@app.get("/loop-time")
async def loop_time():
    return {"loop_time": asyncio.get_event_loop().time()}
