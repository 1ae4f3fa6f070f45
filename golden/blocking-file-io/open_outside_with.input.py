"""Serves raw data files."""

import json

from fastapi import FastAPI

app = FastAPI()


@app.get("/raw/{name}")
async def raw(name: str):
    f = open(f"data/{name}")  # expect: blocking-file-io
    try:
        first = f.readline()
    finally:
        f.close()
    settings = json.load(open("settings.json"))  # expect: blocking-file-io
    return {"first": first, "settings": settings}
