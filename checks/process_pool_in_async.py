"""
## What it does
Reports calls that wait for a process pool directly inside an `async def`: `apply()`, `map()`
and `starmap()` of a `multiprocessing` pool or `.get()` chained on its `apply_async()`,
`map_async()` or `starmap_async()`, and `map()` of a `ProcessPoolExecutor` or `.result()` chained
on its `submit()`. The pool is a constructor call (`multiprocessing.Pool(4).map(...)`) or a name
bound once to one (`with Pool() as pool:`, `POOL = ProcessPoolExecutor()`).

## Why is this bad?
A process pool moves the work off the CPU of the event loop, but not the waiting: the call blocks
the loop's thread until the workers are done, and every other request of the worker waits with it.
`await loop.run_in_executor(executor, fn, *args)` waits without blocking.

## Example
```python
import multiprocessing

from fastapi import FastAPI

from .imaging import make_thumbnail

app = FastAPI()
pool = multiprocessing.Pool(4)


@app.post("/thumbnails")
async def thumbnails(paths: list[str]):
    return pool.map(make_thumbnail, paths)
```

## Use instead
```python
import asyncio
from concurrent.futures import ProcessPoolExecutor

from fastapi import FastAPI

from .imaging import make_thumbnail

app = FastAPI()
pool = ProcessPoolExecutor(4)


@app.post("/thumbnails")
async def thumbnails(paths: list[str]):
    loop = asyncio.get_running_loop()
    return await asyncio.gather(*(loop.run_in_executor(pool, make_thumbnail, path) for path in paths))
```

## Fix safety
Not fixed automatically: `multiprocessing.Pool` has no awaitable API, so the fix replaces the pool
(and its start-up and shut-down) with a `ProcessPoolExecutor`, and `map()` becomes one future per
item. Calls in plain functions, in nested functions and lambdas, non-blocking submissions
(`apply_async()` or `submit()` alone) and `map()` of anything that is not a known pool are not
reported.
"""

from __future__ import annotations

from fissix.pgen2 import token
from fissix.pytree import Node

from fastfix.codemod import Check, Context
from fastfix.names import bound_once
from fastfix.prefilter import COROUTINE, calls_to, method_calls
from fastfix.threads import in_worker_thread
from fastfix.tree import Call, attribute_name, calls, directly_in_async_def, is_call_trailer, plain_call

# (methods that wait, methods that submit, the method that waits for a submission)
_MULTIPROCESSING = (("apply", "map", "starmap"), ("apply_async", "map_async", "starmap_async"), "get")
_EXECUTOR = (("map",), ("submit",), "result")
_POOLS = {
    "multiprocessing.Pool": _MULTIPROCESSING,
    "multiprocessing.pool.Pool": _MULTIPROCESSING,
    "multiprocessing.pool.ThreadPool": _MULTIPROCESSING,
    "multiprocessing.dummy.Pool": _MULTIPROCESSING,
    "concurrent.futures.ProcessPoolExecutor": _EXECUTOR,
    "concurrent.futures.process.ProcessPoolExecutor": _EXECUTOR,
}


class ProcessPoolInAsync(Check):
    id = "process-pool-in-async"
    title = "a process pool waited for on the event loop"
    tokens = ("Pool", "ProcessPoolExecutor")
    # a pool made anywhere in the file (a module-level one too), waited for in a coroutine
    prefilter = calls_to(*_POOLS) & method_calls(
        *_MULTIPROCESSING[0], _MULTIPROCESSING[2], *_EXECUTOR[0], _EXECUTOR[2], where=COROUTINE
    )

    def detect(self, ctx: Context) -> None:
        for call in calls(ctx.tree):
            if call.awaited or not directly_in_async_def(call.node) or in_worker_thread(ctx, call):
                continue
            if waiting := _waiting(ctx, call):
                ctx.report(call.node, f"{waiting} blocks the event loop until the workers finish: "
                           "await loop.run_in_executor(executor, fn, *args) instead")


def _waiting(ctx: Context, call: Call) -> str | None:
    """`map() of a Pool` or `apply_async().get() of a Pool` when the call waits for a known pool."""
    parts, end = call.node.children, call.index - 1
    method, pool = attribute_name(parts[end]), _pool(ctx, call.node, end)
    if pool is not None:
        return f"{method}() of a {pool.rsplit('.', 1)[-1]}" if method in _POOLS[pool][0] else None
    if end - call.start >= 3 and is_call_trailer(parts[end - 1]):
        submitted, pool = attribute_name(parts[end - 2]), _pool(ctx, call.node, end - 2)
        if pool is not None and submitted in _POOLS[pool][1] and method == _POOLS[pool][2]:
            return f"{submitted}().{method}() of a {pool.rsplit('.', 1)[-1]}"
    return None


def _pool(ctx: Context, node: Node, end: int) -> str | None:
    """The pool constructor that `node.children[:end]` (after any `await`) comes from: a call of
    one, or a local name bound once to one."""
    start = 1 if node.children[0].type == token.AWAIT else 0
    if end - start == 1:
        binding = bound_once(ctx.names, node.children[start])
        made = plain_call(binding.value) if binding is not None and binding.value is not None else None
        qualified = made and ctx.qualified(made)
    else:
        qualified = ctx.qualified(Call(node, end - 1)) if end - start > 1 and is_call_trailer(node.children[end - 1]) else None
    return qualified if qualified in _POOLS else None
