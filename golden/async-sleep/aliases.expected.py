import asyncio as aio
from time import monotonic


async def retry(call, attempts=3):
    started = monotonic()
    for attempt in range(attempts):
        try:
            return await call()
        except ConnectionError:
            await aio.sleep(2 ** attempt)
    await aio.sleep(
        1,  # one last pause
    )
    await aio.sleep(0)
    return monotonic() - started
