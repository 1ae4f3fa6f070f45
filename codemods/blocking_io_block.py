"""
## What it does
Moves a `with open(...) as f:` block directly inside an `async def`, or a `with` over a blocking
client or connection (`smtplib.SMTP(...)`, `sqlite3.connect(...)`, `urllib.request.urlopen(...)`,
`subprocess.Popen(...)`, ...), into a local sync function defined right before it, and runs that
function with `await asyncio.to_thread(...)`. Names the block binds that the coroutine reads
elsewhere are returned and bound again (several as a tuple); names the block only reads reach it
by closure. `read_text()`, `read_bytes()`, `write_text()` and `write_bytes()` on a `pathlib.Path`
become `await asyncio.to_thread(path.read_text)`. The `helper` option `"run_in_threadpool"` uses
Starlette's `run_in_threadpool` instead.

## Why is this bad?
Opening, reading and writing files, and talking to a mail server or a database through a
synchronous client, block the thread that does it. In a coroutine that thread is the event loop's:
every other request the worker serves waits until the disk or the server answers.

## Example
```python
import json

from fastapi import FastAPI

app = FastAPI()


@app.get("/flags/{name}")
async def flags(name: str):
    with open(f"flags/{name}.json") as f:
        data = json.load(f)
    return data
```

## Use instead
```python
import asyncio
import json

from fastapi import FastAPI

app = FastAPI()


@app.get("/flags/{name}")
async def flags(name: str):
    def _read_file():
        with open(f"flags/{name}.json") as f:
            data = json.load(f)
        return data
    data = await asyncio.to_thread(_read_file)
    return data
```

## Fix safety
Needs review. The block runs in a worker thread: thread-local state is not there, and objects it
shares with other requests must be safe to use from another thread. A block is moved only if every
`with` item is such a call and the block has no `await`, `async for`, `async with`, `return`,
`yield`, `global`, `nonlocal`, `super()`, or `break`/`continue` out of it; a name it binds that the
coroutine reads later must be bound on every path through it, or already bound before it (it is
then passed in as an argument), and the `with` target itself must not be used after the block.
Every other shape (an `open()` outside `with`, a block that awaits) is left alone and reported by
`fastfix check`. A deliberate blocking block is kept with `# noqa: ASYNC230` on its `with` line.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fissix.pgen2 import token
from fissix.pytree import Base

from fastfix.codemod import Codemod, Context
from fastfix.prefilter import COROUTINE, method_calls, refers_to, with_blocks
from fastfix.threads import (
    BLOCKING_CALLS,
    BLOCKING_CONSTRUCTORS,
    HELPER_OPTION,
    PATH_CLASSES,
    PATH_IO,
    helper_expression,
    in_worker_thread,
    is_path,
    local_function_name,
    move_to_thread,
    offload,
    plan_move,
)
from fastfix.tree import (
    Call,
    calls,
    directly_in_async_def,
    enclosing_function,
    nodes_of_type,
    plain_call,
    syms,
)

_OPENERS = ("open", "io.open")
_FUNCTION_NAMES = {
    "smtplib": "_send_mail", "ftplib": "_transfer_files", "subprocess": "_run_process", "sqlite3": "_query_db",
    "psycopg2": "_query_db", "pymysql": "_query_db", "mysql": "_query_db", "requests": "_fetch",
    "httpx": "_fetch", "urllib": "_fetch", "urllib3": "_fetch",
}


class BlockingIoBlock(Codemod):
    id = "blocking-io-block"
    title = "run blocking with-blocks and pathlib file I/O in a worker thread"
    order = 75
    safety = "review"
    noqa = ("ASYNC230", "ASYNC240", "ASYNC210", "ASYNC220", "ASYNC221", "ASYNC222")
    tokens = ("with", *PATH_IO)
    prefilter = with_blocks(*_OPENERS, *BLOCKING_CONSTRUCTORS, *BLOCKING_CALLS, where=COROUTINE) | (
        method_calls(*PATH_IO, where=COROUTINE) & refers_to(*PATH_CLASSES)  # what is_path() resolves
    )
    options: ClassVar[dict[str, Any]] = {**HELPER_OPTION}

    def transform(self, ctx: Context) -> None:
        for call in list(calls(ctx.tree)):
            method = call.callee[-1]
            if (
                len(call.callee) > 1
                and method.type == syms.trailer
                and method.children[0].type == token.DOT
                and method.children[1].value in PATH_IO
                and directly_in_async_def(call.node)
                and not in_worker_thread(ctx, call)
                and is_path(ctx, call.node, call.index - 1)
            ):
                helper = helper_expression(ctx, call.node)
                name = method.children[1].value
                if helper and ctx.change(call.node, f"Path.{name}() blocks the event loop: run it in a worker thread"):
                    offload(call, helper)
        for node in nodes_of_type(ctx.tree, syms.with_stmt):  # outer blocks first: an inner one then moves with them
            if node.parent.type != syms.async_stmt and directly_in_async_def(node):
                self._move(ctx, node)

    def _move(self, ctx: Context, statement: Base) -> None:
        items = [child for child in statement.children[1:-2] if child.type != token.COMMA]
        entered = [plain_call(item.children[0] if item.type == syms.with_item else item) for item in items]
        names = [ctx.qualified(call) if call else None for call in entered]
        if not all(name in (*_OPENERS, *BLOCKING_CONSTRUCTORS, *BLOCKING_CALLS) for name in names):
            return
        function = enclosing_function(statement)
        move = plan_move(function, [statement])
        if move is None or move.targets & set(move.results):
            return
        helper = helper_expression(ctx, statement)
        what = ", ".join(dict.fromkeys(f"{name}()" for name in names))
        if helper and ctx.change(statement, f"{what} blocks the event loop: the with block runs in a worker thread"):
            move_to_thread([statement], local_function_name(function, _preferred_name(entered, names)), helper, move)


def _preferred_name(entered: list[Call], names: list[str]) -> str:
    """`_read_file` / `_write_file` for files, else after the client's module (`_send_mail`)."""
    others = [name for name in names if name not in _OPENERS]
    if others:
        return _FUNCTION_NAMES.get(others[0].split(".")[0], "_blocking_io")
    modes = [_mode(call) for call in entered]
    if all(mode is not None and not set(mode) & set("wax+") for mode in modes):
        return "_read_file"
    return "_write_file" if all(mode is not None for mode in modes) else "_file_io"


def _mode(call: Call) -> str | None:
    """The literal mode an `open()` call uses ("r" when it gives none), None when not a literal."""
    arguments = call.arguments
    given = [a.children[2] for a in arguments if a.type == syms.argument and str(a.children[0]).strip() == "mode"]
    if not given and len(arguments) > 1 and arguments[1].type != syms.argument:
        given = [arguments[1]]
    if not given:
        return "r"
    return given[0].value if given[0].type == token.STRING else None
