from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/jobs")
async def jobs(websocket: WebSocket):
    await websocket.accept()

    async def reader():
        return await websocket.receive_text()

    await websocket.send_text(await reader())


@app.websocket("/probe")
async def probe(websocket: WebSocket):
    await websocket.accept()
    await websocket.receive_text()  # fastfix: ignore[websocket-no-disconnect]
    await websocket.close()
