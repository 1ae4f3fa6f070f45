import asyncio
import time


async def handler(items):
    def slow_sync_helper():
        time.sleep(1)  # runs in a worker thread, blocking is fine here

    callback = lambda: time.sleep(2)
    total = sum(time.sleep(0) or 1 for _ in items)
    results = [await asyncio.sleep(0) or item for item in items]
    await asyncio.sleep(3)
    return slow_sync_helper, callback, total, results


def sync_endpoint():
    time.sleep(1)
