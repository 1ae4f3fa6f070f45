import asyncio

import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/status/{service}")
async def service_status(service: str):
    response = await asyncio.to_thread(
        requests.get, f"https://status.example.com/{service}", timeout=5
    )
    return {"service": service, "up": response.ok}
