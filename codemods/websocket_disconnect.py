"""
## What it does
In a WebSocket endpoint that accepts the connection and then loops on `receive_text()`,
`receive_json()` or `receive_bytes()` in a `while True:`, wraps that loop in
`try: ... except WebSocketDisconnect:`, imported from `fastapi` (`starlette.websockets` for
Starlette's `WebSocket`). The handler ends the endpoint quietly: `pass` when the loop is the last
statement of the function, `return` when code follows it. An endpoint is an `async def` decorated
with `@app.websocket(...)` / `@router.websocket_route(...)`, or one whose parameter is annotated
`WebSocket`. Off by default: turn it on with `--select websocket-disconnect`.

## Why is this bad?
When the client goes away, the next `receive_*()` raises `WebSocketDisconnect`. Unhandled, it
propagates out of the endpoint, so every ordinary disconnect is logged as an error with a traceback
by the server and hides the real failures. Closing the socket in `finally` does not help: after a
disconnect, `close()` itself fails.

## Example
```python
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws")
async def echo(websocket: WebSocket):
    await websocket.accept()
    while True:
        message = await websocket.receive_text()
        await websocket.send_text(f"echo: {message}")
```

## Use instead
```python
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI()


@app.websocket("/ws")
async def echo(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive_text()
            await websocket.send_text(f"echo: {message}")
    except WebSocketDisconnect:
        pass
```

## Fix safety
Needs review: a disconnect now ends the endpoint without an error, so code that relied on the
exception reaching a middleware or a caller no longer sees it, and cleanup that belongs to a
disconnect (leaving a chat room) still has to be added to the handler. Code after the loop ran only
when the loop was left with `break`; the `return` keeps it that way. Left alone: endpoints that
handle `WebSocketDisconnect` anywhere, that never `accept()`, sync functions and functions that
are no endpoints. A receive loop inside `except Exception` (or a bare `except`) is reported: the
disconnect is handled there as an error. Loops over `receive()`, which returns the disconnect
message instead of raising, and `async for` over `iter_text()` and the like, which end by
themselves, need no handler and are not matched.
"""

from __future__ import annotations

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Codemod, Context
from fastfix.endpoints import BROAD_EXCEPTIONS, DISCONNECT, RECEIVES, websocket_parameter
from fastfix.names import caught
from fastfix.parsing import parse_statements
from fastfix.prefilter import COROUTINE, method_calls
from fastfix.tree import (
    Call,
    calls,
    enclosing_function,
    first_line,
    function_body,
    functions,
    handlers_around,
    indent_of,
    is_async_def,
    shift_lines,
    syms,
    walk,
)


class WebsocketDisconnect(Codemod):
    id = "websocket-disconnect"
    title = "end WebSocket endpoints quietly when the client disconnects"
    order = 120
    safety = "review"
    default = False
    tokens = ("websocket", "WebSocket")
    prefilter = method_calls(*RECEIVES, where=COROUTINE) & method_calls("accept", where=COROUTINE)

    def transform(self, ctx: Context) -> None:
        for funcdef in list(functions(ctx.tree)):
            found = websocket_parameter(ctx, funcdef) if is_async_def(funcdef) else None
            if found is None or any(caught(ctx.names, clause) & DISCONNECT for clause in _handlers(funcdef)):
                continue
            name, module = found
            own = [call for call in calls(function_body(funcdef)) if enclosing_function(call.node) is funcdef]
            accepted = [first_line(call.node) for call in own if call.awaited and call.dotted == f"{name}.accept"]
            receives = [call for call in own if call.awaited and call.dotted in {f"{name}.{m}" for m in RECEIVES}]
            loops: dict[int, tuple[Node, list[Call]]] = {}
            for call in receives:
                loop = _outermost_loop(call.node, funcdef)
                if loop is not None and accepted and accepted[0] < first_line(loop):
                    loops.setdefault(id(loop), (loop, []))[1].append(call)
            for loop, inside in loops.values():
                broad = _broad_handler(ctx, inside, funcdef)
                if broad is not None:
                    ctx.report(broad, "WebSocketDisconnect is caught here by a broad except and handled as an error; "
                               "catch WebSocketDisconnect before it")
                    continue
                handler = _disconnect_name(ctx, module, loop)
                if handler and ctx.change(loop, f"a client disconnect raises out of {name}'s receive loop: end quietly"):
                    _wrap(loop, handler, funcdef)


def _handlers(funcdef: Node) -> list[Base]:
    """Every `except ...` clause of the function's own code, bare ones as their `except` leaf."""
    return [
        node
        for node in walk(function_body(funcdef), into_scopes=False)
        if node.type == syms.except_clause or (node.type == token.NAME and node.value == "except" and node.parent.type == syms.try_stmt)
    ]


def _outermost_loop(node: Base, funcdef: Node) -> Node | None:
    """The outermost `while True:` (or `while 1:`) of the function that runs `node`."""
    found = None
    while node is not funcdef:
        if node.type == syms.while_stmt and str(node.children[1]).strip() in ("True", "1"):
            found = node if node.children[-1].type == syms.suite else found
        node = node.parent
    return found


def _broad_handler(ctx: Context, receives: list[Call], funcdef: Node) -> Base | None:
    """A broad `except` (or a bare one) whose `try` runs one of the loop's receive calls."""
    clauses = (clause for call in receives for clause in handlers_around(call.node, funcdef))
    return next((clause for clause in clauses if caught(ctx.names, clause) & BROAD_EXCEPTIONS), None)


def _disconnect_name(ctx: Context, module: str, at: Base) -> str | None:
    """A name the file already imports WebSocketDisconnect by (from fastapi or starlette), or
    one `module` gives."""
    for local, qualified in ctx.names.module_imports():
        if qualified in DISCONNECT and ctx.names.resolve(local, at) == qualified:
            return local
    return ctx.imports.member(module, "WebSocketDisconnect", at=at)


def _wrap(loop: Node, handler: str, funcdef: Node) -> None:
    """`while True: ...` -> `try: while True: ... except <handler>: pass` (`return` when code
    follows the loop, which ran only after a `break`)."""
    indent, suite = indent_of(loop), loop.children[-1]
    unit = suite.children[1].value[len(indent) :]
    # the DEDENTs closing the loop hold the comments after it: those indented deeper stay inside
    leaves, dedents = list(loop.leaves()), []
    while leaves and leaves[-1].type == token.DEDENT:
        dedents.insert(0, leaves.pop())
    lines, keep = "".join(leaf.prefix for leaf in dedents).split("\n"), 0
    for number, line in enumerate(lines[:-1]):
        if line.strip() and len(line) - len(line.lstrip()) <= len(indent):
            break
        keep = number + 1 if line.strip() else keep
    for leaf in dedents:
        leaf.prefix = ""
    dedents[0].prefix = "".join(line + "\n" for line in lines[:keep])
    last = loop.parent is function_body(funcdef) and loop.next_sibling.type == token.DEDENT
    try_stmt = parse_statements(f"try:\n{unit}pass\nexcept {handler}:\n{unit}{'pass' if last else 'return'}\n", indent)[0]
    try_stmt.prefix, loop.prefix = loop.prefix, ""
    shift_lines(loop, unit)
    loop.prefix = ""
    loop.replace(try_stmt)
    try_stmt.children[2].children[2].replace(loop)
    try_stmt.children[-1].children[-1].prefix = "\n".join(lines[keep:])
