from fastapi import FastAPI

from .compat import asynccontextmanager as compat_acm


def asynccontextmanager(function):
    """Our own registry decorator that happens to share the name."""
    HOOKS.append(function)
    return function


@asynccontextmanager
def register_metrics():
    yield "metrics"


@compat_acm
def legacy_hook():
    yield


app = FastAPI()
