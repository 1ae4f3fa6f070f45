import json

from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/tail/{name}")
async def tail(websocket: WebSocket, name: str):
    await websocket.accept()
    with open(f"logs/{name}.log") as f:
        for line in f:
            await websocket.send_text(line)


@app.get("/first-error/{name}")
async def first_error(name: str):
    with open(f"logs/{name}.log") as f:
        for line in f:
            if "ERROR" in line:
                return {"line": line}
    return {"line": None}


@app.get("/exports")
async def exports(names: list[str]):
    found = []
    for name in names:
        with open(f"exports/{name}.json") as f:
            if not f.readable():
                continue
            found.append(json.load(f))
        with open(f"exports/{name}.meta") as meta:
            if meta.read() == "last":
                break
    return found


async def stream_lines(name: str):
    with open(name) as f:
        for line in f:
            yield line
