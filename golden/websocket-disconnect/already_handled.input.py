import logging

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from starlette.websockets import WebSocketDisconnect as StarletteDisconnect

app = FastAPI()
log = logging.getLogger(__name__)


@app.websocket("/ws/chat")
async def chat(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect as exc:
        log.info("client left: %s", exc.code)


@app.websocket("/ws/inner")
async def inner(websocket: WebSocket):
    await websocket.accept()
    while True:
        try:
            data = await websocket.receive_json()
        except (ValueError, StarletteDisconnect):
            break
        await websocket.send_json(data)


@app.websocket("/ws/iter")
async def iterate(websocket: WebSocket):
    await websocket.accept()
    async for message in websocket.iter_text():  # ends by itself on disconnect
        await websocket.send_text(message)


@app.websocket("/ws/raw")
async def raw(websocket: WebSocket):
    await websocket.accept()
    while True:
        message = await websocket.receive()  # returns the disconnect message, does not raise
        if message["type"] == "websocket.disconnect":
            break
