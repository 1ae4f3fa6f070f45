"""
## What it does
Turns the `@app.on_event("startup")` and `@app.on_event("shutdown")` handlers of a FastAPI app
created at module level into one `@asynccontextmanager async def lifespan(app)`: the startup
handlers' code in source order before `yield`, the shutdown handlers' code after it. The app gets
`lifespan=lifespan`, its other arguments kept; `lifespan` is defined right before the app. Sync
and async handlers alike are moved. A handler that other code calls by name, that returns early,
takes parameters, has other decorators or binds a local name another handler uses stays a
function, which the lifespan calls.

## Why is this bad?
`on_event` is deprecated in FastAPI, and Starlette has removed it (FastAPI keeps its own copy
for now). Separate handlers cannot share state except through globals, and nothing ties a
resource opened at startup to its cleanup at shutdown. A lifespan keeps both in one function.
FastAPI runs no `on_event` handler of an app that has a lifespan, so the two cannot be mixed.

## Example
```python
from fastapi import FastAPI

from .db import database

app = FastAPI(title="Orders")


@app.on_event("startup")
async def connect():
    await database.connect()


@app.on_event("shutdown")
async def disconnect():
    await database.disconnect()
```

## Use instead
```python
from contextlib import asynccontextmanager
from fastapi import FastAPI

from .db import database


@asynccontextmanager
async def lifespan(app):
    await database.connect()
    yield
    await database.disconnect()


app = FastAPI(title="Orders", lifespan=lifespan)
```

## Fix safety
Needs review. The handlers' code runs in the same order and, as before, on the event loop (FastAPI
ran sync handlers there too, not in a thread). Code after `yield` is skipped when the lifespan ends
with an exception (the server cancelling it), where FastAPI still ran shutdown handlers. Other
modules that import a handler whose code moved break. FastAPI releases before August 2024 stop
running the `on_event` handlers of routers included into an app that has a lifespan; move those
too. An app with a handler that cannot be moved (added with `add_event_handler` or
`FastAPI(on_startup=...)`, registered inside a function, conditionally, under other decorators or
for a computed event) is left whole and reported, as are apps that already have `lifespan=` (FastAPI
never runs their `on_event` handlers) and handlers of an `APIRouter`. Keep an app's handlers with
`# fastfix: ignore[lifespan]` on the app or on one handler.
"""

from __future__ import annotations

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Codemod, Context
from fastfix.names import bindings, function_locals
from fastfix.parsing import parse_module, parse_statements
from fastfix.prefilter import calls_to, method_calls
from fastfix.tree import (
    Call,
    add_argument,
    calls_of_method,
    decorated_function,
    decorators_of_method,
    detach_statement,
    enclosing_function,
    fill_block,
    fresh_name,
    function_name,
    insert_before,
    is_async_def,
    keyword_argument,
    module_assignments,
    name_used,
    names_used,
    parameter_names,
    plain_call,
    remove_decorator,
    scope_bindings,
    string_value,
    syms,
    take_body,
    walk,
)

_APP, _ROUTER = ("fastapi.FastAPI", "fastapi.applications.FastAPI"), ("fastapi.APIRouter", "fastapi.routing.APIRouter")
_LEFT = "the on_event handlers of {} are left as they are (FastAPI runs none of them once the app has a lifespan)"


class Lifespan(Codemod):
    id = "lifespan"
    title = "merge on_event startup and shutdown handlers into one lifespan"
    order = 90
    safety = "review"
    tokens = ("on_event", "add_event_handler")  # both are reported when they cannot be moved
    # a registration of a literal event, or one on an app or router assigned to a name in this file
    prefilter = method_calls(*tokens, string_argument=True) | (method_calls(*tokens) & calls_to(*_APP, *_ROUTER, assigned=True))

    def transform(self, ctx: Context) -> None:
        made = {id(target): (target.value, statement, plain_call(value)) for target, value, statement in module_assignments(ctx.tree)}
        apps = {key: m for key, m in made.items() if m[2] and ctx.qualified(m[2]) in _APP}
        found: dict[int, list[tuple[str, Node]]] = {key: [] for key in apps}
        blocked: set[int] = set()
        for node, dotted, argument in _registrations(ctx.tree):
            obj, _, method = dotted.rpartition(".")
            root, event, function = obj.split(".")[0], string_value(argument), enclosing_function(node)
            event = event if event in ("startup", "shutdown") else None
            targets = [binding.target for binding in bindings(ctx.names, root, node)]
            owner = id(targets[0]) if len(targets) == 1 and id(targets[0]) in made else None
            if owner in apps:
                if keyword_argument(apps[owner][2], "lifespan") is not None:
                    ctx.report(node, f"{root} already has lifespan=, so FastAPI never runs this handler: move its code there")
                elif reason := _unmovable(node, obj, root, method, event, function):
                    ctx.report(node, f"{reason}: {_LEFT.format(root)}")
                else:
                    found[owner].append((event, node))
                    continue
                blocked.add(owner)
            elif method == "on_event" and owner is not None and made[owner][2] and ctx.qualified(made[owner][2]) in _ROUTER:
                ctx.report(node, f"on_event handler of APIRouter {root}: FastAPI runs it only through include_router(); move it into the app's lifespan")
            elif event and function is not None:
                ctx.report(node, f"{event} handler registered inside {function_name(function)}(), where the app is not known: move it into the app's lifespan")
        for owner, registered in found.items():
            if owner not in blocked and registered and self._allowed(ctx, *apps[owner], registered):
                acm = ctx.imports.member("contextlib", "asynccontextmanager", at=apps[owner][1])
                if acm is not None:
                    _rewrite(ctx, acm, *apps[owner], _plan(ctx, registered))

    def _allowed(self, ctx: Context, app: str, statement: Base, call: Call, registered: list[tuple[str, Node]]) -> bool:
        for argument in call.arguments:
            if str(argument.children[0] if argument.type == syms.argument else argument).strip() in ("on_startup", "on_shutdown", "**"):
                ctx.report(argument, f"FastAPI({str(argument).strip()}) may register handlers or a lifespan: {_LEFT.format(app)}")
                return False
        for _, decorator in registered:
            if len(scope_bindings(ctx.tree, name := function_name(decorated_function(decorator)[1]))) != 1:
                ctx.report(decorator, f"{name} is bound more than once in the module: {_LEFT.format(app)}")
                return False
        nodes = [statement, *(decorated_function(decorator)[0] for _, decorator in registered)]
        return not any(ctx.suppressed(node) for node in nodes)


def _rewrite(ctx: Context, acm: str, app: str, statement: Base, call: Call, plan: list[list]) -> None:
    lifespan, indent = fresh_name(ctx.tree, "lifespan"), next((e[4] for e in plan if e[4]), "    ")
    moved = [e for e in plan if e[3] is not None]
    taken = {function_name(e[2]) for e in plan if e[3] is None}.union(*(names_used(e[2].children[-1]) for e in moved))
    param = "app"  # the parameter may hide the app's own global name, but nothing else the code uses
    while param in taken - ({app} - set().union(*(e[3] for e in moved))):
        param += "_"
    for event, decorator, funcdef, names, _ in plan:  # never suppressed: `_allowed` checked every handler
        verb = "is called from" if names is None else "moves into"
        ctx.change(decorator, f"{event} handler {function_name(funcdef)}() {verb} {lifespan}(), passed as FastAPI(lifespan={lifespan})")
    new = parse_module(f"@{acm}\nasync def {lifespan}({param}):\n{indent}yield\n").children[0]
    new.remove()
    suite = new.children[-1].children[-1].children[-1]
    yielded = suite.children[2]
    yielded.remove()
    statements: list[tuple[Base, str]] = []  # with the text before each on its lines
    pending = ""  # comments that ended the body moved last
    for entry in [e for e in plan if e[0] == "startup"] + [None] + [e for e in plan if e[0] == "shutdown"]:
        above, inside, body = "", "", [(yielded, indent)]
        if entry is not None and entry[3] is None:  # keep the handler, call it
            remove_decorator(entry[1])
            body = [(parse_statements(f"{'await ' * is_async_def(entry[2])}{function_name(entry[2])}()", indent)[0], indent)]
        elif entry is not None:
            above, inside = detach_statement(decorated_function(entry[1])[0])
            body = take_body(entry[2], indent)
        comments = pending + "".join(indent + line.lstrip() for line in above.splitlines(keepends=True))
        statements += [(body[0][0], comments + body[0][1]), *body[1:]]
        pending = inside
    fill_block(suite, statements, pending)
    insert_before(statement, new)
    add_argument(call, f"lifespan={lifespan}")


def _plan(ctx: Context, registered: list[tuple[str, Node]]) -> list[list]:
    # [event, decorator, funcdef, its local names if its body moves into the lifespan else None, indentation]
    plan: list[list] = []
    for event, decorator in registered:
        decorated, funcdef = decorated_function(decorator)
        body = funcdef.children[-1]
        indent = body.children[1].value if body.type == syms.suite else None
        own = {leaf.value for leaf in walk(body, into_scopes=False) if leaf.type == token.NAME}
        movable = (
            decorator.parent is decorated and not parameter_names(funcdef) and indent in (None, next((e[4] for e in plan if e[4]), indent))
            and not own & {"return", "yield", "global", "nonlocal"} and not name_used(ctx.tree, function_name(funcdef))
        )
        plan.append([event, decorator, funcdef, function_locals(decorated, function_name(funcdef)) if movable else None, indent])
    while True:  # bodies merged into one function must not see each other's local names
        called = {function_name(e[2]) for e in plan if e[3] is None}
        clashes = [e for e in plan if e[3] and e[3] & called.union(*(names_used(o[2].children[-1]) for o in plan if o is not e and o[3] is not None))]
        if not clashes:
            return plan
        for entry in clashes:
            entry[3] = None


def _registrations(tree: Node) -> list[tuple[Base, str, Base]]:
    # (node, dotted callee, first argument) of decorators `@x.on_event(a)` and calls `x.on_event(a, ...)`
    found = [(n, "".join(leaf.value for leaf in n.children[1].leaves()), n.children[3]) for n in decorators_of_method(tree, *Lifespan.tokens) if len(n.children) == 6]
    return found + [(call.node, call.dotted, call.arguments[0]) for call in calls_of_method(tree, *Lifespan.tokens) if call.dotted and call.arguments]


def _unmovable(node: Base, obj: str, root: str, method: str, event: str | None, function: Node | None) -> str | None:
    if function is not None:
        return f"registered inside {function_name(function)}()"
    if method != "on_event":
        return f"a handler is added with {obj}.add_event_handler()"
    if node.type != syms.decorator:
        return f"{obj}.on_event() is called, not used as a decorator"
    if obj != root or event is None:
        return f"registered on {obj}" if obj != root else "the event is not the literal 'startup' or 'shutdown'"
    decorated, funcdef = decorated_function(node)
    if decorated.parent.type != syms.file_input or funcdef is None:
        return "the handler is not a module-level function"
    if node.parent is not decorated and (node is not node.parent.children[0] or not is_async_def(funcdef)):
        return "the handler has other decorators"
    return None
