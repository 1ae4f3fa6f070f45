import asyncio
from pathlib import Path

import aiofiles
from fastapi import FastAPI

app = FastAPI()


@app.get("/raw/{name}")
async def raw(name: str):
    f = open(f"data/{name}")
    try:
        first = f.readline()
    finally:
        f.close()
    rest = open(f"data/{name}.rest").read()
    with Path(f"data/{name}.extra").open() as extra:
        more = extra.read()
    async with aiofiles.open(f"data/{name}.async") as afile:
        tail = await afile.read()
    cached = await asyncio.to_thread(Path(f"data/{name}.cache").read_text)
    return {"first": first, "rest": rest, "more": more, "tail": tail, "cached": cached}
