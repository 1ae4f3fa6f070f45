"""
## What it does
Replaces `time.sleep(seconds)` directly inside an `async def` with `await asyncio.sleep(seconds)`,
importing `asyncio` (or reusing an existing `import asyncio as ...`).

## Why is this bad?
`time.sleep` blocks the thread it runs on. Inside a coroutine that thread is the event loop's, so
every other request the worker is serving stops for the whole delay. `asyncio.sleep` suspends only
the current coroutine and lets the loop run everything else meanwhile.

## Example
```python
import time


async def poll(job):
    while not job.done():
        time.sleep(0.5)
```

## Use instead
```python
import asyncio


async def poll(job):
    while not job.done():
        await asyncio.sleep(0.5)
```

## Fix safety
Safe. The delay is the same; only the event loop is no longer blocked. Calls in plain `def`
functions, nested functions, lambdas and generator expressions are left alone, as is anything that
only shares the name (`self.time.sleep`, a parameter called `time`), and a coroutine with its own local
`asyncio` is left alone rather than made to refer to the wrong object. A deliberately blocking call
can be kept with `# noqa: ASYNC251` or `# fastfix: ignore[async-sleep]`.
"""

from __future__ import annotations

from fastfix.codemod import Codemod, Context
from fastfix.prefilter import COROUTINE, calls_to
from fastfix.tree import add_await, calls, directly_in_async_def, replace_callee


class AsyncSleep(Codemod):
    id = "async-sleep"
    title = "await asyncio.sleep instead of time.sleep in coroutines"
    order = 30
    safety = "safe"
    noqa = ("ASYNC251",)
    tokens = ("sleep",)
    prefilter = calls_to("time.sleep", where=COROUTINE)

    def transform(self, ctx: Context) -> None:
        for call in list(calls(ctx.tree)):
            # the cheaper tests first: most calls are not in a coroutine's own body
            if call.awaited or not directly_in_async_def(call.node) or ctx.qualified(call) != "time.sleep":
                continue
            asyncio = ctx.imports.module("asyncio", at=call.node)
            if asyncio and ctx.change(call.node, "time.sleep() blocks the event loop: await asyncio.sleep()"):
                replace_callee(call, f"{asyncio}.sleep")
                add_await(call)
                ctx.imports.drop_if_unused("time.sleep")
                ctx.imports.drop_if_unused("time")
