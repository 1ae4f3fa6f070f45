import io

from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/upload/{name}")
async def upload(name: str, file: UploadFile):
    with open(f"uploads/{name}", "wb") as target:  # expect: blocking-file-io
        while chunk := await file.read(65536):
            target.write(chunk)
    return {"stored": name}


@app.get("/first-line/{name}")
async def first_line(name: str):
    with io.open(f"data/{name}") as source:  # expect: blocking-file-io
        return source.readline()
