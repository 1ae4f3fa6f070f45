from fastapi import FastAPI

from .db import database

app = FastAPI()


@app.on_event("startup")  # fastfix: ignore[lifespan]
async def connect():
    await database.connect()


@app.on_event("shutdown")
async def disconnect():
    await database.disconnect()
