import json
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
with open("config/defaults.json") as defaults:
    DEFAULTS = json.load(defaults)


@app.get("/settings")
def settings():
    with open("config/settings.json") as f:
        return {**DEFAULTS, **json.load(f)}


@app.get("/readme")
async def readme():
    def load():
        with open("README.md") as f:
            return f.read()

    loader = lambda: Path("README.md").read_text()  # noqa: E731
    return {"readme": load(), "again": loader()}
