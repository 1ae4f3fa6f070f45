"""Small, shared helpers over fissix trees: scopes, calls, line numbers and edits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from fissix import pygram
from fissix.pgen2 import token
from fissix.pytree import Base, Leaf, Node

syms = pygram.python_symbols

SCOPE_TYPES = frozenset({syms.funcdef, syms.lambdef, syms.classdef})
COMPOUND_TYPES = frozenset(
    {
        syms.if_stmt, syms.while_stmt, syms.for_stmt, syms.try_stmt, syms.with_stmt,
        syms.funcdef, syms.classdef, syms.decorated, syms.async_stmt, syms.async_funcdef,
    }
)


def is_async_def(node: Base) -> bool:
    """True for a `funcdef` written as `async def`."""
    parent = node.parent
    return (
        node.type == syms.funcdef
        and parent is not None
        and parent.type in (syms.async_stmt, syms.async_funcdef)
        and parent.children[0].type == token.ASYNC
    )


def function_name(funcdef: Node) -> str:
    return funcdef.children[1].value


def function_body(funcdef: Node) -> Base:
    return funcdef.children[-1]


def _is_generator_expression(node: Base) -> bool:
    if node.type == syms.argument:
        return any(child.type == syms.comp_for for child in node.children)
    return (
        node.type == syms.atom
        and node.children[0].type == token.LPAR
        and len(node.children) == 3
        and node.children[1].type == syms.testlist_gexp
        and any(child.type == syms.comp_for for child in node.children[1].children)
    )


def enclosing_function(node: Base) -> Node | None:
    """The `def` whose body runs `node`, or None when something else (a lambda, a class body,
    a generator expression, a default value, the module) runs it first."""
    child, parent = node, node.parent
    while parent is not None:
        if parent.type == syms.funcdef:
            return parent if child is parent.children[-1] else None
        if parent.type in (syms.lambdef, syms.classdef) or _is_generator_expression(parent):
            return None
        child, parent = parent, parent.parent
    return None


def directly_in_async_def(node: Base) -> bool:
    """In the body of a coroutine itself, where `await` is allowed and the event loop runs it."""
    function = enclosing_function(node)
    return function is not None and is_async_def(function)


def walk(node: Base, *, into_scopes: bool = True) -> Iterator[Base]:
    """Pre-order walk; with into_scopes=False the bodies of nested def/lambda/class are skipped."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current is not node and not into_scopes and current.type in SCOPE_TYPES:
            continue
        stack.extend(reversed(current.children))


def functions(tree: Base) -> Iterator[Node]:
    return (node for node in walk(tree) if node.type == syms.funcdef)


def first_line(node: Base) -> int:
    """The original line of a node; nodes created by an earlier rewrite borrow their neighbour's."""
    for leaf in node.leaves():
        if leaf.lineno:
            return leaf.lineno
    while node.parent is not None:
        previous = node.prev_sibling
        node = previous if previous is not None else node.parent
        for leaf in reversed(list(node.leaves())):
            if leaf.lineno:
                return leaf.lineno
    return 1


def first_column(node: Base) -> int:
    """1-based column of a node's first token."""
    leaf = next(node.leaves(), None)
    return (leaf.column + 1) if leaf is not None else 1


def header_lines(node: Base) -> range:
    """Lines a suppression comment may stand on: the whole node, or a compound statement's header."""
    start = first_line(node)
    end = start
    for leaf in node.leaves():
        if node.type in COMPOUND_TYPES and leaf.type == token.COLON and leaf.parent.type != syms.lambdef:
            end = max(end, leaf.lineno)
            break
        if leaf.lineno:
            end = max(end, leaf.lineno + leaf.value.count("\n"))
    return range(start, end + 1)


def indent_of(statement: Base) -> str:
    """The indentation of a statement: the text between the line break before it and its first
    token (fissix keeps it in the statement's prefix, an INDENT, or a closed block's DEDENT)."""
    leaf = next(statement.leaves())
    text = leaf.prefix
    while "\n" not in text:
        leaf = _previous_leaf(leaf)
        if leaf is None:
            break
        text = leaf.prefix + leaf.value + text
    return text.rsplit("\n", 1)[-1]


def _previous_leaf(leaf: Base) -> Leaf | None:
    node = leaf
    while node.prev_sibling is None:
        node = node.parent
        if node is None:
            return None
    node = node.prev_sibling
    while node.children:
        node = node.children[-1]
    return node


def statement_of(node: Base) -> Base:
    """The statement (simple_stmt or compound) that contains node."""
    while node.parent is not None and node.parent.type not in (syms.suite, syms.file_input):
        node = node.parent
    return node


def dotted_name(node: Base) -> str | None:
    """`a.b.c` for a NAME or a power/dotted_name made only of `.NAME` trailers, else None."""
    if node.type == token.NAME:
        return node.value
    if node.type == syms.dotted_name:
        return "".join(leaf.value for leaf in node.leaves())
    if node.type != syms.power or node.children[0].type != token.NAME:
        return None
    parts = [node.children[0].value]
    for trailer in node.children[1:]:
        if trailer.type != syms.trailer or trailer.children[0].type != token.DOT:
            return None
        parts.append(trailer.children[1].value)
    return ".".join(parts)


@dataclass
class Call:
    """A call `callee(args)` found as the trailer at `index` of a `power` node."""

    node: Node
    index: int

    @property
    def start(self) -> int:
        return 1 if self.node.children[0].type == token.AWAIT else 0

    @property
    def callee(self) -> list[Base]:
        return self.node.children[self.start : self.index]

    @property
    def trailer(self) -> Node:
        return self.node.children[self.index]

    @property
    def head(self) -> Base:
        """The callee's first part (a NAME for `a.b(...)`), where name resolution starts."""
        return self.node.children[self.start]

    @property
    def dotted(self) -> str | None:
        parts = self.callee
        if parts[0].type != token.NAME or any(
            part.type != syms.trailer or part.children[0].type != token.DOT for part in parts[1:]
        ):
            return None
        return ".".join([parts[0].value, *(part.children[1].value for part in parts[1:])])

    @property
    def arguments(self) -> list[Base]:
        """The argument nodes, without the commas."""
        inner = self.trailer.children[1:-1]
        if not inner:
            return []
        if inner[0].type == syms.arglist:
            return [child for child in inner[0].children if child.type != token.COMMA]
        return list(inner)

    @property
    def awaited(self) -> bool:
        return self.start == 1 and self.index == len(self.node.children) - 1

    @property
    def is_last(self) -> bool:
        return self.index == len(self.node.children) - 1


def plain_call(node: Base) -> Call | None:
    """`a.b(...)` as a Call when `node` is exactly a dotted name called once, not awaited."""
    if node.type != syms.power or node.children[0].type == token.AWAIT:
        return None
    call = Call(node, len(node.children) - 1)
    trailer = call.trailer
    is_call = trailer.type == syms.trailer and trailer.children[0].type == token.LPAR
    return call if is_call and call.dotted else None


def fresh_name(scope: Base, preferred: str) -> str:
    """`preferred`, or it with underscores appended, not used as a name anywhere in `scope`."""
    used = {leaf.value for leaf in scope.leaves() if leaf.type == token.NAME}
    name = preferred
    while name in used:
        name += "_"
    return name


def calls(tree: Base) -> Iterator[Call]:
    for node in walk(tree):
        if node.type == syms.power:
            for index, child in enumerate(node.children):
                if child.type == syms.trailer and child.children[0].type == token.LPAR:
                    yield Call(node, index)


def replace_callee(call: Call, dotted: str) -> None:
    """Point a call at another dotted name, keeping the leading whitespace."""
    prefix = call.head.prefix
    for part in call.callee:
        part.remove()
    names = dotted.split(".")
    new = [Leaf(token.NAME, names[0], prefix=prefix)]
    new += [Node(syms.trailer, [Leaf(token.DOT, "."), Leaf(token.NAME, name)]) for name in names[1:]]
    for offset, part in enumerate(new):
        call.node.insert_child(call.start + offset, part)
    call.index = call.start + len(new)


def add_await(call: Call) -> None:
    """Turn `f(x)` into `await f(x)`; when trailers follow, or an outer `await` belongs to the
    whole expression, the awaited call is parenthesised: `(await f(x)).y`."""
    power = call.node
    if call.is_last and call.start == 0:
        power.insert_child(0, Leaf(token.AWAIT, "await", prefix=power.prefix))
        power.children[1].prefix = " "
        call.index += 1
        return
    inner = power.children[call.start : call.index + 1]
    prefix = inner[0].prefix
    for child in inner:
        child.remove()
    inner[0].prefix = " "
    awaited = Node(syms.power, [Leaf(token.AWAIT, "await"), *inner])
    power.insert_child(call.start, Node(syms.atom, [Leaf(token.LPAR, "("), awaited, Leaf(token.RPAR, ")")], prefix=prefix))
    call.node, call.index = awaited, len(awaited.children) - 1


def parameter_names(function: Node) -> list[str]:
    """Every parameter name of a `def` or `lambda`, in order, `*args` and `**kwargs` included."""
    return [name for name, _ in _parameters(function)]


def positional_parameters(funcdef: Node) -> list[str]:
    """The parameters a caller can fill by position: those before `*`, `*args` or `**kwargs`."""
    return [name for name, positional in _parameters(funcdef) if positional]


def _parameters(function: Node) -> Iterator[tuple[str, bool]]:
    """(name, positional) for each parameter of a `def` or `lambda`, defaults skipped."""
    if function.type == syms.funcdef:
        inner = function.children[2].children[1:-1]
    else:  # lambdef: 'lambda' [varargslist] ':' test
        inner = function.children[1:-2]
    if not inner:
        return
    items = inner[0].children if inner[0].type in (syms.typedargslist, syms.varargslist) else inner
    positional, in_default = True, False
    for item in items:
        if item.type == token.COMMA:
            in_default = False
        elif item.type == token.EQUAL:
            in_default = True
        elif item.type in (token.STAR, token.DOUBLESTAR):
            positional = False
        elif not in_default and item.type == token.NAME:
            yield item.value, positional
        elif not in_default and item.type in (syms.tname, syms.vname):
            yield item.children[0].value, positional


def make_async(funcdef: Node) -> None:
    """Turn a plain `def` (in a tree) into `async def`; decorators and comments stay put."""
    if is_async_def(funcdef):
        return
    parent = funcdef.parent
    kind = syms.async_funcdef if parent.type == syms.decorated else syms.async_stmt
    keyword = Leaf(token.ASYNC, "async", prefix=funcdef.prefix)
    funcdef.prefix = " "
    index = funcdef.remove()
    parent.insert_child(index, Node(kind, [keyword, funcdef]))


def enclosing_class(funcdef: Node) -> Node | None:
    """The class whose body defines `funcdef` itself (a method), else None."""
    node = funcdef
    while node.parent is not None and node.parent.type in (syms.async_stmt, syms.async_funcdef, syms.decorated):
        node = node.parent
    parent = node.parent
    if parent is not None and parent.type == syms.suite:
        parent = parent.parent
    return parent if parent is not None and parent.type == syms.classdef else None


def class_bases(classdef: Node) -> list[Base]:
    """The base-class expressions of a `class` statement, without `metaclass=`, `*bases` and the like."""
    if classdef.children[2].type != token.LPAR or classdef.children[3].type == token.RPAR:
        return []
    inner = classdef.children[3]
    items = inner.children if inner.type == syms.arglist else [inner]
    return [item for item in items if item.type not in (token.COMMA, syms.argument)]


def derives_from(classdef: Node, wanted: str, qualified: Callable[[Base], str | None]) -> bool:
    """Whether a class's bases resolve to `wanted` (`qualified` resolves an expression through the
    imports), directly or through classes of the same file that do."""
    root = classdef
    while root.parent is not None:
        root = root.parent
    seen: set[int] = set()

    def check(node: Node) -> bool:
        seen.add(id(node))
        for base in class_bases(node):
            resolved = qualified(base)
            if resolved == wanted:
                return True
            # a plain name bound in this file (not imported) may be a class defined here
            if resolved is None and base.type == token.NAME:
                for other in walk(root):
                    if (
                        other.type == syms.classdef
                        and other.children[1].value == base.value
                        and id(other) not in seen
                        and check(other)
                    ):
                        return True
        return False

    return check(classdef)


def shift_lines(node: Base, extra: str) -> None:
    """Indent by `extra` every line that starts inside `node` (call it while node is still in its
    tree): comments, continuation lines and nested blocks move with it; string contents do not.
    A final DEDENT's prefix (comments and indentation of what follows the node) moves too."""
    at_start = _starts_line(node)
    for leaf in node.leaves():
        parts = leaf.prefix.split("\n")
        last = len(parts) - 1
        leaf.prefix = "\n".join(
            extra + part if part and (index or at_start) and (part.strip() or index == last) else part
            for index, part in enumerate(parts)
        )
        at_start = leaf.prefix.endswith("\n") or (at_start and not leaf.prefix)
        if at_start and leaf.value:  # a token at column 0: an INDENT, or a line inside brackets
            if leaf.type == token.INDENT:
                leaf.value = extra + leaf.value
            else:
                leaf.prefix += extra
        if leaf.value:
            at_start = leaf.value.endswith("\n")


def _starts_line(node: Base) -> bool:
    """Whether the text before node is empty or ends with a newline."""
    while node.prev_sibling is None and node.parent is not None:
        node = node.parent
    previous = node.prev_sibling
    while previous is not None:
        for leaf in reversed(list(previous.leaves())):
            if leaf.prefix or leaf.value:
                return (leaf.value or leaf.prefix).endswith("\n")
        while previous.prev_sibling is None and previous.parent is not None:
            previous = previous.parent
        previous = previous.prev_sibling
    return True
