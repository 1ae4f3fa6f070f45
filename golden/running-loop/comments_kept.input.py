import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health():
    # how long the loop takes to come back to us: a cheap lag probe
    started = asyncio.get_event_loop(  # the loop serving this request
    ).time()
    await asyncio.sleep(0)
    lag = asyncio.get_event_loop().time() - started  # seconds
    return {"status": "ok", "loop_lag": lag}
