from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket


async def telemetry(websocket: WebSocket):
    await websocket.accept()
    running = True
    while running:
        sample = await websocket.receive_bytes()  # expect: websocket-no-disconnect
        running = sample != b"bye"


async def unannotated(websocket):
    await websocket.accept()
    await websocket.receive_text()


app = Starlette(routes=[WebSocketRoute("/telemetry", telemetry), WebSocketRoute("/plain", unannotated)])


@app.websocket_route("/pings")
async def pings(websocket):
    await websocket.accept()
    for _ in range(3):
        await websocket.send_text(await websocket.receive_text())  # expect: websocket-no-disconnect
