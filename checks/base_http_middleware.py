"""
## What it does
Reports a subclass of Starlette's `BaseHTTPMiddleware` (directly or through classes of the same
file) whose code reads `response.body_iterator`, or reads a context variable after handing the
request on to `call_next`: `.get()` on a `contextvars.ContextVar` made at module level in any file
of the run.

## Why is this bad?
`BaseHTTPMiddleware` runs the rest of the app in a task of its own and passes the response body
from that task to its own through a stream. A `dispatch` that reads `response.body_iterator` to
log or change the body collects a streamed response (a file download, server-sent events) in
memory before a byte of it reaches the client. And values that the endpoint or its dependencies
set in a context variable stay in the other task's context: after `call_next` the middleware
still reads the value from before. Pure ASGI middleware (a class with `async def __call__(self,
scope, receive, send)`) runs in the request's own task and sees the body as it is sent.

## Example
```python
from contextvars import ContextVar

from starlette.middleware.base import BaseHTTPMiddleware

current_user = ContextVar("current_user", default=None)


class AuditMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        audit(request.url.path, current_user.get())
        return response
```

## Use instead
```python
from contextvars import ContextVar

current_user = ContextVar("current_user", default=None)


class AuditMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            audit(scope["path"], current_user.get())
```

## Fix safety
Not fixed automatically: pure ASGI middleware works on `scope`, `receive` and `send` instead of
requests and responses, so the rewrite is a redesign of the middleware. Subclasses that only look
at the request or set headers, that set a context variable before `call_next` (the endpoint sees
that value), and classes that merely share the name, are not reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Check, Context
from fastfix.endpoints import in_run
from fastfix.names import ast_made_by, bound_once
from fastfix.prefilter import calls_to, subclasses
from fastfix.tree import (
    calls,
    derives_from,
    enclosing_function,
    function_body,
    is_attribute,
    nodes_of_type,
    plain_call,
    statement_of,
    syms,
)

_BASE_HTTP_MIDDLEWARE = "starlette.middleware.base.BaseHTTPMiddleware"
_CONTEXT_VAR = "contextvars.ContextVar"


class BaseHttpMiddleware(Check):
    id = "base-http-middleware"
    title = "a BaseHTTPMiddleware subclass where streaming or context variables matter"
    tokens = ("BaseHTTPMiddleware",)
    requires = ("body_iterator|call_next",)  # what each reason reads
    prefilter = subclasses(_BASE_HTTP_MIDDLEWARE)
    collects_from = calls_to(_CONTEXT_VAR, assigned=True)

    def collect(self, module: ast.Module, module_name: str, text: str) -> Iterable[str]:
        """`module.name` of every module-level `name = ContextVar(...)`."""
        return ast_made_by(module, module_name, (_CONTEXT_VAR,))

    def detect(self, ctx: Context) -> None:
        for classdef in nodes_of_type(ctx.tree, syms.classdef):
            if derives_from(classdef, _BASE_HTTP_MIDDLEWARE, ctx.qualified):
                reason = next(_reasons(ctx, classdef), None)
                if reason is not None:
                    ctx.report(classdef, f"{classdef.children[1].value} derives from BaseHTTPMiddleware and {reason}: "
                               "write it as pure ASGI middleware")


def _reasons(ctx: Context, classdef: Node) -> Iterator[str]:
    body = classdef.children[-1]
    for leaf in body.leaves():
        if leaf.type == token.NAME and leaf.value == "body_iterator" and is_attribute(leaf):
            yield "reads response.body_iterator, which passes streamed responses through another task"
    for call in calls(body):
        variable, _, method = (call.dotted or "").rpartition(".")
        if method != "get" or not variable or "." in variable or not _after_call_next(call.node):
            continue
        if _is_context_var(ctx, call.head):
            yield f"reads the context variable {variable} after call_next, where the endpoint's changes to it never arrive"


def _after_call_next(node: Base) -> bool:
    """Whether its function hands the request on (calls or passes `call_next`) before `node`, other
    than in a `return` statement, which ends that path."""
    function, start = enclosing_function(node), next(node.leaves())
    for leaf in function_body(function).leaves() if function is not None else ():
        if leaf.type == token.NAME and leaf.value == "call_next" and statement_of(leaf).children[0].type != syms.return_stmt:
            return (leaf.lineno, leaf.column) < (start.lineno, start.column)
    return False


def _is_context_var(ctx: Context, name: Base) -> bool:
    if name.type != token.NAME:
        return False
    qualified = ctx.qualified(name)
    if qualified is not None:
        module, _, variable = qualified.rpartition(".")
        return bool(module) and in_run(ctx.project, module, variable)
    binding = bound_once(ctx.names, name)
    made = plain_call(binding.value) if binding is not None and binding.value is not None else None
    return made is not None and ctx.qualified(made) == _CONTEXT_VAR
