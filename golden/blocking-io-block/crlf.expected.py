import asyncio
import json

from fastapi import FastAPI

app = FastAPI()


@app.put("/settings")
async def save_settings(settings: dict):
    def _write_file():
        with open("settings.json", "w") as f:
            json.dump(settings, f, indent=2)
    await asyncio.to_thread(_write_file)
    return {"saved": len(settings)}
