"""
## What it does
Reports a WebSocket endpoint that accepts the connection and then calls `receive_text()`,
`receive_json()` or `receive_bytes()` where no `except` catches `WebSocketDisconnect`: the
first such call in the endpoint's own code that is not inside a `try` with a handler for
`WebSocketDisconnect` (from `fastapi` or `starlette`, alone or in a tuple), `Exception` or a bare
`except`. An endpoint is an `async def` with a parameter annotated `WebSocket`, or decorated
`@app.websocket(...)` / `@router.websocket_route(...)`.

## Why is this bad?
When the client goes away, the next `receive_*()` raises `WebSocketDisconnect`. Uncaught, it
ends the endpoint with an error: the server logs a traceback for every ordinary disconnect, real
failures drown in them, and clean-up that belongs to a disconnect (leaving a chat room, releasing a
subscription) never runs. Closing the socket in `finally` does not help: after a disconnect
`close()` itself fails.

## Example
```python
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/rooms/{room}")
async def join(websocket: WebSocket, room: str):
    await websocket.accept()
    rooms[room].add(websocket)
    while True:
        await broadcast(room, await websocket.receive_text())
```

## Use instead
```python
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI()


@app.websocket("/rooms/{room}")
async def join(websocket: WebSocket, room: str):
    await websocket.accept()
    rooms[room].add(websocket)
    try:
        while True:
            await broadcast(room, await websocket.receive_text())
    except WebSocketDisconnect:
        rooms[room].discard(websocket)
```

## Fix safety
Not fixed automatically here: what a disconnect must clean up is the endpoint's business. The
`websocket-disconnect` codemod (off by default) wraps a `while True:` receive loop in a handler
that ends the endpoint quietly; when it is selected, the loops it rewrites are not reported, and
what remains (a receive before the loop, a loop that is not `while True:`) is. A receive inside a
broad `except` is the codemod's report, not this check's. Loops over `receive()`, which returns the
disconnect message instead of raising, and `async for` over `iter_text()` and the like, which end
by themselves, are not reported.
"""

from __future__ import annotations

from fastfix.codemod import Check, Context
from fastfix.endpoints import BROAD_EXCEPTIONS, DISCONNECT, RECEIVES, websocket_parameter
from fastfix.names import caught
from fastfix.prefilter import COROUTINE, method_calls
from fastfix.tree import (
    calls,
    enclosing_function,
    function_body,
    function_name,
    functions,
    handlers_around,
    is_async_def,
)


class WebsocketNoDisconnect(Check):
    id = "websocket-no-disconnect"
    title = "a WebSocket endpoint that never handles WebSocketDisconnect"
    tokens = ("websocket", "WebSocket")
    prefilter = method_calls(*RECEIVES, where=COROUTINE) & method_calls("accept", where=COROUTINE)

    def detect(self, ctx: Context) -> None:
        for funcdef in functions(ctx.tree):
            found = websocket_parameter(ctx, funcdef) if is_async_def(funcdef) else None
            if found is None:
                continue
            own = [call for call in calls(function_body(funcdef)) if call.awaited and enclosing_function(call.node) is funcdef]
            if not any(call.dotted == f"{found[0]}.accept" for call in own):
                continue
            receives = {f"{found[0]}.{method}" for method in RECEIVES}
            unhandled = (
                call for call in own
                if call.dotted in receives
                and not any(caught(ctx.names, clause) & (DISCONNECT | BROAD_EXCEPTIONS) for clause in handlers_around(call.node, funcdef))
            )
            call = next(unhandled, None)
            if call is not None:
                ctx.report(call.node, f"{call.dotted}() raises WebSocketDisconnect when the client goes away, and "
                           f"nothing in {function_name(funcdef)}() catches it")
