import asyncio

import fastapi
from fastapi_utils.tasks import repeat_every

from . import cache, scheduler

app = fastapi.FastAPI()


@app.on_event("startup")
async def warm_cache():
    """Also run by the /admin/warm endpoint."""
    await cache.warm()


@app.on_event("startup")
@repeat_every(seconds=60)
async def refresh_rates():
    await cache.refresh("rates")


@app.on_event("startup")
def start_scheduler():
    if scheduler.running:
        return
    scheduler.start()


@app.on_event("shutdown")
async def stop_scheduler():
    scheduler.shutdown(wait=False)
    await asyncio.sleep(0)


@app.post("/admin/warm")
async def warm():
    await warm_cache()
    return {"ok": True}
