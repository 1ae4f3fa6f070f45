"""Objects with a run_in_executor method that are not event loops."""

import asyncio

from fastapi import FastAPI

from .jobs import queue

app = FastAPI()


class FakeLoop:
    async def run_in_executor(self, executor, func, *args):
        return func(*args)


@app.get("/fake")
async def fake():
    loop = FakeLoop()
    first = await loop.run_in_executor(None, len, "abc")
    second = await queue.run_in_executor(None, len, "abcd")
    loop2 = asyncio.get_running_loop()
    loop2 = FakeLoop()
    third = await loop2.run_in_executor(None, len, "ab")
    return {"values": [first, second, third]}
