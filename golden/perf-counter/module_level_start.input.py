"""Process uptime against a start time taken at import."""

import time

from fastapi import FastAPI

app = FastAPI()
STARTED_AT = time.time()


@app.get("/uptime")
async def uptime():
    return {"uptime": time.time() - STARTED_AT}


def reset():
    global STARTED_AT
    STARTED_AT = time.time()
    return time.time() - STARTED_AT
