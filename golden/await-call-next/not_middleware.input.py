"""Functions with a `call_next` that are not HTTP middleware."""

from typing import Callable

from fastapi import FastAPI, Request, WebSocket

app = FastAPI()


def run_pipeline(request: Request, call_next: Callable):
    return call_next(request)


async def run_hooks(payload: dict, call_next: Callable[[dict], dict]) -> dict:
    return call_next(payload)


@app.middleware("http")
def sync_middleware(request: Request, call_next):
    return call_next(request)


@app.websocket("/ws")
async def websocket_endpoint(websocket: WebSocket, call_next=None):
    await websocket.accept()
    if call_next is not None:
        call_next(websocket)


class Pipeline:
    async def dispatch(self, event: str, handler):
        handler(event)
