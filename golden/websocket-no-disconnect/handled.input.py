import logging

from fastapi import FastAPI, WebSocket
from fastapi import WebSocketDisconnect as ClientGone
from starlette import websockets

app = FastAPI()
log = logging.getLogger(__name__)


@app.websocket("/echo")
async def echo(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except ClientGone:
        log.info("client left")


@app.websocket("/stats")
async def stats(websocket: WebSocket):
    await websocket.accept()
    try:
        request = await websocket.receive_json()
        await websocket.send_json(compute(request))
    except (ValueError, websockets.WebSocketDisconnect):
        pass


@app.websocket("/legacy")
async def legacy(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            await websocket.receive_bytes()
    except Exception:
        log.exception("legacy socket failed")
