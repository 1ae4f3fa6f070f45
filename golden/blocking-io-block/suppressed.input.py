from pathlib import Path

from fastapi import FastAPI

app = FastAPI()


@app.get("/chaos/disk")
async def slow_disk(name: str):
    # chaos testing: read on the event loop on purpose
    with open(f"/mnt/slow/{name}") as f:  # noqa: ASYNC230
        data = f.read()
    with open(f"/mnt/slow/{name}.2") as f:  # fastfix: ignore[blocking-io-block]
        more = f.read()
    text = Path("/mnt/slow/third").read_text()  # fastfix: ignore
    return {"size": len(data) + len(more) + len(text)}
