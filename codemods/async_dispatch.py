"""
## What it does
Makes the `dispatch` method of a `BaseHTTPMiddleware` subclass a coroutine: a plain
`def dispatch(self, request, call_next)` becomes `async def dispatch(...)`. Subclasses of subclasses
defined in the same file count too; the base class is resolved through the imports.

## Why is this bad?
Starlette awaits whatever `dispatch` returns. A plain `def` that returns a response fails on
every request with a `TypeError` (a response cannot be awaited), and one that reads the result of
`call_next(request)` gets a coroutine, not a response. `dispatch` is meant to
be a coroutine; only then can it await `call_next` and anything else.

## Example
```python
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse


class MaintenanceMiddleware(BaseHTTPMiddleware):
    def dispatch(self, request, call_next):
        return JSONResponse({"detail": "Down for maintenance"}, status_code=503)
```

## Use instead
```python
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse


class MaintenanceMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        return JSONResponse({"detail": "Down for maintenance"}, status_code=503)
```

## Fix safety
Safe together with `await-call-next`, which runs right after it and awaits the `call_next(...)`
calls of the now-async `dispatch` (a plain `def` that returns `call_next(request)` only works
because Starlette happens to await the coroutine it returns). The body already ran on the event
loop, so nothing that blocked before blocks more now. Classes that do not derive from Starlette's
`BaseHTTPMiddleware` are left alone, including a class or import that only shares its name, as
are `dispatch` functions outside such classes. Keep one with `# fastfix: ignore[async-dispatch]`.
"""

from __future__ import annotations

from fastfix.codemod import Codemod, Context
from fastfix.prefilter import defines, subclasses
from fastfix.tree import (
    derives_from,
    enclosing_class,
    function_name,
    functions,
    is_async_def,
    make_async,
)

_BASE_HTTP_MIDDLEWARE = "starlette.middleware.base.BaseHTTPMiddleware"


class AsyncDispatch(Codemod):
    id = "async-dispatch"
    title = "make BaseHTTPMiddleware.dispatch a coroutine"
    order = 10
    safety = "safe"
    tokens = ("BaseHTTPMiddleware",)
    prefilter = defines("dispatch", method=True, asynchronous=False) & subclasses(_BASE_HTTP_MIDDLEWARE)

    def transform(self, ctx: Context) -> None:
        for funcdef in list(functions(ctx.tree)):
            if function_name(funcdef) != "dispatch" or is_async_def(funcdef):
                continue
            owner = enclosing_class(funcdef)
            if owner is None or not derives_from(owner, _BASE_HTTP_MIDDLEWARE, ctx.qualified):
                continue
            if ctx.change(funcdef, "BaseHTTPMiddleware awaits dispatch(): make it async def"):
                make_async(funcdef)
