from typing import Annotated, Optional

import httpx
from fastapi import Depends, FastAPI

app = FastAPI()


def get_transport() -> httpx.AsyncBaseTransport | None:
    return None


def get_proxy() -> Optional[str]:
    if PROXY_ENABLED:
        print("using the proxy")


def get_tracer():
    return None


@app.get("/status")
async def status(
    transport: Annotated[httpx.AsyncBaseTransport | None, Depends(get_transport)],
    proxy: Optional[str] = Depends(get_proxy),
    tracer=Depends(get_tracer),
):
    async with httpx.AsyncClient(transport=transport, proxy=proxy) as client:
        return (await client.get("https://status.internal")).json()
