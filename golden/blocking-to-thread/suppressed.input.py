import os
import subprocess

import requests
from fastapi import FastAPI

app = FastAPI()


@app.post("/chaos/block")
async def block_the_loop(seconds: int):
    # chaos testing: these block the event loop on purpose
    requests.get(f"https://slow.internal/wait/{seconds}")  # noqa: ASYNC210
    subprocess.run(["sleep", str(seconds)])  # noqa: ASYNC221
    os.system("sync")  # fastfix: ignore[blocking-to-thread]
    subprocess.call(  # fastfix: ignore
        ["true"],
    )
    return {"blocked": seconds}
