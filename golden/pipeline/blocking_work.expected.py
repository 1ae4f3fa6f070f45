"""Handlers that block the event loop on HTTP, a subprocess and the disk."""

import asyncio
import json
import subprocess
from pathlib import Path

import requests
from fastapi import FastAPI

app = FastAPI()
REPORTS = Path("/srv/reports")


@app.post("/reports/{name}")
async def build_report(name: str):
    data = (await asyncio.to_thread(requests.get, f"https://metrics.internal/{name}", timeout=5)).json()
    def _write_file():
        with open(REPORTS / f"{name}.json", "w") as f:
            json.dump(data, f)
    await asyncio.to_thread(_write_file)
    await asyncio.to_thread(subprocess.run, ["render-report", name], check=True)
    await asyncio.sleep(0.1)  # let the renderer flush
    return {"pdf": (await asyncio.to_thread((REPORTS / f"{name}.pdf").read_bytes)).hex()}
