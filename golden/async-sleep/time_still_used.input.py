from __future__ import annotations

import time


class Limiter:
    async def acquire(self) -> float:
        start = time.monotonic()
        time.sleep(self.delay)
        value = time.sleep(0) or 1
        return time.monotonic() - start + value
