import httpx
from fastapi import FastAPI

app = FastAPI()


class Runner:
    def __init__(self, subprocess):
        self.subprocess = subprocess

    async def run(self, cmd):
        return self.subprocess.run(cmd)


@app.get("/proxy")
async def proxy(url: str, requests: list[str]):
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
    shutil = {"copy": lambda source, target: None}
    shutil["copy"]("a", "b")
    return {"requests": len(requests), "status": response.status_code}


@app.get("/local")
async def local(subprocess: Runner):
    return await subprocess.run(["ls"])
