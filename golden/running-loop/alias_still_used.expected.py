"""Background refresh of the exchange-rate cache, started from sync and async code alike."""

from asyncio import get_running_loop
from asyncio import get_event_loop as current_loop

import httpx
from fastapi import FastAPI

app = FastAPI()
rates: dict[str, float] = {}


async def refresh_rates() -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get("https://api.example.com/rates")
    rates.update(response.json())


def schedule_refresh_from_sync_code() -> None:
    # called by the CLI before the server starts: no loop is running yet
    current_loop().run_until_complete(refresh_rates())


@app.post("/rates/refresh", status_code=202)
async def trigger_refresh():
    # fire and forget, on the loop that serves this request
    get_running_loop().create_task(refresh_rates())
    return {"scheduled": True}
