import time

import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/debug/block")
async def block_the_loop(seconds: float):
    # chaos testing: this endpoint blocks the event loop on purpose
    time.sleep(seconds)  # noqa: ASYNC251
    return {"blocked": seconds}


@app.get("/debug/ping")
async def ping():  # fastfix: ignore[sync-endpoint]
    return requests.get("https://example.com", timeout=1).status_code
