import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/legacy-timing")
async def legacy_timing():
    # the dashboard compares this with wall-clock timestamps from other hosts
    start = time.time()  # fastfix: ignore[perf-counter]
    total = sum(range(1000))
    return {"total": total, "took": time.time() - start}


@app.get("/legacy-timing-2")
async def legacy_timing_2():
    start = time.time()
    total = sum(range(1000))
    return {"total": total, "took": time.time() - start}  # fastfix: ignore
