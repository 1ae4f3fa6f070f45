from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI()
LOGS = Path("/var/log/app")


@app.api_route("/logs/{name}", methods=["GET", "HEAD"], response_class=PlainTextResponse)
async def read_log(
    name: str,  # file name inside LOGS
    lines: int = 100,
):
    with open(LOGS / name, encoding="utf-8") as handle:
        return "".join(handle.readlines()[-lines:])
