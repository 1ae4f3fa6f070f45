from starlette.applications import Starlette
from starlette.websockets import WebSocket, WebSocketDisconnect

app = Starlette()


@app.websocket_route("/ws/ticks")
async def ticks(websocket):
    await websocket.accept()
    try:
        while 1:
            await websocket.receive_text()
            await websocket.send_text("tick")
    except WebSocketDisconnect:
        pass


async def counter(websocket: WebSocket) -> None:
    await websocket.accept()
    count = 0
    try:
        while True:
            count += len(await websocket.receive_bytes())
            await websocket.send_text(str(count))
    except WebSocketDisconnect:
        pass
