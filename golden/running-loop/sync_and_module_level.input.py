"""Calls outside coroutines: there no loop may be running, so get_running_loop() would raise."""

import asyncio

from fastapi import FastAPI

app = FastAPI()
loop_at_import = asyncio.get_event_loop()


def run_migrations() -> None:
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.sleep(0))


async def startup_hooks():
    def on_done(_):
        asyncio.get_event_loop().stop()

    later = lambda: asyncio.get_event_loop().time()  # noqa: E731
    return on_done, later


class Scheduler:
    def __init__(self) -> None:
        self.loop = asyncio.get_event_loop()
