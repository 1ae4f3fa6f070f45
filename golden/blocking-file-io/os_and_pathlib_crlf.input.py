import os
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
MEDIA = Path("/srv/media")


@app.get("/media")
async def list_media():
    names = os.listdir(MEDIA)  # expect: blocking-file-io
    images = [p.name for p in MEDIA.glob("*.png")]  # expect: blocking-file-io
    return {"names": names, "images": images}


@app.delete("/media/{name}")
async def delete_media(name: str):
    target = MEDIA / name
    target.unlink()  # expect: blocking-file-io
    os.makedirs(MEDIA / "trash", exist_ok=True)  # expect: blocking-file-io
    return {"deleted": name}
