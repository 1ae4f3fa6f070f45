"""time.time() used as a wall-clock timestamp: it leaves the subtraction, so it stays."""

import logging
import time

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)
audit: list[float] = []


@app.post("/login")
async def login():
    start = time.time()
    log.info("login started at %s", start)
    return {"took": time.time() - start}


@app.post("/logout")
async def logout():
    start = time.time()
    audit.append(start)
    return {"took": time.time() - start}


@app.get("/token")
async def token():
    issued = time.time()
    expires = issued + 3600
    return {"iat": issued, "exp": expires, "age": time.time() - issued}


@app.get("/since")
async def since(last_seen: float):
    now = time.time()
    return {"seconds_since_last_seen": now - last_seen}


@app.get("/formatted")
async def formatted():
    start = time.time()
    message = f"started at {start}"
    return {"message": message, "took": time.time() - start}


def closure():
    start = time.time()

    def elapsed():
        return time.time() - start

    return elapsed
