from fastapi import FastAPI

from .db import database


def register_events(app: FastAPI) -> None:
    @app.on_event("startup")
    async def connect():
        await database.connect()

    @app.on_event("shutdown")
    async def disconnect():
        await database.disconnect()


def create_app() -> FastAPI:
    app = FastAPI()
    register_events(app)
    app.add_event_handler("startup", database.ping)
    return app
