"""The index of a file that the prefilter's stage 2 asks about (see fastfix/prefilter.py): one
walk of the file's `ast`, CPython's own parse, far faster than fissix's. It records the calls,
methods, `with` statements, imports, bindings, annotations, definitions and classes of the file,
each call and statement with where it stands, as a bit: outside any def, directly in a plain
def, or directly in a coroutine."""

from __future__ import annotations

import ast
import gc
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Where a call or statement stands, as bits: outside any def (module, class body, lambda), directly
# in the body of a plain def, directly in the body of a coroutine.
ELSEWHERE, IN_FUNCTION, IN_COROUTINE = 1, 2, 4


@dataclass(frozen=True)
class Definition:
    """A `def` or `async def` of the file."""

    name: str
    place: str  # "module" (a statement of the module), "class" (of a class body), "" elsewhere
    is_async: bool  # written `async def`
    # is_async, or a def a codemod may make a coroutine before later rules run: a `dispatch`
    # method (async-dispatch), an `on_event` handler (lifespan): see fastfix/prefilter.py
    coroutine: bool
    decorated: bool
    decorators: tuple[str, ...]  # dotted names of the decorators, or of their callees (`app.get`)
    decorator_methods: tuple[str, ...]  # the attribute a called decorator calls: `get` of `@app.get(...)`


@dataclass
class Index:
    """What stage 2 asks about a file, from one `ast` walk: values are the places (bits) where it is."""

    text: str
    imports: dict[str, set[str]] = field(default_factory=dict)  # local name -> what imports (any scope) bind it to
    calls: dict[str, int] = field(default_factory=dict)  # dotted callee as written (`t.sleep`, `nap`) -> where
    methods: dict[str, int] = field(default_factory=dict)  # attribute called (`x.read_text()`: read_text) -> where
    string_methods: dict[str, int] = field(default_factory=dict)  # the same with a string first argument
    # attribute called -> (the plain name it is called on, whether with a string first argument)
    receivers: dict[str, set[tuple[str, bool]]] = field(default_factory=dict)
    assigned_calls: dict[str, int] = field(default_factory=dict)  # callee of `name = call(...)` -> where
    withs: dict[str, int] = field(default_factory=dict)  # dotted callee of the call a `with` enters first -> where
    definitions: list[Definition] = field(default_factory=list)
    # name of an annotated parameter or `name: T` target -> its annotations (`ast` expressions)
    annotated: dict[str, list[Any]] = field(default_factory=dict)
    # name -> the values the file binds it to (by `=`, `with ... as`, `:=`) that may be a type: a
    # name, attribute, subscript, operation (`|`) or string; for aliases (`DB = Annotated[...]`)
    aliases: dict[str, list[Any]] = field(default_factory=dict)
    # name -> how the file binds it to a value: "" for another name or a call of a plain name,
    # else the attribute called (`conn = engine.connect()`: "connect"); by assignment, `with`, `:=`
    made_by: dict[str, set[str]] = field(default_factory=dict)
    classes: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # name, dotted names of bases

    def spellings(self, qualified: str) -> set[str]:
        """Every dotted name that may resolve to `qualified` through the file's imports; the name
        itself too (a name bound nowhere resolves to itself)."""
        found = {qualified}
        for local, targets in self.imports.items():
            for target in targets:
                if qualified == target:
                    found.add(local)
                elif qualified.startswith(target) and qualified[len(target)] == ".":
                    found.add(local + qualified[len(target) :])
        return found

    def annotation_names(self, name: str) -> set[str]:
        """The dotted names in the annotations of `name` (see `_names_in`), and in the values of
        the names among them that the file binds (`DB` of `db: DB`), transitively: every name
        `fastfix.names.annotated_type` may resolve one of them through. Read when asked, so that
        the walk only keeps the expressions."""
        found: set[str] = set()
        pending = list(self.annotated.get(name, ()))
        while pending:
            for dotted in _names_in(pending.pop()):
                if dotted not in found:  # each alias followed once: cycles end
                    found.add(dotted)
                    pending += self.aliases.get(dotted, ())
        return found


def parse_ast(text: str) -> ast.Module | None:
    """The file read with `ast`, or None when it does not parse (fissix reports the error)."""
    enabled = gc.isenabled()
    gc.disable()  # the tree is acyclic: collections while it is built only cost time
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    finally:
        if enabled:
            gc.enable()


def build_index(text: str, module: str = "", tree: ast.Module | None = None) -> Index | None:
    """The file's index, from its `ast` if already parsed; None when `ast` cannot parse it (the
    caller then filters nothing)."""
    tree = tree or parse_ast(text)
    return None if tree is None else _walk(tree, module, Index(text))


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
# Nodes under which nothing the index records can be: skipped, not visited (most nodes are these).
_LEAVES = frozenset(
    {ast.Name, ast.Constant, ast.alias, ast.Pass, ast.Break, ast.Continue, ast.Global, ast.Nonlocal}
    | {cls for base in (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop) for cls in base.__subclasses__()}
)
_SKIPPED_FIELDS = ("ctx", "op", "ops")
_children_fields: dict[type, tuple[str, ...]] = {}


def _fields(kind: type) -> tuple[str, ...]:
    found = _children_fields.get(kind)
    if found is None:
        found = _children_fields[kind] = tuple(name for name in kind._fields if name not in _SKIPPED_FIELDS)
    return found


def _walk(tree: ast.Module, module: str, index: Index) -> Index:
    """One pass over the tree. Each scope's code is walked with where it stands; the body of a
    def, class or lambda is queued as a scope of its own, while its decorators, defaults,
    annotations and bases stay in the enclosing one (they run there)."""
    calls, methods, string_methods, withs, imports = index.calls, index.methods, index.string_methods, index.withs, index.imports
    assigned, made_by, annotated, aliases = index.assigned_calls, index.made_by, index.annotated, index.aliases
    scopes: list[tuple[list[Any], int, str]] = [(tree.body, ELSEWHERE, "module")]
    leaves, ast_node, ast_call, ast_attribute, ast_name = _LEAVES, ast.AST, ast.Call, ast.Attribute, ast.Name
    while scopes:
        body, where, place = scopes.pop()
        direct = {id(statement) for statement in body} if place else set()
        stack = list(body)
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast_call:
                func = node.func
                chain = _dotted(func)
                if chain is not None:
                    calls[chain] = calls.get(chain, 0) | where
                if type(func) is ast_attribute:
                    methods[func.attr] = methods.get(func.attr, 0) | where
                    stringy = bool(node.args) and _stringy(node.args[0])
                    if stringy:
                        string_methods[func.attr] = string_methods.get(func.attr, 0) | where
                    if type(func.value) is ast_name:
                        index.receivers.setdefault(func.attr, set()).add((func.value.id, stringy))
            elif kind in _DEFS:
                decorators, called = [], []
                for decorator in node.decorator_list:
                    target = decorator.func if type(decorator) is ast_call else decorator
                    chain = _dotted(target)
                    if chain is not None:
                        decorators.append(chain)
                    if type(decorator) is ast_call and type(target) is ast_attribute:
                        called.append(target.attr)
                is_async = kind is ast.AsyncFunctionDef
                coroutine = is_async or node.name == "dispatch" or "on_event" in called
                at = place if id(node) in direct else ""
                index.definitions.append(
                    Definition(node.name, at, is_async, coroutine, bool(node.decorator_list), tuple(decorators), tuple(called))
                )
                stack += node.decorator_list
                stack += getattr(node, "type_params", ())
                stack.append(node.args)
                if node.returns is not None:
                    stack.append(node.returns)
                scopes.append((node.body, IN_COROUTINE if coroutine else IN_FUNCTION, ""))
                continue
            elif kind is ast.ClassDef:
                index.classes.append((node.name, tuple(filter(None, map(_dotted, node.bases)))))
                stack += node.decorator_list
                stack += getattr(node, "type_params", ())
                stack += node.bases
                stack += node.keywords
                scopes.append((node.body, ELSEWHERE, "class"))
                continue
            elif kind is ast.Lambda:
                stack.append(node.args)
                scopes.append(([node.body], ELSEWHERE, ""))
                continue
            elif kind is ast.Import:
                for alias in node.names:
                    root = alias.name.split(".")[0]
                    imports.setdefault(alias.asname or root, set()).add(alias.name if alias.asname else root)
                continue
            elif kind is ast.ImportFrom:
                base = node.module or ""
                if node.level:  # made absolute as fastfix.names.absolute_module does
                    package = module.split(".")[: -node.level] if module else []
                    base = ".".join([*package, base] if base else package)
                for alias in node.names:
                    if alias.name != "*":
                        imports.setdefault(alias.asname or alias.name, set()).add(f"{base}.{alias.name}" if base else alias.name)
                continue
            elif kind is ast.Assign or kind is ast.AnnAssign:
                value, targets = node.value, node.targets if kind is ast.Assign else [node.target]
                if type(value) is ast_call and len(targets) == 1 and type(targets[0]) is ast_name:
                    chain = _dotted(value.func)
                    if chain is not None:
                        assigned[chain] = assigned.get(chain, 0) | where
                for target in targets:
                    if type(target) is ast_name:
                        _made(made_by, target.id, value)
                        _alias(aliases, target.id, value)
                        if kind is ast.AnnAssign:
                            annotated.setdefault(target.id, []).append(node.annotation)
            elif kind is ast.arg:
                if node.annotation is not None:
                    annotated.setdefault(node.arg, []).append(node.annotation)
            elif kind is ast.withitem or kind is ast.NamedExpr:
                target = node.optional_vars if kind is ast.withitem else node.target
                if type(target) is ast_name:
                    value = node.context_expr if kind is ast.withitem else node.value
                    _made(made_by, target.id, value)
                    _alias(aliases, target.id, value)
            elif kind is ast.With:
                entered = node.items[0].context_expr
                chain = _dotted(entered.func) if type(entered) is ast_call else None
                if chain is not None:
                    withs[chain] = withs.get(chain, 0) | where
            for name in _fields(kind):
                value = getattr(node, name)
                if type(value) is list:
                    stack += [item for item in value if type(item) not in leaves and isinstance(item, ast_node)]
                elif type(value) not in leaves and isinstance(value, ast_node):
                    stack.append(value)
    return index


def _made(made_by: dict[str, set[str]], name: str, value: Any) -> None:
    """Note how a name is bound to a value: see `Index.made_by`."""
    kind = type(value)
    if kind is ast.Call:
        func = value.func
        kind = type(func)
        if kind is ast.Name:
            made_by.setdefault(name, set()).add("")
        elif kind is ast.Attribute:
            made_by.setdefault(name, set()).add(func.attr)
    elif kind is ast.Name:
        made_by.setdefault(name, set()).add("")


# The values an alias of an annotation may have: what `fastfix.names.annotated_type` reads
_TYPE_VALUES = frozenset({ast.Name, ast.Attribute, ast.Subscript, ast.BinOp, ast.Constant})


def _alias(aliases: dict[str, list[Any]], name: str, value: Any) -> None:
    """Note a value a name is bound to, if it may be a type: see `Index.aliases`."""
    if type(value) in _TYPE_VALUES:
        aliases.setdefault(name, []).append(value)


def _names_in(expression: Any) -> Iterator[str]:
    """The dotted names in an `ast` expression, each chain whole (`orm.Session`, not `orm`), and
    those in its strings read as code (`"orm.Session"`, `Optional["Session"]`)."""
    pending = [expression]
    while pending:
        node = pending.pop()
        chain = _dotted(node)
        if chain is not None:
            yield chain
        elif type(node) is not ast.Constant:
            pending += ast.iter_child_nodes(node)
        elif isinstance(node.value, str):
            code = parse_ast(node.value)
            if code is None:  # `annotated_type` resolves such a string only when it is one dotted name
                yield from _DOTTED_WORDS.findall(node.value)
            else:
                pending.append(code)


# what may be a dotted name in a string that does not parse as code (`"a.class.B"`)
_DOTTED_WORDS = re.compile(r"\w+(?:\.\w+)*")


def _dotted(node: Any) -> str | None:
    """`a.b.c` for a Name or a chain of attributes of one, else None."""
    parts = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _stringy(node: Any) -> bool:
    """A string literal (f-strings too), or an expression that `+`, `%` or `.format()` builds from one."""
    pending = [node]
    while pending:
        node = pending.pop()
        kind = type(node)
        if (kind is ast.Constant and isinstance(node.value, str)) or kind is ast.JoinedStr:
            return True
        if kind is ast.BinOp:
            pending += [node.left, node.right]
        elif kind is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "format":
            pending.append(node.func.value)
    return False
