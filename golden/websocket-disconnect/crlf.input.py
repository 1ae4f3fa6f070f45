from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws")
async def stream(websocket: WebSocket):
    await websocket.accept()
    while True:
        data = await websocket.receive_text()
        await websocket.send_text(data.upper())
