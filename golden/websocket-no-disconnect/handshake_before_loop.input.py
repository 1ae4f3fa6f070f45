from fastapi import APIRouter, WebSocket, WebSocketDisconnect

router = APIRouter()


@router.websocket("/feed")
async def feed(ws: WebSocket):
    await ws.accept()
    hello = await ws.receive_json()  # expect: websocket-no-disconnect
    topics = hello["topics"]
    try:
        while True:
            command = await ws.receive_json()
            await ws.send_json({"topics": topics, "ack": command["id"]})
    except WebSocketDisconnect:
        unsubscribe(topics)


@router.websocket("/upload")
async def upload(ws: WebSocket):
    await ws.accept()
    try:
        while True:
            chunk = await ws.receive_bytes()  # expect: websocket-no-disconnect
            store(chunk)
    finally:
        await ws.close()
