import hashlib
import shutil

from fastapi import FastAPI, UploadFile

app = FastAPI()
UPLOADS = "/srv/uploads"


@app.post("/uploads")
async def upload(file: UploadFile):
    digest = hashlib.sha256()
    written = 0
    with open(f"{UPLOADS}/{file.filename}", "wb") as target:
        for chunk in iter(lambda: file.file.read(1 << 16), b""):
            digest.update(chunk)
            target.write(chunk)
            written += len(chunk)
    with open(f"{UPLOADS}/index.log", mode="a") as log:
        log.write(f"{file.filename} {written}\n")
    with open(f"{UPLOADS}/{file.filename}", "rb") as src, open(f"{UPLOADS}/latest", "wb") as dst:
        shutil.copyfileobj(src, dst)
    return {"sha256": digest.hexdigest(), "bytes": written}
