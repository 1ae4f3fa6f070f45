from __future__ import annotations

import asyncio
import time


class Limiter:
    async def acquire(self) -> float:
        start = time.monotonic()
        await asyncio.sleep(self.delay)
        value = await asyncio.sleep(0) or 1
        return time.monotonic() - start + value
