"""Feature flags and templates read from disk on every request."""

import json
from io import open as io_open

from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.get("/flags/{name}")
async def flags(name: str):
    with open(f"config/flags/{name}.json", encoding="utf-8") as f:
        try:
            data = json.load(f)
        except json.JSONDecodeError as exc:
            raise HTTPException(status_code=500, detail=f"bad flags file: {exc}") from exc
    return data


@app.get("/templates/{name}")
async def template(name: str):
    with io_open(f"templates/{name}.html", "rb") as source:
        raw = source.read()
        size = len(raw)
    return {"size": size, "html": raw.decode()}
