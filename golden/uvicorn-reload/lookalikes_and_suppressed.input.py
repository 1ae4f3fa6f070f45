import uvicorn

from .server import run


def start():
    run("shop.main:app", host="0.0.0.0", reload=True)


def local():
    uvicorn.run("shop.main:app", reload=True)  # fastfix: ignore[uvicorn-reload]
