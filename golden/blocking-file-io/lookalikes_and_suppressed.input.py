from fastapi import FastAPI

from .storage import bucket

app = FastAPI()


@app.get("/objects/{key}")
async def get_object(key: str, open=None):
    handle = open(key) if open else None
    listing = bucket.glob("*.json")
    bucket.unlink(key)
    return {"handle": handle, "listing": listing}


@app.get("/debug")
async def debug():
    with open("/proc/loadavg") as f:  # noqa: ASYNC230
        load = f.read()
        await report(load)
    return open("/proc/uptime").read()  # fastfix: ignore[blocking-file-io]
