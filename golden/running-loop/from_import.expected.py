from asyncio import Future, get_running_loop

from fastapi import FastAPI

app = FastAPI()
pending: dict[str, Future] = {}


@app.post("/jobs/{job_id}/wait")
async def wait_for_job(job_id: str):
    future = get_running_loop().create_future()
    pending[job_id] = future
    return {"result": await future}


@app.post("/jobs/{job_id}/done")
async def finish_job(job_id: str, result: str):
    pending.pop(job_id).set_result(result)
    return {"ok": True}
