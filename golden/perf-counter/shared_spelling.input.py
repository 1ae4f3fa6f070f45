"""Things called time that are not the time module."""

import datetime

from fastapi import FastAPI

app = FastAPI()


class Stopwatch:
    def __init__(self, time):
        self.time = time

    def lap(self):
        start = self.time.time()
        return self.time.time() - start


@app.get("/clock")
async def clock(time: float = 0.0):
    start = time
    moment = datetime.datetime.now().time()
    return {"moment": str(moment), "delta": time - start}
