"""
## What it does
Reports, directly inside an `async def` path operation, the calls that go to a database through
a synchronous driver: `sqlite3.connect()`, `psycopg2.connect()`, `pymysql.connect()`,
`mysql.connector.connect()`, SQLAlchemy's `Session(...)`, and the queries and commits made on what
they return (a connection, its cursor, a session) or on a parameter annotated with SQLAlchemy's
sync `Session` (`db: Session = Depends(get_db)`, `Annotated[Session, ...]`).

## Why is this bad?
An `async def` endpoint runs on the event loop. A synchronous driver waits for the database on
that thread, so while one request waits for its query every other request of the worker waits
too, and a slow query turns into a stalled service.

## Example
```python
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Order, get_db

app = FastAPI()


@app.get("/orders/{order_id}")
async def read_order(order_id: int, db: Session = Depends(get_db)):
    return db.scalars(select(Order).where(Order.id == order_id)).first()
```

## Use instead
```python
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Order, get_db

app = FastAPI()


@app.get("/orders/{order_id}")
def read_order(order_id: int, db: Session = Depends(get_db)):
    return db.scalars(select(Order).where(Order.id == order_id)).first()
```

## Fix safety
Not fixed automatically: there are two good fixes and they differ. A plain `def` endpoint (what
`sync-endpoint` does when the endpoint awaits nothing) runs in FastAPI's thread pool; an async
driver (`AsyncSession`, asyncpg, aiosqlite) changes every query and the code that creates the
session. Calls that `blocking-to-thread` moves to a worker thread, calls in plain `def` endpoints
and in functions that are no path operations, and `session.add()` and the like, which do not
talk to the database, are not reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from fissix.pytree import Base

from fastfix.codemod import Check, Context
from fastfix.endpoints import MAKES_APPS, VERBS, made_apps, path_operations
from fastfix.names import annotated_type, bound_once
from fastfix.prefilter import defines, refers_to
from fastfix.threads import in_worker_thread
from fastfix.tree import Call, calls, enclosing_function, function_body, function_name, is_async_def, plain_call

_CONNECT = ("sqlite3.connect", "psycopg2.connect", "pymysql.connect", "mysql.connector.connect")
_SESSIONS = ("sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlmodel.Session", "sqlmodel.orm.session.Session")
# the methods that run SQL or wait for the database
_QUERIES = {
    "session": {"execute", "exec", "scalar", "scalars", "get", "get_one", "query", "commit", "flush", "refresh", "merge", "rollback"},
    "connection": {"execute", "executemany", "executescript", "commit", "rollback", "fetchone", "fetchmany", "fetchall", "callproc"},
}


class SyncDbInAsync(Check):
    id = "sync-db-in-async"
    title = "a sync database driver or session used in an async path operation"
    tokens = ("Session", *(name.split(".")[0] for name in _CONNECT))
    prefilter = defines(decorator_methods=VERBS, asynchronous=True) & refers_to(*_CONNECT, *_SESSIONS)
    collects_from = MAKES_APPS

    def collect(self, module: ast.Module, module_name: str, text: str) -> Iterable[str]:
        return made_apps(module, module_name)

    def detect(self, ctx: Context) -> None:
        for funcdef in path_operations(ctx):
            if not is_async_def(funcdef):
                continue
            name = function_name(funcdef)
            for call in calls(function_body(funcdef)):
                if enclosing_function(call.node) is not funcdef or call.awaited or in_worker_thread(ctx, call):
                    continue
                if what := _database_call(ctx, call):
                    ctx.report(call.node, f"{what} waits for the database on the event loop in async def {name}(): "
                               f"make {name}() a plain def or use an async driver")


def _database_call(ctx: Context, call: Call) -> str | None:
    qualified = ctx.qualified(call)
    if qualified in _CONNECT or qualified in _SESSIONS:
        return f"{qualified}()"
    parts = (call.dotted or "").split(".")
    kind = _handle(ctx, call.head) if len(parts) == 2 else None
    if kind is not None and parts[1] in _QUERIES[kind]:
        return f"{call.dotted}() on a sync {'SQLAlchemy Session' if kind == 'session' else 'database connection'}"
    return None


def _handle(ctx: Context, name: Base, depth: int = 0) -> str | None:
    """"session" or "connection" when a local name is bound once, to a sync session (by its
    annotation or constructor) or to a driver's connection or its cursor."""
    binding = bound_once(ctx.names, name)
    if binding is None or depth > 10:
        return None
    if binding.annotation is not None and annotated_type(ctx.names, binding.annotation) in _SESSIONS:
        return "session"
    made = plain_call(binding.value) if binding.value is not None else None
    qualified = made and ctx.qualified(made)
    if qualified in _SESSIONS or qualified in _CONNECT:
        return "session" if qualified in _SESSIONS else "connection"
    if made is not None and made.dotted.endswith(".cursor") and len(made.callee) == 2:
        return "connection" if _handle(ctx, made.head, depth + 1) == "connection" else None
    return None
