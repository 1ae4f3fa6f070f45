"""
## What it does
Reports, in a path operation's own code, `.all()` or `.fetchall()` on a SQLAlchemy (or SQLModel)
query without a limit: `session.query(Model)...all()` on a session parameter annotated `Session`
or `AsyncSession`, and the result of `execute()`, `scalars()` or `exec()` of a `select(...)`
statement, whether written in one expression or through names bound to the statement
(`stmt = select(...)`, `stmt = stmt.where(...)`) and to the result. A `.limit()`, `.slice()`,
`.fetch()` or `[...]` anywhere on the way bounds the query, and so does a filter on a list of
values given (`.where(Order.id.in_(ids))`).

## Why is this bad?
Without a limit the endpoint loads every matching row into memory and serialises all of them
into one response. It works with the rows of a test database and degrades with the table: a
growing table makes the endpoint slower every week until one request takes the worker's memory
or the client's timeout with it.

## Example
```python
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .db import Order, get_session

app = FastAPI()


@app.get("/orders")
async def list_orders(session: AsyncSession = Depends(get_session)):
    result = await session.scalars(select(Order).order_by(Order.created_at.desc()))
    return result.all()
```

## Use instead
```python
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .db import Order, get_session

app = FastAPI()


@app.get("/orders")
async def list_orders(limit: int = 50, offset: int = 0, session: AsyncSession = Depends(get_session)):
    statement = select(Order).order_by(Order.created_at.desc()).limit(limit).offset(offset)
    result = await session.scalars(statement)
    return result.all()
```

## Fix safety
Not fixed automatically: paging changes the API (new parameters, clients that must ask for the
next page) and the right page size is the project's. Aggregates (`select(func.count(...))`
without `group_by`), queries outside path operations and statements or results whose origin cannot
be told (a parameter, a name bound in several ways) are not reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from fissix.pgen2 import token
from fissix.pytree import Base

from fastfix.codemod import Check, Context
from fastfix.endpoints import MAKES_APPS, VERBS, made_apps, path_operations
from fastfix.names import annotated_type, bindings, bound_once
from fastfix.prefilter import FUNCTION, defines, method_calls, refers_to
from fastfix.tree import (
    Call,
    attribute_name,
    calls,
    enclosing_function,
    function_body,
    function_name,
    is_attribute,
    is_call_trailer,
    syms,
)

_SELECT = ("sqlalchemy.select", "sqlalchemy.future.select", "sqlalchemy.sql.select", "sqlalchemy.sql.expression.select", "sqlmodel.select")
_FUNC = ("sqlalchemy.func", "sqlalchemy.sql.func", "sqlalchemy.sql.expression.func", "sqlmodel.func")
_SESSIONS = ("sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlalchemy.ext.asyncio.AsyncSession", "sqlmodel.Session")
_EXECUTE = ("execute", "scalars", "exec")
_BOUNDS = ("limit", "slice", "fetch")


class UnboundedQuery(Check):
    id = "unbounded-query"
    title = "a path operation that fetches every row of a query"
    tokens = ("all",)
    # a query that select() makes, or a session annotation reads
    prefilter = (
        defines(decorator_methods=VERBS) & method_calls("all", "fetchall", where=FUNCTION) & refers_to(*_SELECT, *_SESSIONS)
    )
    collects_from = MAKES_APPS

    def collect(self, module: ast.Module, module_name: str, text: str) -> Iterable[str]:
        return made_apps(module, module_name)

    def detect(self, ctx: Context) -> None:
        for funcdef in path_operations(ctx):
            for call in calls(function_body(funcdef)):
                fetch = attribute_name(call.node.children[call.index - 1])
                if fetch in ("all", "fetchall") and enclosing_function(call.node) is funcdef and _unbounded(ctx, call.node, call.index - 1):
                    ctx.report(call.node, f"{fetch}() loads every row the query matches in path operation "
                               f"{function_name(funcdef)}(): add .limit() and page through the rest")


def _bounded(trailers: list[Base]) -> bool:
    """A limit, a slice, or a filter `.in_(values)` that bounds the rows by the values given."""
    return any(
        attribute_name(part) in _BOUNDS or (part.type == syms.trailer and part.children[0].type == token.LSQB)
        or any(leaf.value == "in_" and is_attribute(leaf) for leaf in part.leaves())
        for part in trailers
    )


def _unbounded(ctx: Context, node: Base, end: int, depth: int = 0) -> bool:
    """Whether `node.children[:end]` (after any `await`) is the result of a query without a
    limit: the chain runs one, or starts with a parenthesised expression or a name that does."""
    start = 1 if node.children[0].type == token.AWAIT else 0
    parts = node.children[start:end]
    if depth > 10 or _bounded(parts[1:]):
        return False
    for index in range(1, len(parts) - 1):
        method, following = attribute_name(parts[index]), parts[index + 1]
        arguments = Call(node, start + index + 1).arguments if is_call_trailer(following) else []
        if method in _EXECUTE and arguments:  # `Result.scalars()` takes no statement: look further
            return _unbounded_statement(ctx, arguments[0], depth + 1)
        if method == "query" and index == 1 and arguments and _session(ctx, parts[0]):
            return True
    head = parts[0]
    inner = head.children[1] if head.type == syms.atom and head.children[0].type == token.LPAR else _value(ctx, head)
    return inner is not None and inner.type == syms.power and _unbounded(ctx, inner, len(inner.children), depth + 1)


def _unbounded_statement(ctx: Context, statement: Base, depth: int) -> bool:
    """A `select(...)` chain without a limit (and no aggregate), or a local name that each of its
    bindings makes one: a statement, or the name itself refined (`stmt = stmt.where(...)`)."""
    if statement.type == token.NAME:
        found = bindings(ctx.names, statement.value, statement) if ctx.qualified(statement) is None else []
        values = [binding.value for binding in found]
        if depth > 10 or not values or None in values:
            return False
        refined = [v for v in values if v.type == syms.power and str(v.children[0]).strip() == statement.value]
        made = [v for v in values if not any(v is r for r in refined)]
        return bool(made) and all(_unbounded_statement(ctx, v, depth + 1) for v in made) and not any(_bounded(v.children[1:]) for v in refined)
    first = next((i for i, part in enumerate(statement.children) if is_call_trailer(part)), None) if statement.type == syms.power else None
    if first is None or ctx.qualified(Call(statement, first)) not in _SELECT:
        return False
    trailers = statement.children[first + 1 :]
    counted = any(leaf.type == token.NAME and ctx.qualified(leaf) in _FUNC for leaf in statement.children[first].leaves())
    return not _bounded(trailers) and not (counted and not any(attribute_name(part) == "group_by" for part in trailers))


def _session(ctx: Context, name: Base) -> bool:
    """A name bound once, annotated with a SQLAlchemy or SQLModel session class."""
    binding = bound_once(ctx.names, name)
    return binding is not None and binding.annotation is not None and annotated_type(ctx.names, binding.annotation) in _SESSIONS


def _value(ctx: Context, name: Base) -> Base | None:
    """What a local name is bound to, once and not by `with`."""
    binding = bound_once(ctx.names, name)
    return binding.value if binding is not None and not binding.entered else None
