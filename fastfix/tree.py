"""Small, shared helpers over fissix trees: scopes, calls, line numbers and edits."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from fissix.pgen2 import token
from fissix.pytree import Base, Leaf, Node

from fastfix.grammar import symbols
from fastfix.parsing import parse_expression

syms = symbols  # the node types of fastfix's grammar (fastfix/grammar/Grammar.txt)

# A `type X = ...` alias's value is evaluated lazily, in a scope of its own (PEP 695).
SCOPE_TYPES = frozenset({syms.funcdef, syms.lambdef, syms.classdef, syms.type_stmt})
COMPOUND_TYPES = frozenset(
    {
        syms.if_stmt, syms.while_stmt, syms.for_stmt, syms.try_stmt, syms.with_stmt,
        syms.funcdef, syms.classdef, syms.decorated, syms.async_stmt, syms.async_funcdef,
        syms.match_stmt, syms.case_block,
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
    a type alias, a generator expression, a default value, the module) runs it first."""
    child, parent = node, node.parent
    while parent is not None:
        if parent.type == syms.funcdef:
            return parent if child is parent.children[-1] else None
        if parent.type in SCOPE_TYPES or _is_generator_expression(parent):
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
        if current.children and (into_scopes or current is node or current.type not in SCOPE_TYPES):
            stack.extend(reversed(current.children))


def functions(tree: Base) -> Iterator[Node]:
    """Every `def` under `tree`, in source order."""
    return iter(nodes_of_type(tree, syms.funcdef))


def nodes_of_type(tree: Base, kind: int) -> list[Node]:
    """Every node of type `kind` under `tree` (itself included), in source order as `walk` yields them.

    Every codemod and check asks the same file for its calls, its functions, its classes: for a
    whole file the nodes of each top-level statement are kept by type, and only the statements
    a rewrite changed are walked again. fissix marks every node above a change `was_changed` (a
    token's value set alone is not marked, but leaves the node types as they were): a marked
    statement is walked on every lookup, and kept again once `take_changed` has taken its mark,
    so that a rewrite nobody reports cannot make a lookup wrong."""
    if not _is_file(tree):
        return _nodes_by_type(tree).get(kind, [])
    found = [tree] if tree.type == kind else []
    kept = _kept_statements(tree)
    for statement in tree.children:  # not the cache: statements come and go
        found += _statement_nodes(kept, statement).get(kind, ())
    return found


def take_changed(tree: Node) -> list[Base]:
    """The top-level statements rewritten since the last call: their marks and the file's are
    cleared (so that the next call sees only the next rewrites) and their nodes are found anew."""
    changed = [statement for statement in tree.children if statement.was_changed]
    kept = _kept_statements(tree)
    for statement in changed:
        statement.was_changed = False
        kept.pop(id(statement), None)
    tree.was_changed = False
    return changed


# per top-level statement, by id: the statement (held so that its id stays its own) and its nodes by type
_KEPT = "_fastfix_nodes_by_statement"
_Kept = dict[int, tuple[Base, dict[int, list[Node]]]]


def _is_file(tree: Base) -> bool:
    return tree.parent is None and tree.type == syms.file_input


def _kept_statements(tree: Node) -> _Kept:
    # kept on the file's root itself: it goes with the tree, and no other tree finds it
    kept = getattr(tree, _KEPT, None)
    if kept is None:
        kept = {}
        setattr(tree, _KEPT, kept)
    return kept


def _statement_nodes(kept: _Kept, statement: Base) -> dict[int, list[Node]]:
    if statement.was_changed:  # rewritten: not kept until `take_changed` takes the mark
        return _nodes_by_type(statement)
    entry = kept.get(id(statement))
    if entry is None:
        entry = kept[id(statement)] = (statement, _nodes_by_type(statement))
    return entry[1]


def _nodes_by_type(tree: Base) -> dict[int, list[Node]]:
    """The nodes under `tree` that are not tokens, by type, each list in source order."""
    # `walk` written out: this loop runs over whole files
    groups: dict[int, list[Node]] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.type >= 256:  # not a token
            group = groups.get(node.type)
            if group is None:
                groups[node.type] = [node]
            else:
                group.append(node)
            stack.extend(reversed(node.children))
    return groups


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
        leaf = previous_leaf(leaf)
        if leaf is None:
            break
        text = leaf.prefix + leaf.value + text
    return text.rsplit("\n", 1)[-1]


def previous_leaf(leaf: Base) -> Leaf | None:
    node = leaf
    while node.prev_sibling is None:
        node = node.parent
        if node is None:
            return None
    node = node.prev_sibling
    while node.children:
        node = node.children[-1]
    return node


def next_leaf(leaf: Base) -> Leaf | None:
    node = leaf
    while node.next_sibling is None:
        node = node.parent
        if node is None:
            return None
    node = node.next_sibling
    while node.children:
        node = node.children[0]
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
        # a loop, not generator expressions: name resolution asks this of nearly every call
        head, *attributes = self.callee
        if head.type != token.NAME:
            return None
        names = [head.value]
        for part in attributes:
            if part.type != syms.trailer or part.children[0].type != token.DOT:
                return None
            names.append(part.children[1].value)
        return ".".join(names)

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


def attribute_name(part: Base) -> str | None:
    """The name of a `.name` trailer, else None."""
    return part.children[1].value if part.type == syms.trailer and part.children[0].type == token.DOT else None


def is_call_trailer(part: Base) -> bool:
    """Whether a part of a `power` node is the `(...)` of a call."""
    return part.type == syms.trailer and part.children[0].type == token.LPAR


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
    """Every call under `tree`, in source order."""
    for node in nodes_of_type(tree, syms.power):
        for index, child in enumerate(node.children):
            if child.type == syms.trailer and child.children[0].type == token.LPAR:
                yield Call(node, index)


def calls_of_method(tree: Base, *names: str) -> list[Call]:
    """Every call `x.name(...)` under `tree` of a method of `names`, in source order: `calls`
    filtered by the `.name` right before the `(`, with no Call made for the file's other calls.
    A list: a codemod may rewrite the tree while it goes through it."""
    return [
        Call(node, index)
        for node in nodes_of_type(tree, syms.power)
        for index in range(1, len(node.children))
        if is_call_trailer(node.children[index]) and attribute_name(node.children[index - 1]) in names
    ]


def decorators_of_method(tree: Base, *names: str) -> list[Node]:
    """Every decorator `@x.name(...)` under `tree` that calls a method of `names`, in source order:
    fissix shapes it `'@' dotted_name '(' [arglist] ')' NEWLINE`, not as a call."""
    return [
        node
        for node in nodes_of_type(tree, syms.decorator)
        if len(node.children) > 3 and node.children[1].type == syms.dotted_name and node.children[1].children[-1].value in names
    ]


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


def parameter_list(funcdef: Node) -> Node:
    """The `parameters` node of a def, `(a, b)`, which follows its type parameters `[T]` if any."""
    return funcdef.children[3 if funcdef.children[2].type == syms.typeparams else 2]


def _parameters(function: Node) -> Iterator[tuple[str, bool]]:
    """(name, positional) for each parameter of a `def` or `lambda`, defaults skipped."""
    if function.type == syms.funcdef:
        inner = parameter_list(function).children[1:-1]
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


def make_sync(funcdef: Node) -> None:
    """Turn an `async def` (in a tree) into a plain `def`; decorators and comments stay put."""
    if not is_async_def(funcdef):
        return
    wrapper = funcdef.parent
    funcdef.prefix = wrapper.prefix
    funcdef.remove()
    wrapper.replace(funcdef)


def is_variable(leaf: Base) -> bool:
    """A NAME that names a variable: not an attribute (`x.name`) nor a keyword argument (`f(name=1)`)."""
    following = leaf.next_sibling
    if leaf.type != token.NAME or is_attribute(leaf):
        return False
    return not (leaf.parent.type == syms.argument and following is not None and following.type == token.EQUAL)


def remove_statement(statement: Base) -> bool:
    """Remove a statement from its block; the statement after it takes its place. False (and
    nothing removed) when it is the block's last statement or has a comment on or above it."""
    following, previous = statement.next_sibling, statement.prev_sibling
    above = previous.prefix if previous is not None and previous.type == token.INDENT else ""
    if following is None or following.type < 256 or "#" in str(statement) + above:
        return False
    if previous is None or previous.type == token.INDENT:  # the block's first line: no blank lines
        following.prefix = following.prefix.lstrip(" \t\n")
    else:
        # The following statement takes the removed one's line: its indentation and the larger run
        # of blank lines above either, then its own comments. Right after a block the block's
        # dedent holds the removed statement's blank lines and indentation.
        blank = statement.prefix[: statement.prefix.rfind("\n") + 1]
        indent = statement.prefix[len(blank) :]
        their_blank = re.match(r"(?:[ \t]*\n)*", following.prefix).group()
        comments = following.prefix[len(their_blank) :].lstrip(" \t")
        after_block = previous.type >= 256 and _last_leaf(previous).type == token.DEDENT
        following.prefix = comments if after_block else max(blank, their_blank, key=len) + indent + comments
    statement.remove()
    return True


def _last_leaf(node: Base) -> Base:
    while node.children:
        node = node.children[-1]
    return node


def block_statement(compound: Node) -> Base | None:
    """The one simple statement that is a compound statement's whole body, if `unwrap_block` can
    put it in the compound's place without losing a comment of the header or above the body."""
    body = compound.children[-1]
    statements = [child for child in body.children if child.type >= 256] if body.type == syms.suite else [body]
    header = "".join(str(child) for child in compound.children[1:-1])
    if body.type == syms.suite:
        header += body.children[0].prefix + body.children[1].prefix
    if len(statements) != 1 or statements[0].type != syms.simple_stmt or "#" in header:
        return None
    return statements[0]


def unwrap_block(compound: Node) -> None:
    """Replace a compound statement (`with ...:`) by its body's one statement (see
    `block_statement`), moved left to the compound's indentation."""
    inner = block_statement(compound)
    assert inner is not None
    body = compound.children[-1]
    outer, deeper = indent_of(compound), indent_of(inner)
    for leaf in list(inner.leaves())[1:]:  # continuation lines move left with the statement
        lines = leaf.prefix.split("\n")
        leaf.prefix = "\n".join(
            [lines[0], *(outer + line[len(deeper) :] if line.startswith(deeper) else line for line in lines[1:])]
        )
    after = body.children[-1].prefix if body.type == syms.suite else ""  # a DEDENT: what follows the block
    inner.remove()
    inner.prefix = compound.prefix
    compound.replace(inner)
    following = inner.next_sibling
    if after and following is not None:
        following.prefix = after + following.prefix


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
    start = 3 if classdef.children[2].type == syms.typeparams else 2  # `class C[T](Base):`
    if classdef.children[start].type != token.LPAR or classdef.children[start + 1].type == token.RPAR:
        return []
    inner = classdef.children[start + 1]
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
                for other in nodes_of_type(root, syms.classdef):  # looked up only for such a name
                    if other.children[1].value == base.value and id(other) not in seen and check(other):
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


def keyword_argument(call: Call, name: str) -> Base | None:
    """The `name=value` argument of a call, or None."""
    for argument in call.arguments:
        first = argument.children[0] if argument.type == syms.argument else None
        if first is not None and first.type == token.NAME and first.value == name and argument.children[1].type == token.EQUAL:
            return argument
    return None


def add_argument(call: Call, code: str) -> None:
    """Append an argument (`name=value`) to a call in its layout: on the same line, or on a line
    of its own when the last argument has one, keeping a trailing comma."""
    new = parse_argument(code)
    trailer = call.trailer
    if len(trailer.children) == 2:
        trailer.insert_child(1, new)
        return
    if trailer.children[1].type != syms.arglist:
        only = trailer.children[1]
        only.remove()
        trailer.insert_child(1, Node(syms.arglist, [only]))
    arglist = trailer.children[1]
    last = [child for child in arglist.children if child.type != token.COMMA][-1]
    new.prefix = last.prefix if "\n" in last.prefix else " "
    if arglist.children[-1].type == token.COMMA:
        arglist.append_child(new)
        arglist.append_child(Leaf(token.COMMA, ","))
    else:
        arglist.append_child(Leaf(token.COMMA, ","))
        arglist.append_child(new)


def parse_argument(code: str) -> Base:
    """An argument (`name=value`, `*args`, ...) written by a codemod, detached."""
    argument = parse_expression(f"f({code})").children[1].children[1]
    argument.remove()
    return argument


def remove_argument(argument: Base) -> None:
    """Remove an argument from a call with its comma; the other arguments and every comment stay
    (a comment at the end of the argument's own line moves to a line of its own)."""
    arglist, after, before = argument.parent, argument.next_sibling, argument.prev_sibling
    if after is not None and after.type == token.COMMA:
        comma, following = after, after.next_sibling or arglist.next_sibling
    else:
        comma, following = (before if before is not None and before.type == token.COMMA else None), after or arglist.next_sibling
    prefix = argument.prefix
    own_line = "\n" in prefix
    same_line, newline, rest = following.prefix.partition("\n")
    if comma is after and following.type != token.RPAR and not newline:
        following.prefix = prefix  # the next argument, on the same line, takes its place
    elif own_line and "#" in same_line:
        indent = prefix[prefix.rfind("\n") + 1 :]
        following.prefix = prefix[: prefix.rfind("\n")] + "\n" + indent + same_line.strip() + newline + rest
    else:
        following.prefix = (prefix[: prefix.rfind("\n")] if own_line else "") + following.prefix
    for node in (argument, comma):
        if node is not None:
            node.remove()
    if arglist.type == syms.arglist and not arglist.children:
        arglist.remove()
    if following.parent.type == syms.trailer and len(following.parent.children) == 2 and "#" not in following.prefix:
        following.prefix = ""  # no arguments left: `f()`


def detach_statement(statement: Base) -> tuple[str, str]:
    """Remove a statement whose neighbours stay: blank lines and comments that stand apart from
    it go to the code that follows. Returns its own comments: the lines directly above it, and
    those at the end of its block (indented inside it)."""
    claim_prefix(statement)
    before, above = _comments_above(statement.prefix)
    trailing = ""
    for leaf in reversed(list(statement.leaves())):
        if leaf.type != token.DEDENT:
            break
        trailing, leaf.prefix = leaf.prefix + trailing, ""
    inside, rest = _block_end(trailing)
    following = statement.next_sibling
    after = rest + following.prefix
    after = before + after.lstrip("\n") if before else after
    if statement.prev_sibling is None:
        after = after.lstrip("\n")
    if following.type == token.ENDMARKER:  # no blank lines at the end of the file
        after = after.rstrip("\n") + "\n" if "#" in after else ""
    statement.remove()
    following.prefix = after
    return above, inside


def claim_prefix(statement: Base) -> None:
    """fissix keeps the blank lines and comments between a block and the statement after it in
    the block's DEDENT; move those not indented inside the block into the statement's prefix."""
    leaf = previous_leaf(next(statement.leaves()))
    while leaf is not None and leaf.type == token.DEDENT and not leaf.prefix:
        leaf = previous_leaf(leaf)
    if leaf is not None and leaf.type == token.DEDENT:
        leaf.prefix, rest = _block_end(leaf.prefix)
        statement.prefix = rest + statement.prefix


def _block_end(text: str) -> tuple[str, str]:
    """Text after a block split into the comment lines indented inside it and the rest."""
    lines = text.splitlines(keepends=True)
    inside = 0
    while inside < len(lines) and lines[inside][:1] in (" ", "\t") and lines[inside].lstrip().startswith("#"):
        inside += 1
    return "".join(lines[:inside]), "".join(lines[inside:])


def string_value(node: Base) -> str | None:
    """The value of a plain string literal (not an f-string or bytes), else None."""
    if node.type != token.STRING:
        return None
    try:
        value = ast.literal_eval(node.value)
    except (SyntaxError, ValueError):
        return None
    return value if isinstance(value, str) else None


def module_assignments(tree: Node) -> Iterator[tuple[Leaf, Base, Base]]:
    """(NAME leaf, value, statement) of each module-level `name = value` and `name: T = value`."""
    for statement in tree.children:
        expr = statement.children[0] if statement.type == syms.simple_stmt else statement
        if expr.type != syms.expr_stmt or expr.children[0].type != token.NAME:
            continue
        if len(expr.children) == 3 and expr.children[1].type == token.EQUAL:
            yield expr.children[0], expr.children[2], statement
        elif len(expr.children) == 2 and expr.children[1].type == syms.annassign and len(expr.children[1].children) == 4:
            yield expr.children[0], expr.children[1].children[3], statement


def names_used(node: Base) -> set[str]:
    """Every name the code under `node` mentions (keywords too; attribute names are not names)."""
    return {leaf.value for leaf in node.leaves() if leaf.type == token.NAME and not is_attribute(leaf)}


def name_used(tree: Base, name: str) -> bool:
    """Whether code refers to `name` other than by defining it (`def name`, `class name`); a string
    that is exactly the name (`__all__ = ["name"]`) counts too."""
    for leaf in tree.leaves():
        if leaf.type == token.STRING and leaf.value.strip("'\"") == name:
            return True
        defines = leaf.parent.type in (syms.funcdef, syms.classdef) and leaf is leaf.parent.children[1]
        if leaf.type == token.NAME and leaf.value == name and not defines and not is_attribute(leaf):
            return True
    return False


def is_attribute(leaf: Base) -> bool:
    """A NAME after a dot: `x.name` does not use a variable `name`."""
    return leaf.prev_sibling is not None and leaf.prev_sibling.type == token.DOT


def decorated_function(decorator: Base) -> tuple[Node, Node | None]:
    """The `decorated` statement of a decorator, and the `funcdef` it decorates (None for a class)."""
    decorated = decorator.parent if decorator.parent.type == syms.decorated else decorator.parent.parent
    function = decorated.children[-1]
    if function.type == syms.async_funcdef:
        function = function.children[-1]
    return decorated, function if function.type == syms.funcdef else None


def decorators(funcdef: Node) -> list[Node]:
    """The decorators of a `def` or `async def`, outermost first."""
    statement = funcdef.parent if is_async_def(funcdef) else funcdef
    decorated = statement.parent
    if decorated is None or decorated.type != syms.decorated:
        return []
    first = decorated.children[0]
    return list(first.children) if first.type == syms.decorators else [first]


def handlers_around(node: Base, scope: Base) -> Iterator[Base]:
    """The `except` clauses (a bare `except` as its leaf) of each `try` inside `scope` whose body
    runs `node`, innermost `try` first."""
    child, parent = node, node.parent
    while child is not scope and parent is not None:
        if parent.type == syms.try_stmt and child is parent.children[2]:
            yield from (c for c in parent.children if c.type == syms.except_clause or (c.type == token.NAME and c.value == "except"))
        child, parent = parent, parent.parent


def remove_decorator(decorator: Base) -> None:
    """Remove one decorator, keeping the comments above it; without decorators left, the
    definition becomes a plain `def` / `async def` statement."""
    decorated = decorated_function(decorator)[0]
    if decorator.parent is not decorated:  # one of several
        (decorator.next_sibling or decorated.children[-1]).prefix = decorator.prefix
        decorator.remove()
        return
    function = decorated.children[-1]
    function.remove()
    if function.type == syms.async_funcdef:
        parts = list(function.children)
        for part in parts:
            part.remove()
        function = Node(syms.async_stmt, parts)
    function.prefix = decorator.prefix
    decorated.replace(function)


def take_body(funcdef: Node, indent: str) -> list[tuple[Base, str]]:
    """Detach the statements of a def's body, each with the text before it on its lines (the
    comments above it and its indentation); the statement of a one-line `def f(): x` gets `indent`.
    A docstring followed by code, no docstring once the code moves, becomes comment lines."""
    body = funcdef.children[-1]
    if body.type != syms.suite:
        body.remove()
        return [(body, indent)]
    first = body.children[1]  # the INDENT holds the comments above the first statement
    statements = [child for child in body.children if child.type >= 256]
    for statement in statements:
        statement.remove()
    taken = [(s, first.prefix + first.value + s.prefix if n == 0 else s.prefix) for n, s in enumerate(statements)]
    text = string_value(statements[0].children[0]) if len(statements) > 1 and len(statements[0].children) == 2 else None
    if text is not None:
        lines = inspect.cleandoc(text).splitlines() or [""]
        comments = "".join(f"{first.value}# {line}".rstrip() + "\n" for line in lines)
        taken = [(taken[1][0], first.prefix + comments + taken[1][1].lstrip("\n")), *taken[2:]]
    return taken


def fill_block(suite: Node, statements: list[tuple[Base, str]], trailing: str = "") -> None:
    """Put statements, each with the text before it on its lines (see `take_body`), into an empty
    block (a suite of NEWLINE, INDENT, DEDENT); `trailing` holds comment lines for its end."""
    head = statements[0][1]
    suite.children[1].prefix, suite.children[1].value = head[: head.rfind("\n") + 1], head[head.rfind("\n") + 1 :]
    for number, (statement, prefix) in enumerate(statements):
        statement.prefix = prefix if number else ""
        suite.insert_child(len(suite.children) - 1, statement)
    suite.children[-1].prefix = trailing


def insert_before(statement: Base, new: Base) -> None:
    """Insert a module-level def or class before `statement`, two blank lines apart; the comments
    directly above `statement` stay with it."""
    claim_prefix(statement)
    before, above = _comments_above(statement.prefix)
    new.prefix = before if "#" in before or statement.prev_sibling is None else "\n\n"
    statement.prefix = "\n\n" + above
    statement.parent.insert_child(statement.parent.children.index(statement), new)


def _comments_above(prefix: str) -> tuple[str, str]:
    """A statement's prefix split after its last blank line: what stands apart, what belongs to it."""
    lines = prefix.splitlines(keepends=True)
    cut = max((number + 1 for number, line in enumerate(lines) if not line.strip()), default=0)
    return "".join(lines[:cut]), "".join(lines[cut:])


@dataclass
class Binding:
    """One place where a scope binds a name. `target` is the bound NAME leaf, or the statement that
    binds it (`def`, `class`, `global`, `nonlocal`). `annotation` and `value` are set when the
    binding states them: `name: T = value`, `a = name = value`, `name := value`, a parameter's
    annotation, `with value as name` (then `entered`: name gets what `value.__enter__` returns)."""

    target: Base
    annotation: Base | None = None
    value: Base | None = None
    entered: bool = False


_TARGET_PARTS = frozenset({syms.atom, syms.testlist_gexp, syms.exprlist, syms.testlist_star_expr, syms.star_expr})
_IMPORT_LISTS = frozenset({syms.import_name, syms.dotted_as_names, syms.import_as_names})


def scope_bindings(scope: Base, name: str) -> list[Binding]:
    """Every place the code of `scope` (a def, lambda, class or the module; nested scopes excluded)
    binds `name`, in source order: parameters, assignment, `for`, `with`, `except` and walrus
    targets, `del`, imports, `def` and `class` names, `global` and `nonlocal`."""
    found = [b for b in parameter_bindings(scope) if b.target.value == name]
    body = scope.children[-1] if scope.type in SCOPE_TYPES else scope
    for node in walk(body, into_scopes=False):
        if node is not body and node.type in SCOPE_TYPES:
            if node.type != syms.lambdef and node.children[1].value == name:
                found.append(Binding(node))
        elif node.type == syms.global_stmt and name in (leaf.value for leaf in node.children[1::2]):
            found.append(Binding(node))
        elif node.type == token.NAME and node.value == name and (binding := _binding_at(node)):
            found.append(binding)
    return found


def parameter_bindings(function: Base) -> list[Binding]:
    """The parameters of a `def` or `lambda` in order, with their annotations (defaults are no value)."""
    if function.type == syms.funcdef:
        inner = parameter_list(function).children[1:-1]
    elif function.type == syms.lambdef:
        inner = function.children[1:-2]
    else:
        return []
    items = inner[0].children if inner and inner[0].type in (syms.typedargslist, syms.varargslist) else inner
    found, in_default = [], False
    for item in items:
        if item.type in (token.COMMA, token.EQUAL):
            in_default = item.type == token.EQUAL
        elif not in_default and item.type == token.NAME:
            found.append(Binding(item))
        elif not in_default and item.type in (syms.tname, syms.vname):
            found.append(Binding(item.children[0], item.children[2] if len(item.children) > 2 else None))
    return found


def _binding_at(leaf: Leaf) -> Binding | None:
    """The binding a NAME leaf makes where it stands, if it is a target (not a parameter)."""
    child, parent = leaf, leaf.parent
    while parent.type in _TARGET_PARTS:
        child, parent = parent, parent.parent
    direct, after, kind = child is leaf, child.next_sibling, parent.type
    if kind == syms.expr_stmt and after is not None:
        if after.type == syms.annassign:
            annotation = after.children[1] if direct else None
            return Binding(leaf, annotation, after.children[3] if direct and len(after.children) > 3 else None)
        if after.type == token.EQUAL:
            return Binding(leaf, value=parent.children[-1] if direct else None)
        return Binding(leaf) if getattr(after, "value", "").endswith("=") else None  # augmented assignment
    if kind == syms.with_item and child is parent.children[-1]:
        return Binding(leaf, value=parent.children[0] if direct else None, entered=True)
    if kind == syms.namedexpr_test and child is parent.children[0]:
        return Binding(leaf, value=parent.children[2])
    if (
        (kind == syms.for_stmt and child is parent.children[1])
        or (kind == syms.except_clause and parent.children[-2].value == "as" and child is parent.children[-1])
        or kind == syms.del_stmt
        or (kind in (syms.import_as_name, syms.dotted_as_name) and child is parent.children[2])
        or kind in _IMPORT_LISTS
        or (kind == syms.import_from and any(s.type == token.NAME and s.value == "import" for s in _siblings_before(child)))
        or (kind == syms.dotted_name and child is parent.children[0] and parent.parent.type in _IMPORT_LISTS)
    ):
        return Binding(leaf)
    return None


def _siblings_before(node: Base) -> Iterator[Base]:
    while node.prev_sibling is not None:
        node = node.prev_sibling
        yield node
