"""FastAPI code as codemods and checks recognise it: apps and routers, path operations,
dependencies and WebSocket endpoints, each matched by what its names resolve to.

Apps and dependencies may be defined in another file of the run: a rule that needs them collects
`made_apps` or `depends_target` facts from every file's `ast` (see `Rule.collect`), and `in_run`
finds a name among them.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable, Iterable, Iterator

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Context
from fastfix.names import annotated_type, ast_imports, ast_made_by, ast_qualified, package_module
from fastfix.prefilter import calls_to
from fastfix.tree import (
    decorators,
    dotted_name,
    functions,
    parameter_bindings,
    parameter_names,
    plain_call,
    syms,
    walk,
)

APPS = ("fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter")
VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route")
DEPENDS = {"fastapi.Depends", "fastapi.Security", "fastapi.params.Depends", "fastapi.params.Security"}
WEBSOCKET = {"fastapi.WebSocket", "fastapi.websockets.WebSocket", "starlette.websockets.WebSocket"}
DISCONNECT = {"fastapi.WebSocketDisconnect", "fastapi.websockets.WebSocketDisconnect", "starlette.websockets.WebSocketDisconnect"}
# What the text of a file holds where `made_apps` or `depends_target` may find something (see
# `Rule.collects_from`)
MAKES_APPS = calls_to(*APPS, assigned=True)
CALLS_DEPENDS = calls_to(*sorted(DEPENDS))
BROAD_EXCEPTIONS = {"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"}
# The WebSocket methods that raise WebSocketDisconnect when the client has gone (`receive()`
# returns the disconnect message instead)
RECEIVES = ("receive_text", "receive_json", "receive_bytes")


def made_apps(module: ast.Module, module_name: str) -> Iterator[str]:
    """`module.name` of every module-level `name = FastAPI(...)` or `APIRouter(...)`."""
    return ast_made_by(module, module_name, APPS)


def depends_target(node: ast.AST, imports: dict[str, str | None], module_name: str) -> str | None:
    """For an `ast` call `Depends(fn)` or `Security(fn, ...)` (`dependency=fn` too): fn's qualified name."""
    if not isinstance(node, ast.Call) or ast_qualified(node.func, imports, module_name) not in DEPENDS:
        return None
    given = node.args or [keyword.value for keyword in node.keywords if keyword.arg == "dependency"]
    return ast_qualified(given[0], imports, module_name) if given else None


def depends_targets(
    module: ast.Module, module_name: str, text: str, nodes: Callable[[ast.Module], Iterable[ast.AST]] = ast.walk
) -> Iterator[str]:
    """`depends_target` of every node that `nodes` finds in the module (the text is the module's).
    Only the top-level statements whose text names `Depends`, `Security` or a local name of
    them are read: a call needs its callee's name, and walking all of a large module with `ast`
    costs more than parsing it."""
    imports = ast_imports(module, module_name)
    words = {name.rsplit(".", 1)[-1] for name in DEPENDS} | {local for local, name in imports.items() if name in DEPENDS}
    starts = [0, *(match.end() for match in re.finditer(r"\r\n?|\n", text))]  # line breaks as ast counts them

    def naming(statement: ast.stmt) -> bool:
        first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
        end = starts[statement.end_lineno] if statement.end_lineno < len(starts) else len(text)
        segment = text[starts[first - 1] : end]
        return any(word in segment for word in words)

    for node in nodes(ast.Module([statement for statement in module.body if naming(statement)], [])):
        if target := depends_target(node, imports, module_name):
            yield target


def in_run(facts: Iterable[str], module: str, name: str) -> bool:
    """Whether the facts (`module.name` strings collected from the run's files) name `name` in
    `module`; modules match by their last parts (`app.db` is `src.app.db` run from elsewhere)."""
    here = package_module(module).split(".")
    for there in _modules_by_name(frozenset(facts)).get(name, ()):
        shared = min(len(here), len(there))
        if here[len(here) - shared :] == there[len(there) - shared :]:
            return True
    return False


@functools.lru_cache(maxsize=8)
def _modules_by_name(facts: frozenset[str]) -> dict[str, list[list[str]]]:
    # in_run is asked for every function of every file: an index, not a scan of all facts per
    # question (which made a run quadratic in the number of files)
    index: dict[str, list[list[str]]] = {}
    for fact in facts:
        there, _, found = fact.rpartition(".")
        index.setdefault(found, []).append(package_module(there).split("."))
    return index


def is_path_operation(ctx: Context, decorator: Base) -> bool:
    """`@app.get(...)` (and the other verbs) of a FastAPI app or APIRouter made at module level in
    this file, or in another file of the run (`ctx.project` holds the `made_apps` facts)."""
    target = decorator.children[1]
    if target.type != syms.dotted_name or len(target.children) != 3 or decorator.children[2].type != token.LPAR:
        return False
    owner, verb = target.children[0], target.children[2].value
    if verb not in VERBS:
        return False
    qualified = ctx.qualified(owner)
    if qualified is not None and qualified != owner.value:
        return in_run(ctx.project, *qualified.rsplit(".", 1))
    scope = ctx.names.scope_of(decorator)
    while scope is not None and owner.value not in scope.bindings:
        scope = scope.parent
    if scope is None or (scope.node.type == syms.funcdef and owner.value in parameter_names(scope.node)):
        return False
    made = []
    for node in walk(scope.node, into_scopes=False):
        if node.type == syms.expr_stmt and node.children[0].type == token.NAME and node.children[0].value == owner.value:
            value = node.children[-1].children[-1] if node.children[1].type == syms.annassign else node.children[-1]
            call = plain_call(value)
            made.append(call is not None and ctx.qualified(call) in APPS)
    return bool(made) and all(made)


def path_operations(ctx: Context) -> Iterator[Node]:
    """Every `def` and `async def` of the file with a path operation decorator."""
    return (funcdef for funcdef in functions(ctx.tree) if any(is_path_operation(ctx, d) for d in decorators(funcdef)))


def websocket_parameter(ctx: Context, funcdef: Node) -> tuple[str, str] | None:
    """A WebSocket endpoint's WebSocket parameter and the module of its WebSocketDisconnect, or
    None when the function is no WebSocket endpoint: no parameter is annotated `WebSocket` and
    it is not decorated `@<app or router>.websocket(...)` / `.websocket_route(...)`."""
    parameters = parameter_bindings(funcdef)
    for binding in parameters:
        kind = annotated_type(ctx.names, binding.annotation) if binding.annotation is not None else None
        if kind in WEBSOCKET:
            return binding.target.value, "starlette.websockets" if kind.startswith("starlette") else "fastapi"
    if parameters and _is_websocket_route(funcdef):  # Starlette passes the WebSocket unannotated
        fastapi = any(qualified.startswith("fastapi") for _, qualified in ctx.names.module_imports())
        return parameters[0].target.value, "fastapi" if fastapi else "starlette.websockets"
    return None


def _is_websocket_route(funcdef: Node) -> bool:
    for decorator in decorators(funcdef):
        name = dotted_name(decorator.children[1]) or ""
        if name.endswith((".websocket", ".websocket_route")) and decorator.children[2].type == token.LPAR:
            return True
    return False
