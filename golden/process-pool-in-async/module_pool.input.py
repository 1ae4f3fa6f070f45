"""Thumbnail service."""

import multiprocessing

from fastapi import FastAPI

from .imaging import make_thumbnail, probe

app = FastAPI()
pool = multiprocessing.Pool(processes=4)


@app.post("/thumbnails")
async def thumbnails(paths: list[str]):
    return pool.map(make_thumbnail, paths)  # expect: process-pool-in-async


@app.get("/probe/{path:path}")
async def probe_file(path: str):
    info = pool.apply(probe, (path,))  # expect: process-pool-in-async
    sizes = pool.starmap(  # expect: process-pool-in-async
        make_thumbnail,
        [(path, 64), (path, 128)],
    )
    return {"info": info, "sizes": sizes}
