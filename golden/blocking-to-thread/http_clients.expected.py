"""Proxy endpoints that call other services with synchronous HTTP clients."""

import asyncio
from urllib.request import urlopen

import httpx
import requests as rq
from fastapi import FastAPI, Request
from httpx import post as http_post

app = FastAPI()
UPSTREAM = "https://inventory.internal"


@app.get("/items/{item_id}")
async def get_item(item_id: int, request: Request):
    headers = {"X-Request-Id": request.headers.get("x-request-id", "")}
    response = await asyncio.to_thread(rq.get, f"{UPSTREAM}/items/{item_id}", headers=headers, timeout=5)
    response.raise_for_status()
    return response.json()


@app.post("/items/{item_id}/reserve")
async def reserve(item_id: int, *args, **options):
    result = (await asyncio.to_thread(
        http_post,
        f"{UPSTREAM}/items/{item_id}/reserve",  # the reservation endpoint
        *args,
        json={"quantity": 1},
        **options,
    )).json()
    return {"reserved": result["ok"]}


@app.get("/health/upstream")
async def upstream_health():
    status = (await asyncio.to_thread(httpx.head, UPSTREAM)).status_code
    legacy = (await asyncio.to_thread(urlopen, f"{UPSTREAM}/ping", timeout=2)).read()
    return {"status": status, "legacy": legacy.decode()}
