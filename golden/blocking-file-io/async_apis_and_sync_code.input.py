import asyncio
import os
from pathlib import Path

import aiofiles
import anyio
from fastapi import FastAPI

app = FastAPI()


@app.get("/report")
async def report():
    async with aiofiles.open("report.txt") as f:
        text = await f.read()
    listing = await anyio.Path("reports").exists()
    names = await asyncio.to_thread(os.listdir, "reports")
    exists = os.path.exists("report.txt")
    return {"text": text, "listing": listing, "names": names, "exists": exists}


def export(rows):
    with open("export.csv", "w") as f:
        f.writelines(rows)
    os.makedirs("archive", exist_ok=True)


async def archive(rows):
    def write():
        with open("archive.csv", "w") as f:
            f.writelines(rows)

    await asyncio.to_thread(write)
    await asyncio.to_thread(lambda: Path("archive/done").touch())
