"""Handlers that block the event loop on HTTP, a subprocess and the disk."""

import json
import subprocess
import time
from pathlib import Path

import requests
from fastapi import FastAPI

app = FastAPI()
REPORTS = Path("/srv/reports")


@app.post("/reports/{name}")
async def build_report(name: str):
    data = requests.get(f"https://metrics.internal/{name}", timeout=5).json()
    with open(REPORTS / f"{name}.json", "w") as f:
        json.dump(data, f)
    subprocess.run(["render-report", name], check=True)
    time.sleep(0.1)  # let the renderer flush
    return {"pdf": (REPORTS / f"{name}.pdf").read_bytes().hex()}
