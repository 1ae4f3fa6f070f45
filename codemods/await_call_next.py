"""
## What it does
Awaits `call_next(request)` in an `async def` HTTP middleware, wherever the call stands (a
`return`, an assignment, an argument). Middleware is a function decorated `@app.middleware("http")`,
whose second parameter is `call_next`, or a `dispatch` method taking `call_next` (in a
`BaseHTTPMiddleware` subclass, its third parameter under any name).

## Why is this bad?
`call_next` is a coroutine function: called without `await` it returns a coroutine, not the
response, and the route never runs. Setting a header on the result raises `AttributeError`;
returning it makes Starlette fail with `TypeError: 'coroutine' object is not callable`.

## Example
```python
from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def add_request_id(request: Request, call_next):
    response = call_next(request)
    response.headers["X-Request-ID"] = request.headers.get("X-Request-ID", "-")
    return response
```

## Use instead
```python
from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def add_request_id(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Request-ID"] = request.headers.get("X-Request-ID", "-")
    return response
```

## Fix safety
Safe. Only the middleware's own `call_next` is awaited, and only in the coroutine's body: nested
functions and lambdas, sync middleware, other functions and `call_next` passed along uncalled are
left alone. So is a coroutine handed on to be awaited elsewhere: an argument of an awaited call
(`await asyncio.wait_for(call_next(request), 5)`), of `asyncio`/`anyio` functions or of
`create_task`, `gather` and the like. Keep one with `# fastfix: ignore[await-call-next]`.
"""

from __future__ import annotations

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Codemod, Context
from fastfix.prefilter import defines, mentions, subclasses
from fastfix.tree import (
    SCOPE_TYPES,
    Call,
    add_await,
    calls,
    derives_from,
    dotted_name,
    enclosing_class,
    enclosing_function,
    function_body,
    function_name,
    functions,
    is_async_def,
    parameter_names,
    positional_parameters,
    syms,
)

_BASE_HTTP_MIDDLEWARE = "starlette.middleware.base.BaseHTTPMiddleware"
_STATEMENT_OR_SCOPE = SCOPE_TYPES | {syms.suite, syms.simple_stmt}
# methods that take a coroutine and schedule or await it themselves
_TAKES_AWAITABLE = frozenset(
    {"create_task", "ensure_future", "gather", "shield", "wait", "wait_for", "start_soon", "run_coroutine_threadsafe"}
)


class AwaitCallNext(Codemod):
    id = "await-call-next"
    title = "await call_next(request) in HTTP middleware"
    order = 20
    safety = "safe"
    tokens = ("dispatch", "middleware")
    # a dispatch method with a `call_next` parameter, or of a class derived from BaseHTTPMiddleware
    # (its third parameter, under any name); or an http middleware function
    prefilter = (defines("dispatch", method=True) & (mentions("call_next") | subclasses(_BASE_HTTP_MIDDLEWARE))) | defines(
        decorator_methods=("middleware",), asynchronous=True
    )

    def transform(self, ctx: Context) -> None:
        for funcdef in list(functions(ctx.tree)):
            name = _call_next_parameter(ctx, funcdef) if is_async_def(funcdef) else None
            if name is None:
                continue
            for call in list(calls(function_body(funcdef))):
                if call.dotted != name or call.awaited or ctx.qualified(call) is not None:
                    continue
                if enclosing_function(call.node) is not funcdef or _handed_on(ctx, call):
                    continue
                if ctx.change(call.node, f"{name}() returns a coroutine: await it"):
                    add_await(call)


def _call_next_parameter(ctx: Context, funcdef: Node) -> str | None:
    """The name `call_next` has in a middleware function, or None if it is no middleware."""
    positional = positional_parameters(funcdef)
    if _is_http_middleware(funcdef):
        return positional[1] if len(positional) > 1 else None
    owner = enclosing_class(funcdef)
    if function_name(funcdef) != "dispatch" or owner is None:
        return None
    if "call_next" in parameter_names(funcdef):
        return "call_next"
    # by Starlette's contract the third parameter is call_next, whatever it is called
    if len(positional) > 2 and derives_from(owner, _BASE_HTTP_MIDDLEWARE, ctx.qualified):
        return positional[2]
    return None


def _is_http_middleware(funcdef: Node) -> bool:
    decorated = funcdef.parent.parent
    if decorated is None or decorated.type != syms.decorated:
        return False
    decorators = decorated.children[0]
    items = decorators.children if decorators.type == syms.decorators else [decorators]
    return any(_is_middleware_http(item) for item in items)


def _is_middleware_http(decorator: Base) -> bool:
    """`@<anything>.middleware("http")`, also spelled `middleware_type="http"`."""
    children = decorator.children
    if len(children) != 6 or not (dotted_name(children[1]) or "").endswith(".middleware"):
        return False
    argument = children[3]
    if argument.type == syms.argument and str(argument.children[0]).strip() == "middleware_type":
        argument = argument.children[-1]
    return argument.type == token.STRING and argument.value in ('"http"', "'http'")


def _handed_on(ctx: Context, call: Call) -> bool:
    """The coroutine is an argument of a call that awaits or schedules it (at any depth)."""
    parent = call.node.parent
    while parent is not None and parent.type not in _STATEMENT_OR_SCOPE:
        if parent.type == syms.trailer and parent.children[0].type == token.LPAR:
            outer = Call(parent.parent, parent.parent.children.index(parent))
            method = list(outer.callee[-1].leaves())[-1].value
            qualified = ctx.qualified(outer) or ""
            if outer.start or qualified.startswith(("asyncio.", "anyio.")) or method in _TAKES_AWAITABLE:
                return True
        parent = parent.parent
    return False
