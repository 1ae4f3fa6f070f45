import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/chaos/sleep")
async def sleep_on_the_loop(seconds: float):
    time.sleep(seconds)  # noqa: ASYNC251
    return {"slept": seconds}
