import json
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()


@app.get("/flags/{name}")
async def flags(name: str):
    with open(f"flags/{name}.json") as f:
        data = json.load(f)
    template = Path("templates/flags.html").read_text()
    return {"data": data, "template": template}
