"""Calls out to the warehouse: blocking I/O written inside coroutines."""

import asyncio
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from fastapi import APIRouter

router = APIRouter()
LABELS = Path("labels")


def render_label(order_id: int) -> bytes:
    return f"order {order_id}".encode()


@router.get("/stock/{sku}")
async def stock(sku: str):
    started = time.time()
    response = requests.get(f"https://warehouse.internal/stock/{sku}", timeout=5)
    elapsed = time.time() - started
    return {"sku": sku, "stock": response.json(), "seconds": elapsed, "at": time.time()}


@router.post("/labels/{order_id}")
async def print_label(order_id: int):
    loop = asyncio.get_event_loop()
    with ThreadPoolExecutor() as pool:
        label = await loop.run_in_executor(pool, render_label, order_id)
    with open(LABELS / f"{order_id}.bin", "wb") as handle:
        handle.write(label)
    subprocess.run(["lp", str(LABELS / f"{order_id}.bin")], check=True)
    return {"printed": order_id, "template": (LABELS / "template.txt").read_text()}


def nightly_report() -> str:
    # Sync code run by a scheduler: blocking is fine here and stays.
    return requests.get("https://warehouse.internal/report", timeout=30).text
