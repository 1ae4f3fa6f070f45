import asyncio
import time


async def offload(seconds):
    await asyncio.to_thread(time.sleep, seconds)
    pause = time.sleep
    return pause
