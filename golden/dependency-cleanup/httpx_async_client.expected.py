import httpx
from fastapi import Depends, FastAPI, Security

app = FastAPI()


async def github():
    client = httpx.AsyncClient(base_url="https://api.github.com", timeout=10)
    try:
        yield client
    finally:
        await client.aclose()


@app.get("/repos/{owner}")
async def repos(owner: str, client: httpx.AsyncClient = Security(github)):
    response = await client.get(f"/users/{owner}/repos")
    return response.json()


@app.get("/me")
async def me(client=Depends(dependency=github)):
    return (await client.get("/user")).json()
