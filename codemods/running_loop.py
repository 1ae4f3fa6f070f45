"""
## What it does
Replaces `asyncio.get_event_loop()` directly inside an `async def` with
`asyncio.get_running_loop()`, chained uses included (`asyncio.get_event_loop().time()`,
`.run_in_executor(...)`). The call keeps its spelling (`aio.get_running_loop()` after
`import asyncio as aio`); a `from asyncio import get_event_loop` gets `get_running_loop` imported
next to it, and the old import goes once nothing uses it.

## Why is this bad?
`get_event_loop()` asks the event loop policy for "the current loop": depending on the Python
version it warns, creates a new loop or raises when none is running, and its behaviour has changed
from release to release. In a coroutine a loop is always running, and `get_running_loop()` returns
exactly that loop with no policy involved; the asyncio documentation recommends it there.

## Example
```python
import asyncio


async def deadline(seconds: float) -> float:
    return asyncio.get_event_loop().time() + seconds
```

## Use instead
```python
import asyncio


async def deadline(seconds: float) -> float:
    return asyncio.get_running_loop().time() + seconds
```

## Fix safety
Safe. Inside a coroutine both calls return the same running loop. Calls at module level and in
plain `def` functions, nested functions and lambdas stay, because no loop may be running there and
`get_running_loop()` would raise. Names are resolved through the imports, so a local function or
attribute that is merely called `get_event_loop` is left alone. Keep a call with
`# fastfix: ignore[running-loop]`.
"""

from __future__ import annotations

from fastfix.codemod import Codemod, Context
from fastfix.prefilter import COROUTINE, calls_to
from fastfix.tree import calls, directly_in_async_def, replace_callee


class RunningLoop(Codemod):
    id = "running-loop"
    title = "asyncio.get_running_loop() instead of get_event_loop() in coroutines"
    order = 50
    safety = "safe"
    tokens = ("get_event_loop",)
    prefilter = calls_to("asyncio.get_event_loop", where=COROUTINE)

    def transform(self, ctx: Context) -> None:
        for call in list(calls(ctx.tree)):
            if call.arguments or ctx.qualified(call) != "asyncio.get_event_loop" or not directly_in_async_def(call.node):
                continue
            callee = call.callee
            if len(callee) == 1:  # from asyncio import get_event_loop [as name]
                name = ctx.imports.member("asyncio", "get_running_loop", at=call.node)
                if name and ctx.change(call.node, "get_event_loop() in a coroutine: get_running_loop()"):
                    replace_callee(call, name)
                    ctx.imports.drop_if_unused("asyncio.get_event_loop")
            elif ctx.change(call.node, "get_event_loop() in a coroutine: get_running_loop()"):
                callee[-1].children[1].value = "get_running_loop"
