"""Qualified-name resolution: what a name at a given place refers to through the file's imports.

`import time as t; t.sleep()` and `from time import sleep as nap; nap()` both resolve to
`time.sleep`; a parameter, local variable or attribute that only shares the spelling resolves to
nothing. Names bound nowhere in the file resolve to themselves (builtins such as `open`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.tree import SCOPE_TYPES, Call, dotted_name, parameter_names, syms, walk

_LOCAL = None  # a binding that is not an import


class Scope:
    def __init__(self, node: Base, parent: Scope | None) -> None:
        self.node = node
        self.parent = parent
        self.bindings: dict[str, set[str | None]] = {}
        self.globals: set[str] = set()
        self.star_import = False

    def bind(self, name: str, qualified: str | None = _LOCAL) -> None:
        self.bindings.setdefault(name, set()).add(qualified)


class NameResolver:
    def __init__(self, tree: Node, module: str = "") -> None:
        self.module = module  # dotted module name of the file, for relative imports
        self.scopes: dict[int, Scope] = {}
        self.module_scope = self._build(tree, None)

    # --- building -----------------------------------------------------------------------------

    def _build(self, node: Base, parent: Scope | None) -> Scope:
        scope = Scope(node, parent)
        self.scopes[id(node)] = scope
        if node.type in (syms.funcdef, syms.lambdef):
            for name in parameter_names(node):
                scope.bind(name)
        body = node.children[-1] if node.type in SCOPE_TYPES else node
        for child in walk(body, into_scopes=False):
            if child is not body and child.type in SCOPE_TYPES:
                if child.type != syms.lambdef:
                    scope.bind(child.children[1].value)
                self._build(child, scope)
            else:
                self._bind_statement(child, scope)
        return scope

    def _bind_statement(self, node: Base, scope: Scope) -> None:
        kind = node.type
        if kind == syms.import_name:
            for name, qualified in _import_name_bindings(node.children[1]):
                scope.bind(name, qualified)
        elif kind == syms.import_from:
            self._bind_import_from(node, scope)
        elif kind == syms.expr_stmt:
            children = node.children
            if len(children) >= 2 and children[1].type == syms.annassign:
                _bind_target(children[0], scope)
            elif len(children) >= 2 and children[1].type == token.EQUAL:
                for target in children[:-1:2]:
                    _bind_target(target, scope)
        elif kind == syms.for_stmt:
            index = 2 if node.children[0].type == token.ASYNC else 1
            _bind_target(node.children[index], scope)
        elif kind == syms.with_item or (kind == syms.except_clause and len(node.children) == 4):
            _bind_target(node.children[-1], scope)
        elif kind == syms.namedexpr_test:
            _bind_target(node.children[0], scope)
        elif kind == syms.global_stmt and node.children[0].value == "global":
            scope.globals.update(leaf.value for leaf in node.children[1::2])

    def _bind_import_from(self, node: Node, scope: Scope) -> None:
        module = absolute_module(node, self.module)
        names = node.children[-1]
        if names.type == token.RPAR:
            names = node.children[-2]
        if names.type == token.STAR:
            scope.star_import = True
            return
        items = names.children[::2] if names.type == syms.import_as_names else [names]
        for item in items:
            if item.type == syms.import_as_name:
                original, local = item.children[0].value, item.children[2].value
            else:
                original = local = item.value
            scope.bind(local, f"{module}.{original}" if module else original)

    # --- resolving ----------------------------------------------------------------------------

    def scope_of(self, node: Base) -> Scope:
        """The innermost scope whose code contains node."""
        child, parent = node, node.parent
        while parent is not None:
            if parent.type in SCOPE_TYPES and (child is parent.children[-1] or parent.type == syms.lambdef):
                return self.scopes.get(id(parent), self.module_scope)
            child, parent = parent, parent.parent
        return self.module_scope

    def resolve(self, name: str, at: Base) -> str | None:
        """The qualified name `name` refers to at node `at`, or None for a non-import binding."""
        scope = self.scope_of(at)
        innermost = True
        while scope is not None:
            if name in scope.globals:
                scope = self.module_scope
                continue
            if scope.node.type != syms.classdef or innermost:
                bound = scope.bindings.get(name)
                if bound is not None:
                    return next(iter(bound)) if len(bound) == 1 else None
                if scope.star_import:
                    return None
            innermost = False
            scope = scope.parent
        return name

    def qualified(self, node: Base) -> str | None:
        """Qualified name of a NAME, a dotted expression or the callee of a Call."""
        if isinstance(node, Call):
            dotted, head = node.dotted, node.head
        else:
            dotted = dotted_name(node)
            head = node if node.type == token.NAME else node.children[0]
        if dotted is None:
            return None
        root, _, rest = dotted.partition(".")
        resolved = self.resolve(root, head)
        if resolved is None:
            return None
        return f"{resolved}.{rest}" if rest else resolved

    def module_imports(self) -> Iterator[tuple[str, str]]:
        """(local name, qualified name) of every unambiguous module-level import."""
        for name, bound in self.module_scope.bindings.items():
            if len(bound) == 1 and None not in bound:
                yield name, next(iter(bound))


def package_module(module: str) -> str:
    """The name other modules import a module by: `app.__init__` is imported as `app`."""
    return module.removesuffix(".__init__").removesuffix("__init__")


def absolute_module(import_from: Node, module: str) -> str:
    """The module an `import_from` reads from, with relative imports made absolute."""
    dots, dotted = 0, ""
    for child in import_from.children[1:]:
        if child.type == token.DOT:
            dots += 1
        elif child.type == token.NAME and child.value == "import":
            break
        elif child.type in (token.NAME, syms.dotted_name):
            dotted = "".join(leaf.value for leaf in child.leaves())
        else:  # '...' is one token
            dots += len(child.value)
    if not dots:
        return dotted
    package = module.split(".")[:-dots] if module else []
    return ".".join([*package, dotted] if dotted else package)


def _import_name_bindings(names: Base) -> Iterator[tuple[str, str]]:
    items = names.children[::2] if names.type == syms.dotted_as_names else [names]
    for item in items:
        if item.type == syms.dotted_as_name:
            yield item.children[2].value, "".join(leaf.value for leaf in item.children[0].leaves())
        else:
            dotted = "".join(leaf.value for leaf in item.leaves())
            first = dotted.split(".")[0]
            yield first, first


def _bind_target(target: Base, scope: Scope) -> None:
    if target.type == token.NAME:
        scope.bind(target.value)
    elif target.type in (syms.atom, syms.testlist_gexp, syms.exprlist, syms.testlist_star_expr, syms.star_expr):
        for child in target.children:
            _bind_target(child, scope)


def ast_imports(module: ast.Module, module_name: str) -> dict[str, str | None]:
    """For cross-file facts read with `ast`: local name -> qualified name of every import outside
    functions and classes (None when bound to different things), relative imports made absolute
    like `absolute_module` does."""
    found: dict[str, set[str]] = {}
    stack: list[ast.AST] = list(module.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                found.setdefault(alias.asname or root, set()).add(alias.name if alias.asname else root)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module_name.split(".")[: -node.level] if module_name else []
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                found.setdefault(alias.asname or alias.name, set()).add(f"{base}.{alias.name}" if base else alias.name)
    return {name: next(iter(bound)) if len(bound) == 1 else None for name, bound in found.items()}


def ast_qualified(node: ast.AST | None, imports: dict[str, str | None], module_name: str) -> str | None:
    """Qualified name of an `ast` Name or Attribute chain, its root resolved through `ast_imports`;
    a root that is not imported is taken to be defined in the module itself."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    root = imports.get(node.id, f"{module_name}.{node.id}" if module_name else node.id)
    return ".".join([root, *parts]) if root else None


def ast_bindings(node: ast.AST, name: str) -> int:
    """How many times the code under an `ast` node binds `name` in any way: assignment and `del`
    targets, parameters, imports, def and class names, `except ... as`, match captures, and
    `global` / `nonlocal` declarations (nested scopes included)."""
    found: list[str | None] = []
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
            found.append(child.id)
        elif isinstance(child, ast.alias):
            found.append(child.asname or child.name.split(".")[0])
        elif isinstance(child, (ast.Global, ast.Nonlocal)):
            found += child.names
        elif isinstance(child, ast.arg):
            found.append(child.arg)
        else:
            found += [getattr(child, "name", None), getattr(child, "rest", None)]
    return found.count(name)
