"""Futures kept for later, loops of unknown origin, and sync code."""

import asyncio

from fastapi import FastAPI

app = FastAPI()


def crunch(n: int) -> int:
    return sum(range(n))


@app.get("/crunch/{n}")
async def crunch_endpoint(n: int):
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(None, crunch, n)
    future.add_done_callback(lambda f: print("done", f.result()))
    limited = await asyncio.wait_for(loop.run_in_executor(None, crunch, n), timeout=2)
    return {"total": await future, "limited": limited}


async def on_loop(loop: asyncio.AbstractEventLoop, n: int) -> int:
    return await loop.run_in_executor(None, crunch, n)


def blocking_caller(n: int) -> asyncio.Future:
    loop = asyncio.get_event_loop()
    return loop.run_in_executor(None, crunch, n)


class Worker:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    async def run(self, n: int) -> int:
        return await self.loop.run_in_executor(None, crunch, n)
