import asyncio
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/chaos/slow-upstream")
async def slow_upstream():
    # blocks the loop on purpose: the chaos test measures what that does to latency
    requests.get("https://slow.internal/wait/5")  # noqa: ASYNC210
    requests.get(
        "https://slow.internal/wait/1",
    )  # fastfix: ignore[blocking-to-thread]
    return (await asyncio.to_thread(requests.get, "https://slow.internal/ok")).json()
