from contextlib import asynccontextmanager
import asyncio

import fastapi
from fastapi_utils.tasks import repeat_every

from . import cache, scheduler


@asynccontextmanager
async def lifespan(app):
    await warm_cache()
    await refresh_rates()
    start_scheduler()
    yield
    scheduler.shutdown(wait=False)
    await asyncio.sleep(0)


app = fastapi.FastAPI(lifespan=lifespan)


async def warm_cache():
    """Also run by the /admin/warm endpoint."""
    await cache.warm()


@repeat_every(seconds=60)
async def refresh_rates():
    await cache.refresh("rates")


def start_scheduler():
    if scheduler.running:
        return
    scheduler.start()


@app.post("/admin/warm")
async def warm():
    await warm_cache()
    return {"ok": True}
