"""
## What it does
Runs a known blocking call directly inside an `async def` in a worker thread:
`requests.get(url, timeout=5)` becomes `await asyncio.to_thread(requests.get, url, timeout=5)`,
every argument, `*args`, `**kwargs` and comment carried over. The calls are those of `requests`,
sync `httpx`, `urllib.request`, `subprocess`, `os.system`, `socket`, `shutil` and the like, plus
the `extend` option's qualified names, minus the `exclude` option's. A client or connection made
in the coroutine (`conn = psycopg2.connect(dsn)`, `smtplib.SMTP(host)`, `requests.Session()`) is
made in a thread too, and so are the method calls on it and on its `cursor()`
(`await asyncio.to_thread(conn.commit)`). A
`proc = subprocess.Popen(...)` followed by `proc.wait()` or `proc.communicate()` moves, both
statements together, into a local sync function run in one thread. The `helper` option
`"run_in_threadpool"` uses Starlette's `run_in_threadpool` instead of `asyncio.to_thread`.

## Why is this bad?
A coroutine runs on the event loop's thread. A blocking call there (an HTTP request, a
subprocess, a database round trip) stops every other request the worker is serving until it
returns, so one slow upstream makes the whole service slow.

## Example
```python
import subprocess

import requests
from fastapi import FastAPI

app = FastAPI()


@app.post("/deploy/{service}")
async def deploy(service: str):
    status = requests.get(f"https://status.internal/{service}", timeout=5).json()
    subprocess.run(["./deploy.sh", service], check=True)
    return status
```

## Use instead
```python
import asyncio
import subprocess

import requests
from fastapi import FastAPI

app = FastAPI()


@app.post("/deploy/{service}")
async def deploy(service: str):
    status = (await asyncio.to_thread(requests.get, f"https://status.internal/{service}", timeout=5)).json()
    await asyncio.to_thread(subprocess.run, ["./deploy.sh", service], check=True)
    return status
```

## Fix safety
Needs review. The call now runs in a worker thread: thread-local state is not there, and an
object it shares must be safe to use from another thread. A `sqlite3` connection is not (it
raises `ProgrammingError`), so it is only moved when made with `check_same_thread=False`. An
object used in a `with` statement, or created and immediately chained (`Session().get(...)`), is
left alone; `with` blocks are blocking-io-block's. What a method returns is not followed further:
in `cur.execute(q).fetchall()` only `execute` moves. `Popen` and its `wait()`/`communicate()` run in
one thread, so a request cancelled between the two cannot leave the process with nobody waiting
for it; the names they bind that the coroutine reads afterwards are returned and bound again. Calls already in `to_thread`,
`run_in_threadpool` or `run_in_executor`, calls in sync functions, lambdas and nested functions,
`time.sleep` (async-sleep's), calls that return at once (`os.waitpid(pid, os.WNOHANG)`, a `Popen`'s
`poll()`, `kill()`, `terminate()` and `send_signal()`) and, with `run_in_threadpool`, calls with a
`func=` argument are left alone. Keep a deliberate blocking call with `# noqa: ASYNC210` (or `ASYNC220`-`ASYNC222`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from fissix.pgen2 import token
from fissix.pytree import Node

from fastfix.codemod import Codemod, Context
from fastfix.names import bindings
from fastfix.prefilter import COROUTINE, COROUTINE_TOKENS, Query, calls_to
from fastfix.threads import (
    BLOCKING_CALLS,
    BLOCKING_CONSTRUCTORS,
    DERIVED_OBJECTS,
    HELPER_OPTION,
    NON_BLOCKING_METHODS,
    THREAD_AFFINE,
    helper_expression,
    in_worker_thread,
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
    plain_call,
    syms,
    walk,
)


class BlockingToThread(Codemod):
    id = "blocking-to-thread"
    title = "run known blocking calls in coroutines in a worker thread"
    order = 70
    safety = "review"
    noqa = ("ASYNC210", "ASYNC220", "ASYNC221", "ASYNC222")
    tokens = COROUTINE_TOKENS  # the modules are the prefilter's: `extend` may add some
    options: ClassVar[dict[str, Any]] = {**HELPER_OPTION, "extend": [], "exclude": []}

    @property
    def prefilter(self) -> Query:
        return calls_to(*BLOCKING_CALLS, *BLOCKING_CONSTRUCTORS, *self.settings["extend"], where=COROUTINE)

    def transform(self, ctx: Context) -> None:
        excluded = {*self.settings["exclude"], "time.sleep"}  # time.sleep is async-sleep's
        blocking = {*BLOCKING_CALLS, *self.settings["extend"]} - excluded
        constructors = set(BLOCKING_CONSTRUCTORS) - excluded
        if "subprocess.Popen" in constructors:
            for call in list(calls(ctx.tree)):
                if _fresh(call) and ctx.qualified(call) == "subprocess.Popen":  # the cheaper test first
                    self._popen_unit(ctx, call)
        found = []  # decided first: offloading a constructor hides it from its methods' check
        for call in list(calls(ctx.tree)):
            if not _fresh(call) or _entered(call):
                continue
            name = ctx.qualified(call)
            if name in constructors:
                if call.is_last and _usable(ctx, call):
                    found.append((call, f"{name}() blocks the event loop: make it in a worker thread"))
            elif name in blocking:
                if not _polls(ctx, call):
                    found.append((call, f"{name}() blocks the event loop: run it in a worker thread"))
            elif (made := _made_by(ctx, call, constructors)) and not _returns_at_once(call, made):
                found.append((call, f"{call.dotted}() on a {made}() object blocks the event loop: run it in a worker thread"))
        for call, description in found:
            self._offload(ctx, call, description)

    def _offload(self, ctx: Context, call: Call, description: str) -> None:
        # run_in_threadpool(func, *args, **kwargs) takes `func=` for itself
        if self.settings["helper"] == "run_in_threadpool" and any(
            argument.type == syms.argument and str(argument.children[0]).strip() == "func" for argument in call.arguments
        ):
            return
        helper = helper_expression(ctx, call.node)
        if helper and ctx.change(call.node, description):
            offload(call, helper)

    def _popen_unit(self, ctx: Context, call: Call) -> None:
        """`proc = Popen(...)` and a next statement that waits for it, in one thread."""
        assignment, statement = call.node.parent, call.node.parent.parent
        if assignment.type != syms.expr_stmt or len(assignment.children) != 3 or assignment.children[0].type != token.NAME:
            return
        following, variable = statement.next_sibling, assignment.children[0].value
        if statement.type != syms.simple_stmt or len(statement.children) != 2 or following is None:
            return
        waits = {f"{variable}.wait", f"{variable}.communicate"}
        if following.type != syms.simple_stmt or not any(c.dotted in waits and c.start == 0 for c in calls(following)):
            return
        function = enclosing_function(call.node)
        move = plan_move(function, [statement, following]) if _usable(ctx, call) else None
        if move is None or ctx.suppressed(following):
            return
        helper = helper_expression(ctx, statement)
        description = "subprocess.Popen() and waiting for it block the event loop: both run in a worker thread"
        if helper and ctx.change(statement, description):
            move_to_thread([statement, following], local_function_name(function, "_run_process"), helper, move)


def _fresh(call: Call) -> bool:
    """Not awaited, in the coroutine's own body, not already handed to a worker thread."""
    return call.start == 0 and directly_in_async_def(call.node)


def _polls(ctx: Context, call: Call) -> bool:
    """`os.waitpid(pid, os.WNOHANG)` and the like: they return at once instead of waiting."""
    return (ctx.qualified(call) or "").startswith("os.wait") and any(
        node.type in (token.NAME, syms.power) and ctx.qualified(node) == "os.WNOHANG"
        for argument in call.arguments
        for node in walk(argument)
    )


def _returns_at_once(call: Call, made: str) -> bool:
    """`proc.poll()`, `proc.kill()`: a method of a blocking object that does not block."""
    return call.callee[1].children[1].value in NON_BLOCKING_METHODS.get(made, ())


def _entered(call: Call) -> bool:
    """`with call as x:` — blocking-io-block moves the whole block."""
    parent = call.node.parent
    return call.is_last and (parent.type == syms.with_stmt or (parent.type == syms.with_item and parent.children[0] is call.node))


def _usable(ctx: Context, call: Call) -> bool:
    """A constructor call whose object may move to a worker thread: not bound to a thread (see
    THREAD_AFFINE), not in a worker thread already, and not assigned to a name that a `with`
    statement of the function enters."""
    keyword = THREAD_AFFINE.get(ctx.qualified(call) or "")
    if keyword and not any(
        argument.type == syms.argument and [str(child).strip() for child in argument.children] == [keyword[0], "=", keyword[1]]
        for argument in call.arguments
    ):
        return False
    if in_worker_thread(ctx, call):
        return False
    assignment = call.node.parent
    if assignment.type != syms.expr_stmt or assignment.children[0].type != token.NAME:
        return True
    return not _entered_name(enclosing_function(call.node), assignment.children[0].value)


def _entered_name(function: Node, name: str) -> bool:
    """Whether a `with` statement of the function enters the object `name` refers to."""
    for node in walk(function.children[-1], into_scopes=False):
        items = node.children[1:-2] if node.type == syms.with_stmt else []
        entered = [item.children[0] if item.type == syms.with_item else item for item in items]
        if any(value.type == token.NAME and value.value == name for value in entered):
            return True
    return False


def _made_by(ctx: Context, call: Call, constructors: set[str]) -> str | None:
    """For `name.method(...)` where the function binds `name` once, to a blocking constructor's
    usable object, or to such an object's `cursor()`: that constructor."""
    parts = call.callee
    if len(parts) != 2 or parts[0].type != token.NAME or ctx.qualified(parts[0]) is not None:
        return None
    if parts[1].type != syms.trailer or parts[1].children[0].type != token.DOT:
        return None
    found = bindings(ctx.names, parts[0].value, parts[0])
    if len(found) != 1 or found[0].value is None or found[0].entered:
        return None
    made = plain_call(found[0].value)
    if made is None or not made.is_last or enclosing_function(made.node) is not enclosing_function(call.node):
        return None
    name = ctx.qualified(made)
    if name is None and made.dotted.endswith(DERIVED_OBJECTS):
        return _made_by(ctx, made, constructors)
    return name if name in constructors and _usable(ctx, made) else None
