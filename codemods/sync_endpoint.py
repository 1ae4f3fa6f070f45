"""
## What it does
Turns an `async def` path operation that never awaits but calls blocking code into a plain `def`.
A path operation is a function decorated only with `@app.get(...)`, `.post`, `.put`, `.patch`,
`.delete`, `.head`, `.options`, `.trace` or `.api_route` of a `FastAPI()` or `APIRouter()` made at
module level in the same file or in another file of the run. Blocking code is a direct call of
`time.sleep`, builtin `open` or a known blocking function or constructor (`requests.get`,
`subprocess.run`, `sqlite3.connect`, ...).
Off by default: an alternative to `blocking-to-thread`, for code bases that prefer sync endpoints.

## Why is this bad?
FastAPI runs an `async def` endpoint on the event loop, so a blocking call inside it stops every
other request of the worker until it returns. A plain `def` endpoint runs in FastAPI's thread pool,
where blocking is harmless; an endpoint that has nothing to await gains nothing from being async.

## Example
```python
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/weather/{city}")
async def weather(city: str):
    response = requests.get(f"https://wttr.in/{city}", params={"format": "j1"}, timeout=10)
    return response.json()
```

## Use instead
```python
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/weather/{city}")
def weather(city: str):
    response = requests.get(f"https://wttr.in/{city}", params={"format": "j1"}, timeout=10)
    return response.json()
```

## Fix safety
Needs review. The body now runs in a worker thread, concurrently with other requests: state it
changes without a lock, and code that assumes the event loop's thread, may break. Left alone are
endpoints that contain `await`, `async for`, `async with` or `yield`, use anything from `asyncio`,
`anyio` or `trio` (or a module-level object made with it, such as an `asyncio.Queue`), carry other
decorators, or are named elsewhere in the file (a caller awaiting them would break; callers in
other files, tests included, are not seen), and WebSocket endpoints, which FastAPI requires to be
coroutines. A suppression comment (`# noqa: ASYNC251`, `# fastfix: ignore[sync-endpoint]`) on the
`def` line, a decorator or a blocking call keeps the endpoint. It runs at order 25, before
`async-sleep` and `blocking-to-thread`, so it judges each endpoint as written: when selected, one
that only blocks (with `time.sleep` or anything else) becomes `def` and those codemods then leave
it alone, while endpoints that await stay async and get their rewrites.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from fissix.pgen2 import token
from fissix.pytree import Node

from fastfix.codemod import Codemod, Context
from fastfix.endpoints import MAKES_APPS, VERBS, is_path_operation, made_apps
from fastfix.prefilter import COROUTINE, calls_to, defines
from fastfix.threads import BLOCKING_CALLS, BLOCKING_CONSTRUCTORS
from fastfix.tree import (
    calls,
    decorators,
    enclosing_function,
    functions,
    is_async_def,
    is_variable,
    make_sync,
    syms,
    walk,
)

_BLOCKING = (*BLOCKING_CALLS, *BLOCKING_CONSTRUCTORS, "time.sleep", "open")
_LOOP_LIBRARIES = ("asyncio", "anyio", "trio")
_ASYNC_CODES = ("ASYNC210", "ASYNC220", "ASYNC221", "ASYNC222", "ASYNC230", "ASYNC251")


class SyncEndpoint(Codemod):
    id = "sync-endpoint"
    title = "plain def for async path operations that only block"
    order = 25
    safety = "review"
    default = False
    noqa = _ASYNC_CODES
    tokens = ("async",)
    prefilter = defines(decorator_methods=VERBS, asynchronous=True) & calls_to(*_BLOCKING, where=COROUTINE)
    collects_from = MAKES_APPS

    def collect(self, module: ast.Module, module_name: str, text: str) -> Iterable[str]:
        return made_apps(module, module_name)

    def transform(self, ctx: Context) -> None:
        loop_bound = _loop_bound_globals(ctx)
        for funcdef in list(functions(ctx.tree)):
            wrapper, found = funcdef.parent, decorators(funcdef)
            if not is_async_def(funcdef) or not found or not all(is_path_operation(ctx, d) for d in found):
                continue
            blocking = [
                call.node
                for call in calls(funcdef.children[-1])
                if enclosing_function(call.node) is funcdef and ctx.qualified(call) in _BLOCKING
            ]
            if not blocking or not _only_blocks(ctx, funcdef, loop_bound):
                continue
            # a suppression on a decorator or on a blocking call keeps the endpoint as it is
            if any(ctx.suppressed(node) for node in [*found, *blocking]):
                continue
            if ctx.change(wrapper, "async path operation that only blocks: plain def runs in the thread pool"):
                make_sync(funcdef)


def _only_blocks(ctx: Context, funcdef: Node, loop_bound: set[str]) -> bool:
    """No await, async for/with, yield, event-loop library or module-level object made with one
    (an `asyncio.Queue`) in the body; not named elsewhere."""
    for node in walk(funcdef.children[-1], into_scopes=False):
        if node.type == token.AWAIT or (node.type == token.ASYNC and node.next_sibling.type != syms.funcdef):
            return False
        if node.type == token.NAME and node.value == "yield":
            return False
    for leaf in funcdef.leaves():
        if is_variable(leaf):
            qualified = ctx.qualified(leaf)
            if (qualified and qualified.split(".")[0] in _LOOP_LIBRARIES) or leaf.value in loop_bound:
                return False
    name = funcdef.children[1]
    return not any(leaf.value == name.value and leaf is not name and is_variable(leaf) for leaf in ctx.tree.leaves())


def _loop_bound_globals(ctx: Context) -> set[str]:
    """Module-level names assigned from code that mentions asyncio, anyio or trio."""
    found = set()
    for statement in ctx.tree.children:
        small = statement.children[0] if statement.type == syms.simple_stmt else None
        if small is not None and small.type == syms.expr_stmt and small.children[0].type == token.NAME:
            mentioned = (ctx.qualified(leaf) or "" for leaf in small.leaves() if is_variable(leaf))
            if any(name.split(".")[0] in _LOOP_LIBRARIES for name in mentioned):
                found.add(small.children[0].value)
    return found
