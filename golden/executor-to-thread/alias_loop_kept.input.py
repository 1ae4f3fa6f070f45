import asyncio as aio
import zlib

from fastapi import FastAPI, Request
from fastapi.responses import Response

app = FastAPI()


@app.post("/compress")
async def compress(request: Request):
    body = await request.body()
    loop = aio.get_running_loop()
    started = loop.time()
    packed = await loop.run_in_executor(None, zlib.compress, body, 9)
    headers = {"x-compress-seconds": f"{loop.time() - started:.4f}"}
    return Response(packed, media_type="application/octet-stream", headers=headers)
