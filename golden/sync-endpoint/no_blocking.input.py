"""Async endpoints with nothing blocking in them stay as they are."""

import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/sum")
async def total(n: int = 100):
    return {"total": sum(range(n))}


@app.get("/later")
async def later():
    def wait_a_bit():
        time.sleep(0.1)

    return {"callback": wait_a_bit.__name__}


@app.get("/open")
async def shadowed_open(open: bool = True):
    return {"open": open()}
