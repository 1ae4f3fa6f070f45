"""Thumbnails are made with Pillow, which holds the GIL only part of the time: run it in a thread."""

import asyncio
import io

from fastapi import FastAPI, UploadFile
from fastapi.responses import Response
from PIL import Image

app = FastAPI()


def make_thumbnail(data: bytes, size: tuple[int, int]) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.thumbnail(size)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@app.post("/thumbnails")
async def thumbnail(upload: UploadFile, width: int = 128, height: int = 128):
    data = await upload.read()
    loop = asyncio.get_running_loop()
    png = await loop.run_in_executor(None, make_thumbnail, data, (width, height))
    return Response(png, media_type="image/png")
