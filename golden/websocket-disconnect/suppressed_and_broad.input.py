import logging

from fastapi import FastAPI, WebSocket

app = FastAPI()
log = logging.getLogger(__name__)


@app.websocket("/ws/quiet")
async def quiet(websocket: WebSocket):
    await websocket.accept()
    while True:  # fastfix: ignore[websocket-disconnect]
        await websocket.receive_text()


@app.websocket("/ws/logged")
async def logged(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except Exception:
        log.exception("websocket failed")


@app.websocket("/ws/bare")
async def bare(websocket: WebSocket):
    await websocket.accept()
    while True:
        try:
            data = await websocket.receive_text()
        except:  # noqa: E722
            continue
        await websocket.send_text(data)
