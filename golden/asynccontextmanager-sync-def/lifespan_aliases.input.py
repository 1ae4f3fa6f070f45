import contextlib
from contextlib import asynccontextmanager as acm

from fastapi import FastAPI

from .cache import RedisCache

cache = RedisCache()


@contextlib.asynccontextmanager  # expect: asynccontextmanager-sync-def
def lifespan(app: FastAPI):
    cache.connect()
    yield
    cache.disconnect()


@acm  # expect: asynccontextmanager-sync-def
def warm_cache(app):
    cache.load("products")
    yield


app = FastAPI(lifespan=lifespan)
