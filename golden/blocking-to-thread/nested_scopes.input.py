import asyncio
import subprocess
from concurrent.futures import ThreadPoolExecutor

import requests
from fastapi import BackgroundTasks, FastAPI

app = FastAPI()
pool = ThreadPoolExecutor(max_workers=4)


@app.post("/hooks/{name}")
async def trigger(name: str, background: BackgroundTasks):
    def notify():
        requests.post("https://hooks.internal/notify", json={"hook": name})

    background.add_task(notify)
    background.add_task(lambda: subprocess.run(["run-hook", name], check=True))
    urls = (requests.get(url) for url in ["https://a.internal", "https://b.internal"])
    background.add_task(list, urls)

    loop = asyncio.get_running_loop()
    await loop.run_in_executor(pool, lambda: requests.get("https://hooks.internal/ack"))
    return {"queued": name}
