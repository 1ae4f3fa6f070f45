from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI()


@app.websocket("/ws/upload")
async def upload(websocket: WebSocket):
    await websocket.accept()
    chunks = []
    try:
        while True:
            chunk = await websocket.receive_bytes()
            if not chunk:
                break
            chunks.append(chunk)
    except WebSocketDisconnect:
        return
    # only reached after an empty chunk: the client is still there
    await websocket.send_json({"size": sum(map(len, chunks))})
    await websocket.close()
