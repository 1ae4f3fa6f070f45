import asyncio
import pathlib
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
BASE_DIR = Path(__file__).resolve().parent
STATIC = BASE_DIR / "static"


@app.get("/pages/{name}")
async def page(name: str):
    html = await asyncio.to_thread((STATIC / "pages" / f"{name}.html").read_text, encoding="utf-8")
    return {"html": html}


@app.put("/avatars/{user_id}")
async def save_avatar(user_id: int, data: bytes, folder: pathlib.Path):
    target = folder / f"{user_id}.png"
    await asyncio.to_thread(target.write_bytes, data)
    await asyncio.to_thread(folder.joinpath("index.txt").write_text, f"{user_id}\n")
    return {"size": len(await asyncio.to_thread(pathlib.Path(target).read_bytes))}
