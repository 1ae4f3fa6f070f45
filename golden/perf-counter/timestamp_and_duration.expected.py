import time

from fastapi import FastAPI

app = FastAPI()
jobs: dict[int, dict[str, float]] = {}


@app.post("/jobs/{job_id}")
async def run_job(job_id: int):
    created_at = time.time()
    jobs[job_id] = {"created_at": created_at}
    start = time.perf_counter()
    result = sum(range(10_000))
    jobs[job_id]["duration"] = time.perf_counter() - start
    return {"result": result, "created_at": created_at, "now": time.time()}
