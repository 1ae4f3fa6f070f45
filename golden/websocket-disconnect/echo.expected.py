"""A chat echo service."""

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI()


@app.websocket("/ws/echo")
async def echo(websocket: WebSocket):
    await websocket.accept()
    # echo until the client leaves
    try:
        while True:
            message = await websocket.receive_text()
            await websocket.send_text(f"echo: {message}")
            # keep going
    except WebSocketDisconnect:
        pass
