import asyncio as aio
import hashlib

from fastapi import APIRouter, UploadFile

router = APIRouter(prefix="/files")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@router.post("/checksum")
async def checksum(upload: UploadFile):
    data = await upload.read()
    digest = await aio.get_running_loop().run_in_executor(None, sha256, data)
    return {"filename": upload.filename, "sha256": digest}
