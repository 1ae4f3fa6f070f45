import asyncio
from functools import partial

import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/status/{service}")
async def service_status(service: str):
    response = await asyncio.get_event_loop().run_in_executor(
        None, partial(requests.get, f"https://status.example.com/{service}", timeout=5)
    )
    return {"service": service, "up": response.ok}
