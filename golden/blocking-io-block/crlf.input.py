import json

from fastapi import FastAPI

app = FastAPI()


@app.put("/settings")
async def save_settings(settings: dict):
    with open("settings.json", "w") as f:
        json.dump(settings, f, indent=2)
    return {"saved": len(settings)}
