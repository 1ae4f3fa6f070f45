import asyncio
import functools
import subprocess

import requests
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

app = FastAPI()


@app.get("/mirror")
async def mirror(url: str):
    page = await asyncio.to_thread(requests.get, url, timeout=5)
    await run_in_threadpool(subprocess.run, ["mirror-page", url], check=True)
    loop = asyncio.get_running_loop()
    head = await loop.run_in_executor(None, functools.partial(requests.head, url))
    return {"status": page.status_code, "head": head.status_code}
