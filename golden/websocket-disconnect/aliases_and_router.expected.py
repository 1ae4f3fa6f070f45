import fastapi
from fastapi import APIRouter
from fastapi import WebSocket as Socket
from fastapi import WebSocketDisconnect as ClientGone

router = APIRouter()
clients: set = set()


@router.websocket("/ws/notify")
async def notify(ws: Socket, token: str | None = None):
    await ws.accept()
    clients.add(ws)
    try:
        while True:
            await ws.receive_text()
    except ClientGone:
        clients.discard(ws)


@router.websocket("/ws/json")
async def json_feed(sock: fastapi.WebSocket):
    await sock.accept()
    try:
        while True:
            payload = await sock.receive_json()
            await sock.send_json({"received": payload})
    except ClientGone:
        pass
