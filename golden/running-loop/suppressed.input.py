import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.get("/legacy")
async def legacy():
    # a test double patches get_event_loop on purpose
    first = asyncio.get_event_loop()  # fastfix: ignore[running-loop]
    second = asyncio.get_event_loop()  # fastfix: ignore
    return {"same": first is second}
