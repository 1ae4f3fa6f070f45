import asyncio
import hashlib
import shutil

from fastapi import FastAPI, UploadFile

app = FastAPI()
UPLOADS = "/srv/uploads"


@app.post("/uploads")
async def upload(file: UploadFile):
    digest = hashlib.sha256()
    written = 0
    def _write_file(written):
        with open(f"{UPLOADS}/{file.filename}", "wb") as target:
            for chunk in iter(lambda: file.file.read(1 << 16), b""):
                digest.update(chunk)
                target.write(chunk)
                written += len(chunk)
        return written
    written = await asyncio.to_thread(_write_file, written)
    def _write_file_2():
        with open(f"{UPLOADS}/index.log", mode="a") as log:
            log.write(f"{file.filename} {written}\n")
    await asyncio.to_thread(_write_file_2)
    def _write_file_3():
        with open(f"{UPLOADS}/{file.filename}", "rb") as src, open(f"{UPLOADS}/latest", "wb") as dst:
            shutil.copyfileobj(src, dst)
    await asyncio.to_thread(_write_file_3)
    return {"sha256": digest.hexdigest(), "bytes": written}
