import asyncio as aio
import time as t
from time import sleep as nap, monotonic


async def retry(call, attempts=3):
    started = monotonic()
    for attempt in range(attempts):
        try:
            return await call()
        except ConnectionError:
            t.sleep(2 ** attempt)
    nap(
        1,  # one last pause
    )
    await aio.sleep(0)
    return monotonic() - started
