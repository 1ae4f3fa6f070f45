"""
## What it does
Wraps a plain SQL string passed to `.execute(...)` of a SQLAlchemy `Session`, `AsyncSession`,
`Connection` or `AsyncConnection` in `text(...)`, importing `text` from `sqlalchemy`; bound
parameters given after it stay. The receiver must be known to be one: by its annotation
(`db: Session`, `Annotated[AsyncSession, Depends(get_db)]`, an alias of one), or by where it came
from: `Session(engine)`, a `sessionmaker`/`async_sessionmaker` of the same file, `engine.connect()`
or `engine.begin()` of an engine that file creates, Alembic's `op.get_bind()`. SQL built with an
f-string, `.format()`, `%` or `+` is reported, not wrapped.

## Why is this bad?
SQLAlchemy 2 executes only SQL expression objects: a plain string raises `ArgumentError` ("Textual
SQL expression ... should be explicitly declared as text(...)") or `ObjectNotExecutableError`, so
every query written for 1.x that way fails at run time after the upgrade. SQL built by formatting
values into the string is open to SQL injection; it needs bound parameters (`:name`), which a
rewrite cannot invent.

## Example
```python
from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session

app = FastAPI()


@app.get("/items/{item_id}")
async def read_item(item_id: int, session: AsyncSession = Depends(get_session)):
    result = await session.execute("SELECT name FROM items WHERE id = :id", {"id": item_id})
    return {"name": result.scalar_one()}
```

## Use instead
```python
from sqlalchemy import text
from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session

app = FastAPI()


@app.get("/items/{item_id}")
async def read_item(item_id: int, session: AsyncSession = Depends(get_session)):
    result = await session.execute(text("SELECT name FROM items WHERE id = :id"), {"id": item_id})
    return {"name": result.scalar_one()}
```

## Fix safety
Safe: the wrapped call failed before and runs the same SQL now. `text()` reads `:name` as a bound
parameter, so a literal colon in the SQL (`'12:30'`) needs escaping as `\\:`. Left alone: DB-API
cursors and connections (`sqlite3`, `psycopg2`, `asyncpg` ...), Alembic's `op.execute("...")` and
`exec_driver_sql(...)`, which take strings, bytes, and receivers whose origin is unknown (a
session from another module's global, an attribute). A string with DB-API placeholders (`%s`, `?`)
followed by parameters is reported: it wants `exec_driver_sql`.
"""

from __future__ import annotations

import ast
import re

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Codemod, Context
from fastfix.names import annotated_type, bindings
from fastfix.parsing import parse_expression
from fastfix.prefilter import method_calls, refers_to
from fastfix.tree import Call, calls_of_method, syms

_SA, _ASYNC = "sqlalchemy", "sqlalchemy.ext.asyncio"
# what a value of a class (called or annotated) or the result of a factory call is
_KINDS = {
    name: kind
    for kind, names in (
        ("session", (f"{_SA}.orm.Session {_SA}.orm.session.Session {_SA}.orm.scoped_session {_ASYNC}.AsyncSession "
                     f"{_ASYNC}.session.AsyncSession {_ASYNC}.async_scoped_session sqlmodel.Session "
                     "sqlmodel.orm.session.Session sqlmodel.ext.asyncio.session.AsyncSession")),
        ("connection", (f"{_SA}.Connection {_SA}.engine.Connection {_SA}.engine.base.Connection "
                        f"{_ASYNC}.AsyncConnection {_ASYNC}.engine.AsyncConnection alembic.op.get_bind "
                        "alembic.context.get_bind")),
        ("engine", (f"{_SA}.Engine {_SA}.engine.Engine {_SA}.engine.base.Engine {_ASYNC}.AsyncEngine "
                    f"{_ASYNC}.engine.AsyncEngine {_SA}.create_engine {_SA}.engine.create_engine "
                    f"{_SA}.engine_from_config {_ASYNC}.create_async_engine {_ASYNC}.async_engine_from_config "
                    "sqlmodel.create_engine")),
        ("maker", f"{_SA}.orm.sessionmaker {_SA}.orm.session.sessionmaker {_ASYNC}.async_sessionmaker"),
    )
    for name in names.split()
}
# (kind of the owner, method) -> kind of the result; `begin()` gives one only in `with ... as x`
_METHODS = {("engine", "connect"): "connection", ("maker", None): "session", ("session", None): "session"}
_ENTERED = {("engine", "begin"): "connection", ("maker", "begin"): "session"}
_TEXT = {f"{_SA}.text", f"{_SA}.sql.text", f"{_SA}.sql.expression.text", "sqlmodel.text"}
_PLACEHOLDER = re.compile(r"%s|%\(\w+\)s|\?")


class SqlalchemyText(Codemod):
    id = "sqlalchemy-text"
    title = "wrap plain SQL strings passed to SQLAlchemy's execute() in text()"
    order = 100
    safety = "safe"
    tokens = ("execute",)
    # the receiver is known to be a session or connection only through one of the names of
    # _KINDS, by its annotation (one of a session or connection) or what made it (see _kind); the
    # call first: `&` asks its rarer, cheaper text condition first
    prefilter = method_calls(
        "execute", string_argument=True, receiver_made_by=("connect", "begin", *sorted({n.rsplit(".", 1)[-1] for n in _KINDS})),
        receiver_annotated=sorted(name for name, kind in _KINDS.items() if kind in ("session", "connection")),
    ) & refers_to(*_KINDS)

    def transform(self, ctx: Context) -> None:
        for call in calls_of_method(ctx.tree, "execute"):
            callee, arguments = call.callee, call.arguments
            if len(callee) != 2 or call.dotted is None or not arguments:
                continue
            sql = arguments[0]
            literal = _literal(sql)
            if literal is None or _kind(ctx, call.head) not in ("session", "connection"):
                continue
            receiver = call.head.value
            if literal == "formatted":
                ctx.report(sql, f"SQL built from values passed to {receiver}.execute(): SQL injection risk; "
                           'use bound parameters: text("... :name"), {"name": value}')
                continue
            value = "".join(ast.literal_eval(leaf.value) for leaf in sql.leaves() if leaf.type == token.STRING)
            if len(arguments) > 1 and _PLACEHOLDER.search(value):
                ctx.report(sql, f"SQL with DB-API placeholders passed to {receiver}.execute(): text() binds "
                           ":name parameters; use exec_driver_sql() or rewrite the placeholders")
                continue
            name = _text_name(ctx, sql)
            if name is None:
                ctx.report(sql, f"plain SQL string passed to {receiver}.execute(): wrap it in sqlalchemy.text() "
                           "(the names text and sqlalchemy are taken here)")
            elif ctx.change(call.node, f"a plain SQL string in {receiver}.execute() fails on SQLAlchemy 2: wrap it in text()"):
                _wrap(sql, name)


def _literal(node: Base) -> str | None:
    """'plain' for a string literal (implicitly or `+` concatenated), 'formatted' for SQL built at
    run time (f-string, `.format()`, `%`, `+` with a variable), None for anything else."""
    if node.type == token.STRING:
        prefix = re.match(r"[A-Za-z]*", node.value).group().lower()
        return None if "b" in prefix else "formatted" if "f" in prefix else "plain"
    children = node.children
    if node.type == syms.atom and children[0].type == token.LPAR and len(children) == 3:
        return _literal(children[1])
    if node.type == syms.atom and all(child.type == token.STRING for child in children):
        kinds = {_literal(child) for child in children}
    elif node.type == syms.arith_expr and all(op.type == token.PLUS for op in children[1::2]):
        kinds = {_literal(child) for child in children[::2]}
        kinds = {"formatted"} if kinds - {None} and None in kinds else kinds
    elif (node.type == syms.term and children[1].type == token.PERCENT) or (
        node.type == syms.power and len(children) == 3 and str(children[1]) == ".format" and children[2].children[0].type == token.LPAR
    ):
        return "formatted" if _literal(children[0]) else None
    else:
        return None
    return "formatted" if "formatted" in kinds else "plain" if kinds == {"plain"} else None


def _kind(ctx: Context, node: Base, entered: bool = False, depth: int = 0) -> str | None:
    """What a name or call is, as far as SQLAlchemy goes: a session, connection, engine, session
    maker (see `_KINDS`), or None when that cannot be told from this file."""
    if depth > 8:
        return None
    if node.type == token.NAME:
        if ctx.qualified(node) is not None:  # imported, or bound nowhere in the file
            return None
        found = bindings(ctx.names, node.value, node)
        declared = {_KINDS.get(annotated_type(ctx.names, b.annotation)) for b in found if b.annotation is not None}
        if declared:
            return declared.pop() if len(declared) == 1 else None
        kinds = {b.value and _kind(ctx, b.value, b.entered, depth + 1) for b in found}
        return kinds.pop() if len(kinds) == 1 else None
    if node.type != syms.power or node.children[0].type == token.AWAIT:
        return None
    return _call_kind(ctx, node, len(node.children) - 1, entered, depth)


def _call_kind(ctx: Context, power: Node, index: int, entered: bool, depth: int) -> str | None:
    """`_kind` of the call whose trailer is `power.children[index]`: `Session(engine)`,
    `SessionLocal()`, `engine.connect()`, `create_engine(url).connect()`."""
    trailer = power.children[index]
    if index < 1 or trailer.type != syms.trailer or trailer.children[0].type != token.LPAR:
        return None
    call = Call(power, index)
    if call.dotted and (qualified := ctx.qualified(call)) is not None:
        return _KINDS.get(qualified)  # imported: known only if SQLAlchemy's
    method, attribute = None, power.children[index - 1]
    if index == 1:
        owner = _kind(ctx, power.children[0], depth=depth + 1)
    elif attribute.type == syms.trailer and attribute.children[0].type == token.DOT:
        method = attribute.children[1].value
        owner = _kind(ctx, power.children[0], depth=depth + 1) if index == 2 else _call_kind(ctx, power, index - 2, False, depth + 1)
    else:
        return None
    return _METHODS.get((owner, method)) or (_ENTERED.get((owner, method)) if entered else None)


def _text_name(ctx: Context, at: Base) -> str | None:
    """How `sqlalchemy.text` is spelled at `at`, importing it if needed."""
    if ctx.names.resolve("text", at) in _TEXT:
        return "text"
    if found := ctx.imports.member(_SA, "text", at=at):
        return found
    module = ctx.imports.module(_SA, at=at)
    return f"{module}.text" if module else None


def _wrap(sql: Base, name: str) -> None:
    """`sql` -> `text(sql)`; the parentheses of `("..." "...")` become the call's. Continuation
    lines aligned with the first string move right with it."""
    wrapper = parse_expression(f"{name}()")
    wrapper.prefix, sql.prefix = sql.prefix, ""
    parenthesised = sql.type == syms.atom and sql.children[0].type == token.LPAR
    strings = [leaf for leaf in sql.leaves() if leaf.type == token.STRING]
    for leaf in strings[1:]:
        head, newline, indent = leaf.prefix.rpartition("\n")
        if newline and not indent.strip() and len(indent) == strings[0].column:
            leaf.prefix = f"{head}\n{indent}{' ' * (len(name) + (not parenthesised))}"
    sql.replace(wrapper)
    if parenthesised:
        parts = list(sql.children)
        for part in parts:
            part.remove()
        wrapper.children[-1].replace(Node(syms.trailer, parts))
    else:
        wrapper.children[-1].insert_child(1, sql)
