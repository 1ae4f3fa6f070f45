from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/upload")
async def upload(websocket: WebSocket):
    await websocket.accept()
    chunks = []
    while True:
        chunk = await websocket.receive_bytes()
        if not chunk:
            break
        chunks.append(chunk)
    # only reached after an empty chunk: the client is still there
    await websocket.send_json({"size": sum(map(len, chunks))})
    await websocket.close()
