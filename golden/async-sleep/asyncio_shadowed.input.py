import time


async def run_on(asyncio, seconds):
    # `asyncio` here is a parameter: `await asyncio.sleep()` would call the wrong object.
    time.sleep(seconds)


async def with_local_loop_module():
    asyncio = get_fake_asyncio()
    time.sleep(1)
    return asyncio
