"""Endpoints that await something stay coroutines: a plain def could not await."""

import time

import httpx
import requests
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/echo")
async def echo(request: Request):
    body = await request.json()
    time.sleep(0.1)
    return body


@app.get("/stream-count")
async def stream_count(request: Request):
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
    requests.post("https://metrics.example.com", json={"size": size}, timeout=2)
    return {"size": size}


@app.get("/both")
async def both():
    async with httpx.AsyncClient() as client:
        fast = (await client.get("https://example.com")).status_code
    slow = requests.get("https://example.com", timeout=5).status_code
    return {"fast": fast, "slow": slow}


@app.get("/comprehension")
async def comprehension(request: Request):
    chunks = [chunk async for chunk in request.stream()]
    time.sleep(0.1)
    return {"chunks": len(chunks)}
