"""Chat rooms over WebSockets."""

from collections import defaultdict

from fastapi import FastAPI, WebSocket

app = FastAPI()
rooms: dict[str, set[WebSocket]] = defaultdict(set)


@app.websocket("/rooms/{room}")
async def join(websocket: WebSocket, room: str):
    await websocket.accept()
    rooms[room].add(websocket)
    while True:
        message = await websocket.receive_text()  # expect: websocket-no-disconnect
        for member in rooms[room]:
            await member.send_text(message)
