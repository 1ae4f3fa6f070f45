"""Endpoints tied to the event loop: yield, asyncio, or awaited by other code."""

import asyncio
import time

from fastapi import FastAPI

app = FastAPI()
events: asyncio.Queue[str] = asyncio.Queue()


@app.get("/events")
async def stream_events():
    time.sleep(0.1)
    yield "event"


@app.post("/notify")
async def notify(message: str):
    events.put_nowait(message)
    time.sleep(0.01)
    return {"queued": message}


@app.get("/report")
async def report():
    time.sleep(0.5)
    return {"report": "ready"}


async def nightly():
    return await report()
