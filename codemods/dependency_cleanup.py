"""
## What it does
Turns a FastAPI dependency that creates a closeable resource and `return`s it into a generator
dependency: `x = make()`, then `try: ... yield x` and `finally: x.close()` (`await x.close()`, or
`await x.aclose()` for `httpx.AsyncClient`, when an `async def` dependency creates an async
resource). A return annotation `-> T` becomes `-> Iterator[T]` (`AsyncIterator[T]`). A dependency
is a module-level function that some file of the run passes to `Depends(...)` or `Security(...)`.
Closeable resources are SQLAlchemy sessions, DB-API connections and HTTP clients; see the
`closeable` and `closeable_suffixes` options.

## Why is this bad?
FastAPI only cleans up after dependencies that yield. A session or connection that is returned is
never closed: it goes back to the pool when the garbage collector finds it, if ever, so under load
the pool runs dry and requests hang waiting for a connection.

## Example
```python
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///app.db")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_db():
    db = SessionLocal()
    return db


@app.get("/items")
def list_items(db: Session = Depends(get_db)):
    return db.execute(text("SELECT name FROM items")).scalars().all()
```

## Use instead
```python
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///app.db")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/items")
def list_items(db: Session = Depends(get_db)):
    return db.execute(text("SELECT name FROM items")).scalars().all()
```

## Fix safety
Needs review. The resource is now closed when the request is done (FastAPI runs the `finally`
after the response is sent), not never; code that kept it beyond the request breaks, and so does
code that calls the function directly instead of through `Depends` (calls in the same file keep it
unchanged; calls from other files are not seen). Only one shape is rewritten: the last statement
returns a name bound once, at the top of the body, to a closeable constructor call, or returns
such a call directly; decorated functions, other returns, generators and resources whose sync or
async kind cannot be told (an imported `SessionLocal` in an `async def`) are left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any, ClassVar

from fissix.pgen2 import token
from fissix.pytree import Base, Leaf, Node

from fastfix.codemod import Codemod, Context
from fastfix.endpoints import CALLS_DEPENDS, depends_targets, in_run
from fastfix.names import ast_bindings
from fastfix.parsing import parse_expression, parse_statements
from fastfix.prefilter import defines
from fastfix.tree import calls, fresh_name, plain_call, shift_lines, syms, walk

_ASYNC = ("sqlalchemy.ext.asyncio.AsyncSession", "httpx.AsyncClient")
_SYNC = ("sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlite3.connect", "psycopg2.connect")
_VARIABLES = (("Session", "session"), ("SessionLocal", "session"), ("connect", "connection"), ("Connection", "connection"), ("Client", "client"))


class DependencyCleanup(Codemod):
    id = "dependency-cleanup"
    title = "close resources that dependencies create by yielding them"
    order = 40
    safety = "review"
    # The dependency may be passed to Depends() in another file: the defining file need only
    # return something, and define a function the project facts name (the constructor names are
    # configurable and so cannot narrow it).
    tokens = ("return",)
    prefilter = defines(from_facts=True, module_level=True, decorated=False)
    collects_from = CALLS_DEPENDS
    options: ClassVar[dict[str, Any]] = {
        "closeable": [*_SYNC, "httpx.Client", "requests.Session", *_ASYNC],
        "closeable_suffixes": ["Session", "SessionLocal", "Connection", "Client"],
    }

    def collect(self, module: ast.Module, module_name: str, text: str) -> Iterable[str]:
        return depends_targets(module, module_name, text)

    def transform(self, ctx: Context) -> None:
        # module-level functions only; decorated ones (@lru_cache...) are not touched
        for statement in list(ctx.tree.children):
            funcdef = statement.children[1] if statement.type == syms.async_stmt else statement
            if funcdef.type == syms.funcdef and in_run(ctx.project, ctx.module_name, funcdef.children[1].value):
                self._fix(ctx, statement, funcdef)

    def _fix(self, ctx: Context, statement: Base, funcdef: Node) -> None:
        body, name = funcdef.children[-1], funcdef.children[1].value
        statements = [child for child in body.children if child.type >= 256]
        returned = _returned(statements[-1]) if body.type == syms.suite else None
        own = [leaf.value for leaf in walk(body, into_scopes=False) if leaf.type == token.NAME]
        if returned is None or "yield" in own or own.count("return") != 1:
            return
        assignment = None
        if returned.type == token.NAME:
            assignment = next((s for s in statements[:-1] if _assigned(s) == returned.value), None)
            if assignment is None or _bindings(statement, returned.value) != 1:
                return
        call = plain_call(assignment.children[0].children[2] if assignment else returned)
        constructor = call and (ctx.qualified(call) or call.dotted)
        closeable, suffixes = self.settings["closeable"], tuple(self.settings["closeable_suffixes"])
        if not constructor or not (constructor in closeable or constructor.rsplit(".", 1)[-1].endswith(suffixes)):
            return
        kind, asynchronous = self._kind(ctx, constructor), statement is not funcdef
        if (kind == "async" and not asynchronous) or (kind is None and asynchronous):
            return  # an async resource in a sync def, or an async def whose close() may need awaiting
        if any(c.dotted == name and ctx.qualified(c) is None for c in calls(ctx.tree)):
            return  # also called directly, where a generator would break the caller
        annotation = funcdef.children[4] if funcdef.children[3].type == token.RARROW else None
        if annotation is not None:  # a generator returns an iterator of what it yields
            iterator = "AsyncIterator" if asynchronous else "Iterator"
            found = (ctx.imports.member(module, iterator, at=annotation) for module in ("collections.abc", "typing"))
            if (iterator := next(filter(None, found), None)) is None:
                return
        last = constructor.rsplit(".", 1)[-1]
        if not ctx.change(funcdef, f"dependency {name}() returns a {last}() nobody closes: yield it, close it in finally"):
            return
        if annotation is not None:
            new = parse_expression(f"{iterator}[{str(annotation).strip()}]")
            new.prefix = annotation.prefix
            annotation.replace(new)
        indent = body.children[1].value  # the body of a module-level function is one level deep
        if assignment is None:  # `return make()` becomes `variable = make()` + `return variable`
            preferred = next((name for suffix, name in _VARIABLES if last.endswith(suffix)), "resource")
            assignment, variable = statements[-1], fresh_name(funcdef, preferred)
            keyword, value = assignment.children[0].children
            value.remove()
            new = [Leaf(token.NAME, variable, prefix=keyword.prefix), Leaf(token.EQUAL, "=", prefix=" "), value]
            assignment.children[0].replace(Node(syms.expr_stmt, new))
            body.insert_child(body.children.index(assignment) + 1, parse_statements(f"return {variable}", indent)[0])
        variable = assignment.children[0].children[0].value
        method = "aclose" if constructor == "httpx.AsyncClient" else "close"
        _wrap(body, assignment, f"await {variable}.{method}()" if kind == "async" else f"{variable}.close()", indent)

    def _kind(self, ctx: Context, name: str) -> str | None:
        # "async" or "sync" close(); None when it cannot be told
        if name in _ASYNC:
            return "async"
        made = _factory_kind(ctx, name) if "." not in name else None
        if made or name.rsplit(".", 1)[-1].startswith(("Async", "async_")):
            return made or "async"
        return "sync" if name in self.settings["closeable"] else None


def _wrap(body: Node, assignment: Base, close: str, indent: str) -> None:
    # what follows the assignment moves into `try:`, the final `return` becoming a `yield`
    moved = [child for child in body.children[body.children.index(assignment) + 1 :] if child.type >= 256]
    keyword, value = moved[-1].children[0].children
    value.remove()
    moved[-1].children[0].replace(Node(syms.yield_expr, [Leaf(token.NAME, "yield", prefix=keyword.prefix), value]))
    for statement in reversed(moved):  # shifting looks at the statement before: still in place
        shift_lines(statement, indent)
        statement.remove()
    try_stmt = parse_statements(f"try:\n{indent}pass\nfinally:\n{indent}{close}\n", indent)[0]
    suite = try_stmt.children[2]
    # the first statement follows the INDENT: its comments go there, blank lines above `try:`
    head = moved[0].prefix[: moved[0].prefix.rfind("\n") + 1]
    blank = head[: len(head) - len(head.lstrip("\n"))]
    try_stmt.prefix, suite.children[1].prefix, moved[0].prefix = blank + indent, head[len(blank) :], ""
    suite.children[2].replace(moved)
    body.insert_child(body.children.index(assignment) + 1, try_stmt)


def _returned(statement: Base) -> Base | None:
    # the value of a lone `return name` / `return make(...)`
    small = statement.children[0] if statement.type == syms.simple_stmt and len(statement.children) == 2 else None
    if small is None or small.type != syms.return_stmt or len(small.children) != 2:
        return None
    return small.children[1] if small.children[1].type in (token.NAME, syms.power) else None


def _assigned(statement: Base) -> str | None:
    # the name a lone `name = value` binds
    expr = statement.children[0] if statement.type == syms.simple_stmt and len(statement.children) == 2 else None
    if expr is None or expr.type != syms.expr_stmt or len(expr.children) != 3 or expr.children[1].type != token.EQUAL:
        return None
    return expr.children[0].value if expr.children[0].type == token.NAME else None


def _factory_kind(ctx: Context, name: str) -> str | None:
    # what a module-level `name = sessionmaker(...)` / `async_sessionmaker(...)` makes
    values = []
    for statement in ctx.tree.children:
        expr = statement.children[0] if statement.type == syms.simple_stmt else statement
        if expr.type == syms.expr_stmt and str(expr.children[0]).strip() == name:
            value = expr.children[-1]
            values.append(value.children[-1] if value.type == syms.annassign else value)
    call = plain_call(values[0]) if len(values) == 1 else None
    maker = call and (ctx.qualified(call) or call.dotted).rsplit(".", 1)[-1]
    if maker == "sessionmaker":
        classes = [str(a.children[-1]) for a in call.arguments if a.type == syms.argument and str(a.children[0]).strip() == "class_"]
        return "async" if classes and classes[0].strip().rsplit(".", 1)[-1].startswith("Async") else "sync"
    return "async" if maker == "async_sessionmaker" else None


def _bindings(statement: Base, name: str) -> int:
    # the ast knows every way of binding a name; -1 when CPython does not accept the function
    try:
        return ast_bindings(ast.parse(str(statement)).body[0], name)
    except SyntaxError:
        return -1
