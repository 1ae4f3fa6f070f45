import time

import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()


async def wait_until_ready(url: str, timeout: float = 30.0) -> None:
    started = time.perf_counter()
    async with httpx.AsyncClient() as client:
        # poll until the dependency answers or we give up
        while time.perf_counter() - started < timeout:  # wall-clock jumps must not end this early
            if (await client.get(url)).status_code == 200:
                return
    raise HTTPException(status_code=503, detail=f"{url} not ready")


@app.get("/ready")
async def ready():
    await wait_until_ready("http://search:9200/_cluster/health")
    return {"ready": True}
