"""Names that only look like asyncio.get_event_loop."""

import asyncio

from fastapi import FastAPI

from .loops import policy

app = FastAPI()


def get_event_loop():
    return "this module's own helper"


class Runner:
    def get_event_loop(self):
        return asyncio.new_event_loop()

    async def run(self):
        return self.get_event_loop()


@app.get("/policy")
async def show_policy(asyncio: str = "param"):
    return {"mine": get_event_loop(), "policy": policy.get_event_loop(), "param": asyncio}
