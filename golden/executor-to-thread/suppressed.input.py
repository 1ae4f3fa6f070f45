import asyncio
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI

app = FastAPI()


def thread_local_work(n: int) -> int:
    return n * 2


@app.get("/pinned/{n}")
async def pinned(n: int):
    # this code must run in a fresh thread with no context variables
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor() as pool:  # fastfix: ignore[executor-to-thread]
        first = await loop.run_in_executor(pool, thread_local_work, n)
    second = await loop.run_in_executor(None, thread_local_work, n)  # fastfix: ignore
    return {"values": [first, second]}
