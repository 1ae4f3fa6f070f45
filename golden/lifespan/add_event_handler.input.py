from fastapi import FastAPI

from .db import database
from .tracing import start_tracing

app = FastAPI()
app.add_event_handler("startup", start_tracing)


@app.on_event("startup")
async def connect():
    await database.connect()
