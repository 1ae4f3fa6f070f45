"""WebSocket endpoints must be coroutines, whatever they call."""

import time

from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ticks")
async def ticks(websocket: WebSocket):
    time.sleep(1)
