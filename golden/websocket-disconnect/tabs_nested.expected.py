import asyncio

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI()
lock = asyncio.Lock()


@app.websocket("/ws/game")
async def game(websocket: WebSocket):
	await websocket.accept()
	async with lock:
		try:
			while True:  # one player at a time
				move = await websocket.receive_json()
				await websocket.send_json({"ok": move})
				# next move
		except WebSocketDisconnect:
			return
	# lock released
