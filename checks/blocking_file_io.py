"""
## What it does
Reports file I/O directly inside an `async def` that the `blocking-io-block` codemod leaves in
place: builtin `open()` (and `io.open()`) outside a `with` block or in a `with` block that awaits,
returns or leaves early; file-system calls of `os` (`os.listdir()`, `os.scandir()`, `os.walk()`,
`os.remove()`, `os.rename()`, `os.makedirs()`, ...); and methods of a known `pathlib.Path` that
touch the disk (`open()`, `iterdir()`, `glob()`, `mkdir()`, `unlink()`, `read_text()`, ...).

## Why is this bad?
Disk access blocks the thread that waits for it, and in a coroutine that is the event loop's: every
other request of the worker waits too. On a network file system, a busy disk or a container with
throttled I/O a single call can take many milliseconds, and a directory walk far longer.

## Example
```python
import json

from fastapi import FastAPI

app = FastAPI()


@app.get("/flags/{name}")
async def flags(name: str):
    return json.load(open(f"flags/{name}.json"))
```

## Use instead
```python
import asyncio
import json

from fastapi import FastAPI

app = FastAPI()


def _load_flags(name: str):
    with open(f"flags/{name}.json") as f:
        return json.load(f)


@app.get("/flags/{name}")
async def flags(name: str):
    return await asyncio.to_thread(_load_flags, name)
```

## Fix safety
Not fixed automatically: these shapes have no rewrite that keeps the code's meaning without a
person's choices: a file opened outside `with` may live past the coroutine, a block that awaits
cannot move to a thread whole, and a loop over `os.scandir()` belongs in a function of its own.
`blocking-io-block` moves the simple `with open(...)` blocks and offloads `Path.read_text()` and
its siblings; when it runs, what it rewrites is not reported here. Async file APIs (`aiofiles`,
`anyio`), calls in plain functions, nested functions and lambdas, and `os.path` queries, which
only read metadata, are not reported. Keep a deliberate call with `# noqa: ASYNC230`.
"""

from __future__ import annotations

from fissix.pgen2 import token

from fastfix.codemod import Check, Context
from fastfix.prefilter import COROUTINE, calls_to, method_calls, refers_to
from fastfix.threads import PATH_CLASSES, PATH_IO, is_path
from fastfix.tree import calls, directly_in_async_def, enclosing_function, function_name, syms

_FILE_CALLS = (
    "open", "io.open", "os.open", "os.listdir", "os.scandir", "os.walk", "os.remove", "os.unlink", "os.rename",
    "os.renames", "os.replace", "os.makedirs", "os.mkdir", "os.rmdir", "os.removedirs", "os.truncate",
)
_PATH_METHODS = (
    *PATH_IO, "open", "iterdir", "glob", "rglob", "walk", "touch", "mkdir", "unlink", "rmdir", "rename", "replace",
)


class BlockingFileIo(Check):
    id = "blocking-file-io"
    title = "file I/O on the event loop that no codemod moves"
    noqa = ("ASYNC230", "ASYNC240")
    tokens = ("open", "os", *_PATH_METHODS)
    prefilter = calls_to(*_FILE_CALLS, where=COROUTINE) | (
        method_calls(*_PATH_METHODS, where=COROUTINE) & refers_to(*PATH_CLASSES)  # what is_path() resolves
    )

    def detect(self, ctx: Context) -> None:
        for call in calls(ctx.tree):
            if call.awaited or not directly_in_async_def(call.node):
                continue
            method = call.callee[-1]
            if ctx.qualified(call) in _FILE_CALLS:
                what = f"{ctx.qualified(call)}()"
            elif (
                len(call.callee) > 1 and method.type == syms.trailer and method.children[0].type == token.DOT
                and method.children[1].value in _PATH_METHODS and is_path(ctx, call.node, call.index - 1)
            ):
                what = f"Path.{method.children[1].value}()"
            else:
                continue
            coroutine = function_name(enclosing_function(call.node))
            ctx.report(call.node, f"{what} does blocking file I/O on the event loop in async def {coroutine}(): "
                       "run it in a worker thread")
