from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/raw")
async def raw(websocket: WebSocket):
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            break


@app.websocket("/lines")
async def lines(websocket: WebSocket):
    await websocket.accept()
    async for line in websocket.iter_text():
        await websocket.send_text(line.upper())


async def read_one(websocket: WebSocket):
    return await websocket.receive_text()


def describe(websocket: WebSocket):
    return websocket.receive_text


@app.websocket("/reject")
async def reject(websocket: WebSocket):
    await websocket.close(code=1008)
