"""
## What it does
Reports `@asynccontextmanager` (from `contextlib`, under any import alias) on a plain `def`.

## Why is this bad?
`asynccontextmanager` drives an async generator: the function it decorates must be an
`async def` that yields once. A plain generator loads without complaint and fails when it is
used: `async with` on it raises `TypeError: 'generator' object is not an async iterator`, a
lifespan written so stops the app at startup, and a dependency written so fails every request
that needs it with a `TypeError`. FastAPI dependencies need no decorator at all: a plain
generator (`def ...: yield`) or an async generator is a valid dependency as it is.

## Example
```python
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from .db import Item, SessionLocal

app = FastAPI()


@asynccontextmanager
def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/items/{item_id}")
def read_item(item_id: int, db=Depends(get_db)):
    return db.get(Item, item_id)
```

## Use instead
```python
from fastapi import Depends, FastAPI

from .db import Item, SessionLocal

app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/items/{item_id}")
def read_item(item_id: int, db=Depends(get_db)):
    return db.get(Item, item_id)
```

## Fix safety
Not fixed automatically: the right fix depends on how the function is used. A dependency loses
the decorator; a lifespan or anything entered with `async with` becomes `async def`, and then its
body runs on the event loop, where blocking calls in it must be awaited or moved to a thread.
`@contextmanager` on a plain `def`, and decorators that only share the name, are not reported.
"""

from __future__ import annotations

from fastfix.codemod import Check, Context
from fastfix.prefilter import defines
from fastfix.tree import decorators, function_name, functions, is_async_def

_ASYNC_CONTEXT_MANAGER = "contextlib.asynccontextmanager"


class AsynccontextmanagerSyncDef(Check):
    id = "asynccontextmanager-sync-def"
    title = "@asynccontextmanager on a plain def"
    tokens = ("asynccontextmanager",)
    # written as a plain def: sync-endpoint makes only path operations plain, whose decorators are
    # all path operation ones
    prefilter = defines(decorators=(_ASYNC_CONTEXT_MANAGER,), asynchronous=False)

    def detect(self, ctx: Context) -> None:
        for funcdef in functions(ctx.tree):
            if is_async_def(funcdef):
                continue
            for decorator in decorators(funcdef):
                if len(decorator.children) == 3 and ctx.qualified(decorator.children[1]) == _ASYNC_CONTEXT_MANAGER:
                    name = function_name(funcdef)
                    ctx.report(decorator, f"@asynccontextmanager needs an async def, but {name}() is a plain def: "
                               "entering it raises TypeError (a dependency needs no decorator)")
