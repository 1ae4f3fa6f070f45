"""Coroutines that are not path operations, or whose decorators are not only routes."""

import time
from functools import lru_cache

import requests
from fastapi import FastAPI

from .cache import cache

app = FastAPI()


async def helper():
    time.sleep(0.1)


@app.middleware("http")
async def slow_middleware(request, call_next):
    time.sleep(0.01)
    return call_next(request)


@app.on_event("startup")
async def warm_up():
    requests.get("https://example.com/warm", timeout=5)


@app.get("/cached")
@lru_cache
async def cached():
    time.sleep(1)


@cache.get("/not-a-route")
async def from_cache():
    time.sleep(1)


def make_routes(app):
    @app.get("/factory")
    async def factory_route():
        time.sleep(1)

    return factory_route


class Client:
    def get(self, path):
        return lambda function: function


client = Client()


@client.get("/client")
async def client_route():
    time.sleep(1)
