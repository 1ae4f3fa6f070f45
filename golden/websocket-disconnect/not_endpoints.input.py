"""No accept, sync code, and functions that are not endpoints."""

import websockets
from fastapi import FastAPI, WebSocket, status

app = FastAPI()


@app.websocket("/ws/closed")
async def closed(websocket: WebSocket):
    await websocket.close(code=status.WS_1008_POLICY_VIOLATION)


async def relay(websocket: WebSocket):
    # a helper: the endpoint that calls it accepted the socket
    while True:
        await websocket.send_text(await websocket.receive_text())


def sync_handler(websocket: WebSocket):
    websocket.accept()
    while True:
        websocket.receive_text()


async def upstream(url: str):
    # a client of the websockets library, not an endpoint
    async with websockets.connect(url) as websocket:
        await websocket.accept()
        while True:
            await websocket.receive_text()
