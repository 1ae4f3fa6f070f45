"""Polling endpoint that waits between checks."""

import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.get("/jobs/{job_id}/wait")
async def wait_for_job(job_id: int):
    for _ in range(10):
        if jobs.is_done(job_id):
            return {"done": True}
        await asyncio.sleep(0.5)  # back off before the next check
    return {"done": False}
