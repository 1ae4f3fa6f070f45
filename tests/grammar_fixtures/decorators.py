# Decorators that are arbitrary expressions (PEP 614, Python 3.9), next to the classic forms.
import functools

from fastapi import FastAPI

app = FastAPI()
handlers = [app]
buttons = {"save": app}


@app.get("/items")
async def list_items():
    return []


@property
def plain(self):
    return 1


@functools.lru_cache(maxsize=None)
def cached():
    pass


@handlers[0].get("/first")
def first():
    pass


@buttons["save"].post("/save")
def save():
    pass


@(lambda function: function)
def identity():
    pass


@functools.partial(print, end="")("decorated")
def called_twice():
    pass


@app.get("/a") if handlers else app.get("/b")
def conditional():
    pass


@(decorate := functools.wraps(print))
def walrus():
    pass
