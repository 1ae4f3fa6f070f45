"""A home-made WebSocket class and a decorator that only shares the name."""

from app.realtime import hub


class WebSocket:
    async def accept(self) -> None: ...

    async def receive_text(self) -> str:
        return ""


async def fake_endpoint(websocket: WebSocket):
    await websocket.accept()
    while True:
        await websocket.receive_text()


@hub.on("message")
async def on_message(websocket):
    await websocket.accept()
    while True:
        await websocket.receive_text()
