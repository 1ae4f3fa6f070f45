from asyncio import IncompleteReadError
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from websockets.exceptions import ConnectionClosed

app = FastAPI()
NORMAL_DISCONNECTS = (IncompleteReadError, ConnectionClosed, WebSocketDisconnect)


@app.websocket("/events")
async def events(websocket: WebSocket):
    await websocket.accept()
    try:
        hello = await websocket.receive_json()
        while True:
            await websocket.send_json({"topic": hello["topic"], "event": await next_event()})
            await websocket.receive_text()
    except NORMAL_DISCONNECTS:
        return
