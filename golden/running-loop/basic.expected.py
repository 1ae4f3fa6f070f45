"""Rate limiting for the public API: a token bucket per client, refilled on the loop's clock."""

import asyncio

from fastapi import FastAPI, HTTPException, Request

app = FastAPI()
buckets: dict[str, tuple[float, float]] = {}
RATE, BURST = 5.0, 20.0


async def take_token(client: str) -> bool:
    now = asyncio.get_running_loop().time()
    tokens, last = buckets.get(client, (BURST, now))
    tokens = min(BURST, tokens + (now - last) * RATE)
    if tokens < 1:
        return False
    buckets[client] = (tokens - 1, now)
    return True


@app.middleware("http")
async def rate_limit(request: Request, call_next):
    if not await take_token(request.client.host if request.client else "unknown"):
        raise HTTPException(status_code=429, detail="Too many requests")
    return await call_next(request)


@app.get("/quote")
async def quote():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_later(0.05, done.set_result, {"quote": "Simple is better than complex."})
    return await done
