import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.get("/deadline")
async def deadline(seconds: float = 1.0):
	# tab-indented, CRLF line endings
	if seconds > 0:
		at = asyncio.get_event_loop().time() + seconds
	else:
		at = None
	return {"deadline": at}
