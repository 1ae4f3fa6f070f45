"""Qualified-name resolution: what a name at a given place refers to through the file's imports.

`import time as t; t.sleep()` and `from time import sleep as nap; nap()` both resolve to
`time.sleep`; a parameter, local variable or attribute that only shares the spelling resolves to
nothing. Names bound nowhere in the file resolve to themselves (builtins such as `open`).
"""

from __future__ import annotations

import ast
import symtable
from collections.abc import Collection, Iterable, Iterator

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.tree import (
    SCOPE_TYPES,
    Binding,
    Call,
    dotted_name,
    parameter_names,
    scope_bindings,
    syms,
)

_LOCAL = None  # a binding that is not an import
# the node types `NameResolver._bind_statement` reads bindings from: a walrus, and statements
_COLONEQUAL = token.COLONEQUAL
_BINDING_TYPES = frozenset(
    {
        syms.import_name, syms.import_from, syms.expr_stmt, syms.for_stmt, syms.with_item, syms.except_clause,
        syms.case_block, syms.global_stmt,
    }
)


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
    """The scopes of one file's tree, built when first asked for. After a rewrite, `invalidate`
    names the top-level statements that changed: only their scopes are built again (the module
    scope's bindings are kept per top-level statement), so a codemod that rewrites one function
    does not make the next one pay for the whole file."""

    def __init__(self, tree: Node, module: str = "") -> None:
        self.tree = tree
        self.module = module  # dotted module name of the file, for relative imports
        self._scopes: dict[int, Scope] = {}
        self._module_scope: Scope | None = None  # None until built, and after a full `invalidate`
        # per top-level statement, by id: (the statement, the module-level names it binds, the
        # ids of the scopes inside it); the statement is held so that its id stays its own
        self._parts: dict[int, tuple[Base, Scope, list[int]]] = {}
        self._stale: set[int] | None = None  # None: nothing changed since the last build
        self._built_scopes: list[int] = []  # ids of the scopes `_build` makes, for the parts

    def invalidate(self, statements: Iterable[Base] | None = None) -> None:
        """The tree was rewritten: `statements` are the top-level statements that changed
        (statements added or removed at the top level are found without being named); None
        means anything may have. Scopes are rebuilt when next asked for, so a codemod that asks
        nothing after another one's rewrite costs no rebuild."""
        if statements is None:
            self._module_scope = None
        else:
            self._stale = (self._stale or set()) | {id(statement) for statement in statements}

    def _built(self) -> Scope:
        if self._module_scope is None:
            self._scopes, self._parts, self._stale = {}, {}, set()
            self._module_scope = Scope(self.tree, None)
            self._scopes[id(self.tree)] = self._module_scope
        if self._stale is not None:
            self._refresh(self._stale)
        return self._module_scope

    module_scope = property(_built)

    @property
    def scopes(self) -> dict[int, Scope]:
        """Every scope, by the id() of its node."""
        self._built()
        return self._scopes

    # --- building -----------------------------------------------------------------------------

    def _refresh(self, stale: set[int]) -> None:
        """Build the parts of new and stale top-level statements, drop those of removed ones,
        and merge the module scope's bindings from the parts."""
        module = self._module_scope
        assert module is not None
        parts: dict[int, tuple[Base, Scope, list[int]]] = {}
        for statement in self.tree.children:
            key = id(statement)
            part = self._parts.pop(key, None)
            if part is None or part[0] is not statement or key in stale:
                if part is not None:
                    self._forget(part)
                bindings, self._built_scopes = Scope(statement, None), []
                self._bind_under(statement, bindings, module, own_root=False)
                part = (statement, bindings, self._built_scopes)
            parts[key] = part
        for removed in self._parts.values():
            self._forget(removed)
        self._parts, self._stale = parts, None
        module.bindings, module.globals, module.star_import = {}, set(), False
        for _, bindings, _ in parts.values():
            for name, bound in bindings.bindings.items():
                module.bindings.setdefault(name, set()).update(bound)
            module.globals |= bindings.globals
            module.star_import = module.star_import or bindings.star_import

    def _forget(self, part: tuple[Base, Scope, list[int]]) -> None:
        for key in part[2]:
            self._scopes.pop(key, None)

    def _build(self, node: Base, parent: Scope | None) -> Scope:
        params = _type_params(node)
        if params is not None and node.type != syms.type_stmt:
            # PEP 695: `def f[T]` and `class C[T]` bind T in a scope between the enclosing one
            # and their own; `type X[T] = ...` binds it in the alias's own scope
            parent = self._scopes[id(params)] = Scope(params, parent)
            self._built_scopes.append(id(params))
            _bind_type_params(params, parent)
        scope = Scope(node, parent)
        self._scopes[id(node)] = scope
        self._built_scopes.append(id(node))
        if params is not None and node.type == syms.type_stmt:
            self._scopes[id(params)] = scope
            self._built_scopes.append(id(params))
            _bind_type_params(params, scope)
        if node.type in (syms.funcdef, syms.lambdef):
            for name in parameter_names(node):
                scope.bind(name)
        body = node.children[-1] if node.type in SCOPE_TYPES else node
        self._bind_under(body, scope, scope)
        return scope

    def _bind_under(self, root: Base, binder: Scope, owner: Scope, *, own_root: bool = True) -> None:
        """Bind into `binder` the names bound under `root`, building the nested scopes (children
        of `owner`) on the way; with `own_root`, `root` itself is code of the scope, not a nested
        one (a lambda's body may be a lambda)."""
        # `walk(root, into_scopes=False)` written out: this loop visits every node of the file
        # each time the scopes are built, so it only calls out for nodes that bind something
        stack = [root]
        while stack:
            child = stack.pop()
            kind = child.type
            if kind < 256:  # a token: most of the nodes
                if kind == _COLONEQUAL:
                    self._bind_statement(child, binder)
                continue
            if kind in SCOPE_TYPES and not (own_root and child is root):
                if kind != syms.lambdef:
                    binder.bind(child.children[1].value)
                self._build(child, owner)
                continue
            if kind in _BINDING_TYPES:
                self._bind_statement(child, binder)
            stack.extend(reversed(child.children))

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
        elif kind == syms.with_item or (kind == syms.except_clause and node.children[-2].value == "as"):
            _bind_target(node.children[-1], scope)
        elif kind == token.COLONEQUAL:  # a walrus anywhere: `(x := 1)`, `f(x := 1)`, `a[x := 1]`
            _bind_target(node.prev_sibling, scope)
        elif kind == syms.case_block:
            _bind_pattern(node.children[1], scope)
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
        """The innermost scope whose code contains node. The header of a def or class with type
        parameters (annotations, bases; not parameter defaults) is in its type parameters' scope."""
        child, parent = node, node.parent
        default = False
        while parent is not None:
            kind = parent.type
            if kind in SCOPE_TYPES:  # the only nodes with type parameters too
                if child is parent.children[-1] or kind == syms.lambdef:
                    return self.scopes.get(id(parent), self.module_scope)
                params = _type_params(parent)
                if params is not None and not default and id(params) in self.scopes:
                    return self.scopes[id(params)]
            elif kind == syms.typedargslist and not default:
                previous = child.prev_sibling
                default = previous is not None and previous.type == token.EQUAL
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
            # PEP 695 annotation scopes (type parameters, type aliases) see the class they are in
            innermost = innermost and scope.node.type in (syms.typeparams, syms.type_stmt)
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


def _type_params(node: Base) -> Base | None:
    """The `[T, *Ts, **P]` of a def, class or type alias (PEP 695), if it has one."""
    if node.type in (syms.funcdef, syms.classdef, syms.type_stmt) and node.children[2].type == syms.typeparams:
        return node.children[2]
    return None


def _bind_type_params(params: Base, scope: Scope) -> None:
    for param in params.children[1:-1:2]:  # `T`, `T: bound`, `*Ts`, `**P`, with any default
        scope.bind(next(leaf.value for leaf in param.leaves() if leaf.type == token.NAME))


# Names in a match pattern that capture nothing: the wildcard, literals, and `as` itself.
_NOT_CAPTURES = frozenset({"_", "None", "True", "False", "as"})


def _bind_pattern(pattern: Base, scope: Scope) -> None:
    """Bind the names a match pattern (parsed as an expression) captures: bare names, `*rest`,
    `**rest`, `as` targets, and those inside sequence, mapping, class and or-patterns. Class
    names, keyword names, dotted values and mapping keys capture nothing."""
    kind = pattern.type
    if kind == token.NAME:
        if pattern.value not in _NOT_CAPTURES:
            scope.bind(pattern.value)
    elif kind == syms.power:  # `Point(x, y=p)`: only the arguments are patterns
        call = pattern.children[-1]
        if call.type == syms.trailer and call.children[0].type == token.LPAR:
            for argument in call.children[1:-1]:
                _bind_pattern(argument, scope)
    elif kind == syms.argument and pattern.children[1].type == token.EQUAL:
        for part in pattern.children[2:]:
            _bind_pattern(part, scope)
    else:
        for part in pattern.children:
            _bind_pattern(part, scope)


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


def ast_made_by(module: ast.Module, module_name: str, callees: Collection[str]) -> Iterator[str]:
    """`module_name.name` of every module-level `name = f(...)` and `name: T = f(...)` whose `f`
    resolves (see `ast_qualified`) to one of `callees`: cross-file facts about what a module makes."""
    imports = ast_imports(module, module_name)
    for statement in module.body:
        value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Call) and ast_qualified(value.func, imports, module_name) in callees:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            yield from (f"{module_name}.{target.id}" for target in targets if isinstance(target, ast.Name))


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


def function_locals(statement: Base, name: str) -> set[str] | None:
    """The names function `name`, defined by the module-level `statement`, binds in its own
    scope as CPython decides (parameters, assignments of any kind, `del`, imports, loop, `with`
    and `except` targets, nested def and class); None when CPython does not accept the code."""
    try:
        table = symtable.symtable(str(statement).lstrip(), "<fastfix>", "exec")
    except SyntaxError:
        return None
    for child in table.get_children():
        if child.get_type() == "function" and child.get_name() == name:
            return {symbol.get_name() for symbol in child.get_symbols() if symbol.is_local()}
    return None


def bindings(names: NameResolver, name: str, at: Base) -> list[Binding]:
    """Where `name`, used at node `at`, is bound: every binding of it in the scope it resolves to
    (see `scope_bindings`), following `global`; [] when no scope of the file binds it."""
    scope, innermost = names.scope_of(at), True
    while scope is not None:
        if name in scope.globals and scope is not names.module_scope:
            scope = names.module_scope
            continue
        if (scope.node.type != syms.classdef or innermost) and name in scope.bindings:
            return scope_bindings(scope.node, name)
        innermost, scope = False, scope.parent
    return []


def bound_once(names: NameResolver, name: Base) -> Binding | None:
    """The binding of a NAME that is no import, when the scope it resolves to binds it once."""
    if name.type != token.NAME or names.qualified(name) is not None:
        return None
    found = bindings(names, name.value, name)
    return found[0] if len(found) == 1 else None


_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})


def annotated_type(names: NameResolver, annotation: Base) -> str | None:
    """The qualified name of the class an annotation declares. `T`, `"T"`, `Annotated[T, ...]`,
    `Optional[T]` and `T | None` all give T's; a name bound once in the file to an annotation
    (`DB = Annotated[Session, Depends(get_db)]`) is followed. None when it cannot be told."""
    node: Base | None = annotation
    for _ in range(8):  # aliases of aliases, but never around a cycle
        if node is None:
            return None
        if node.type == token.STRING:
            try:
                text = ast.literal_eval(node.value)
            except (SyntaxError, ValueError):
                return None
            root, _, rest = text.partition(".") if isinstance(text, str) else ("", "", "")
            resolved = names.resolve(root, node) if root.isidentifier() else None
            return f"{resolved}.{rest}" if resolved and rest else resolved
        if node.type == syms.expr and all(op.type == token.VBAR for op in node.children[1::2]):
            others = [part for part in node.children[::2] if not (part.type == token.NAME and part.value == "None")]
            node = others[0] if len(others) == 1 else None
            continue
        if node.type == syms.power and node.children[-1].type == syms.trailer and node.children[-1].children[0].type == token.LSQB:
            head, attributes = node.children[0], node.children[1:-1]
            dotted = [p.children[1].value for p in attributes if p.children[0].type == token.DOT]
            root = names.resolve(head.value, head) if head.type == token.NAME and len(dotted) == len(attributes) else None
            wrapper, inner = root and ".".join([root, *dotted]), node.children[-1].children[1]
            if wrapper not in _ANNOTATED | _OPTIONAL or (wrapper in _OPTIONAL and inner.type == syms.subscriptlist):
                return None
            node = inner.children[0] if inner.type == syms.subscriptlist else inner
            continue
        qualified = names.qualified(node) if node.type in (token.NAME, syms.power) else None
        if qualified is not None or node.type != token.NAME:
            return qualified
        found = bindings(names, node.value, node)
        node = found[0].value if len(found) == 1 else None
    return None


def caught(names: NameResolver, clause: Base) -> set[str]:
    """Qualified names of the exceptions an `except` clause catches; {"BaseException"} for a bare
    `except` (given as its leaf). A name the file binds once to a class or a tuple of them
    (`DISCONNECTS = (ConnectionClosed, WebSocketDisconnect)`) is followed."""
    if clause.type != syms.except_clause:
        return {"BaseException"}
    return _exceptions(names, clause.children[1])


def _exceptions(names: NameResolver, node: Base, depth: int = 0) -> set[str]:
    if node.type == syms.atom and node.children[0].type == token.LPAR:
        node = node.children[1]
    if node.type in (syms.testlist_gexp, syms.testlist_star_expr, syms.exprlist):
        return set().union(*(_exceptions(names, part, depth) for part in node.children[::2]))
    qualified = names.qualified(node) if node.type in (token.NAME, syms.power) else None
    if qualified is None and node.type == token.NAME and depth < 8:
        found = bindings(names, node.value, node)
        if len(found) == 1 and found[0].value is not None and not found[0].entered:
            return _exceptions(names, found[0].value, depth + 1)
    return {qualified} if qualified else set()
