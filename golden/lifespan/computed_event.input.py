from fastapi import FastAPI

from .db import database

app = FastAPI()

for event, action in (("startup", database.connect), ("shutdown", database.disconnect)):
    app.on_event(event)(action)


@app.on_event("startup")
async def log_start():
    print("started")
