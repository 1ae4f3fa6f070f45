"""
## What it does
Reports a dependency that never returns a value, when a parameter receives that value: a
module-level function without `yield` and without `return <value>` that some file of the run
injects as `param=Depends(fn)`, `param: Annotated[T, Depends(fn)]` (directly or through a
module-level `Annotated` alias) or with `Security(...)`.

## Why is this bad?
FastAPI passes whatever the dependency returns to the parameter. A dependency that looks up the
current user, the tenant or the settings and forgets the `return` hands every endpoint `None`:
nothing fails where the mistake is, but later, as `AttributeError: 'NoneType' object has no
attribute ...`, or silently, when `None` passes for "no filter" or "anonymous".

## Example
```python
from fastapi import Depends, FastAPI, HTTPException, Request

app = FastAPI()


def get_tenant(request: Request):
    tenant = TENANTS.get(request.headers.get("x-tenant", ""))
    if tenant is None:
        raise HTTPException(status_code=404, detail="unknown tenant")


@app.get("/invoices")
def list_invoices(tenant=Depends(get_tenant)):
    return tenant.invoices
```

## Use instead
```python
from fastapi import Depends, FastAPI, HTTPException, Request

app = FastAPI()


def get_tenant(request: Request):
    tenant = TENANTS.get(request.headers.get("x-tenant", ""))
    if tenant is None:
        raise HTTPException(status_code=404, detail="unknown tenant")
    return tenant


@app.get("/invoices")
def list_invoices(tenant=Depends(get_tenant)):
    return tenant.invoices
```

## Fix safety
Not fixed automatically: only a person knows which value the dependency was meant to return.
Left alone are dependencies that only check something, listed in `dependencies=[...]` or injected
into a parameter whose name starts with `_`; functions whose return annotation admits `None`
(`-> None`, `-> Client | None`, `Optional[...]`); generators; and placeholders whose body only
raises, returns `None` or is `...` (replaced through `app.dependency_overrides`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Check, Context
from fastfix.endpoints import CALLS_DEPENDS, depends_targets, in_run
from fastfix.prefilter import defines
from fastfix.tree import function_body, function_name, names_used, syms, walk


class DependencyReturnsNone(Check):
    id = "dependency-returns-none"
    title = "a dependency that never returns the value a parameter receives"
    # the dependency may be injected from another file, and need not contain `return` at all
    tokens = ("def",)
    prefilter = defines(from_facts=True, module_level=True)
    collects_from = CALLS_DEPENDS

    def collect(self, module: ast.Module, module_name: str, text: str) -> Iterable[str]:
        """The dependencies whose value a parameter receives."""
        return depends_targets(module, module_name, text, _injecting)

    def detect(self, ctx: Context) -> None:
        for statement in ctx.tree.children:
            funcdef = _module_function(statement)
            if funcdef is None or not in_run(ctx.project, ctx.module_name, function_name(funcdef)):
                continue
            declared = funcdef.children[-4].type == token.RARROW and {"None", "Optional"} & names_used(funcdef.children[-3])
            if not declared and _never_returns_a_value(funcdef):
                ctx.report(funcdef, f"dependency {function_name(funcdef)}() never returns a value: "
                           "the parameters that depend on it always get None")


def _injecting(module: ast.Module) -> Iterator[ast.AST]:
    """The nodes of parameter defaults and annotations (but not of `_`-named parameters), and of
    module-level `Annotated[...]` aliases, where a `Depends(...)` call injects a value."""
    for node in ast.walk(module):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            positional = [*arguments.posonlyargs, *arguments.args]
            defaults = [None] * (len(positional) - len(arguments.defaults)) + [*arguments.defaults, *arguments.kw_defaults]
            for parameter, default in zip([*positional, *arguments.kwonlyargs], defaults):
                if not parameter.arg.startswith("_"):
                    for part in (default, parameter.annotation):
                        yield from ast.walk(part) if part is not None else ()
    for statement in module.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and isinstance(statement.value, ast.Subscript):
            yield from ast.walk(statement.value)


def _module_function(statement: Base) -> Node | None:
    """The function a module-level `def`, `async def` or decorated one defines."""
    node = statement.children[-1] if statement.type == syms.decorated else statement
    node = node.children[-1] if node.type in (syms.async_stmt, syms.async_funcdef) else node
    return node if node.type == syms.funcdef else None


def _never_returns_a_value(funcdef: Node) -> bool:
    """No `yield`, no `return` with a value other than None, and more than a placeholder body
    (a docstring, `pass`, `...`, `raise`, `return None`)."""
    body = function_body(funcdef)
    for node in walk(body, into_scopes=False):
        if node.type == token.NAME and node.value == "yield":
            return False
        if node.type == syms.return_stmt and len(node.children) > 1 and str(node.children[1]).strip() != "None":
            return False
    statements = [child for child in body.children if child.type >= 256] if body.type == syms.suite else [body]
    return any(not _placeholder(statement) for statement in statements)


def _placeholder(statement: Base) -> bool:
    small = statement.children[0] if statement.type == syms.simple_stmt else statement
    return small.type in (token.STRING, syms.raise_stmt) or str(small).strip() in ("...", "pass", "return", "return None")
