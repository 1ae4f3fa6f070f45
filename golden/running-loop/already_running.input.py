import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.get("/time")
async def loop_time():
    return {"loop_time": asyncio.get_running_loop().time()}
