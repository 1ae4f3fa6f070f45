"""Verifying a rewrite re-parses only the parts that changed (fastfix/parts.py): the smallest
statements around each change, each where it parses alone; a broken part is still caught, and
reported at its line in the file."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from fissix.pgen2 import token
from fissix.pytree import Base, Leaf

import fastfix.parsing
import fastfix.pipeline
from fastfix.codemod import Codemod, Context
from fastfix.parsing import parse_expression, parse_statements
from fastfix.pipeline import FileResult, fix_source
from fastfix.tree import calls, enclosing_function, indent_of, make_async, remove_statement

Edit = Callable[[Base], None]


class _Edits(Codemod):
    """A test double: edits every call of `mark` (the `power` node `mark(...)`) with `edit`."""

    id = "edits"
    title = "test double"
    order = 0
    safety = "safe"
    tokens = ("mark",)

    def __init__(self, edit: Edit) -> None:
        super().__init__()
        self.edit = edit

    def transform(self, ctx: Context) -> None:
        for call in list(calls(ctx.tree)):
            if call.head.value == "mark" and ctx.change(call.node, "edit"):
                self.edit(call.node)


def _replace(call: Base) -> None:
    new = parse_expression("replaced(1)")
    new.prefix = call.prefix
    call.replace(new)


def _break(call: Base) -> None:
    call.replace(Leaf(token.NAME, "broken)", prefix=call.prefix))


def _rename(call: Base) -> None:
    """Replace the call with a new name, which (made, not edited) fissix does not mark changed."""
    call.replace(Leaf(token.NAME, "renamed", prefix=call.prefix))


def _insert_before(call: Base) -> None:
    """Replace the call, and insert a statement before the one holding it."""
    statement = call.parent
    (new,) = parse_statements("inserted()", indent_of(statement))
    new.prefix, statement.prefix = statement.prefix, indent_of(statement)
    statement.parent.insert_child(statement.parent.children.index(statement), new)
    _replace(call)


def _remove(call: Base) -> None:
    assert remove_statement(call.parent)


def _comment_block(call: Base) -> None:
    """Replace the call, and put a comment above the block holding it (in its INDENT's prefix)."""
    indent = call.parent.prev_sibling
    assert indent.type == token.INDENT
    indent.prefix = indent.value + "# a comment\n"
    _replace(call)


def _new_indent(call: Base) -> None:
    """`_comment_block` with a new INDENT, which (made, not edited) fissix does not mark changed."""
    indent = call.parent.prev_sibling
    indent.replace(Leaf(token.INDENT, indent.value, prefix=indent.value + "# a comment\n"))
    _replace(call)


def _make_async(call: Base) -> None:
    """`def` to `async def` for the function around the call: a change of its header."""
    function = enclosing_function(call)
    assert function is not None
    make_async(function)
    _replace(call)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """The texts fastfix's parser is asked to parse, with the options it is asked to."""
    texts: list[tuple[str, dict[str, Any]]] = []
    real = fastfix.parsing.parse_module

    def spying(text: str, path: str = "<string>", **options: Any) -> Any:
        texts.append((text, options))
        return real(text, path, **options)

    monkeypatch.setattr(fastfix.pipeline, "parse_module", spying)
    return texts


def _fix(source: str, edit: Edit) -> FileResult:
    return fix_source(textwrap.dedent(source).encode(), "x.py", [_Edits(edit)])


LARGE_FUNCTION = (
    "import os\n\n\nasync def handler(items):\n    total = 0\n"
    + "".join(f"    value_{n} = os.environ.get('V{n}')\n" for n in range(40))
    + "    for item in items:\n        if item:\n            with open(item) as f:\n                total += mark()\n"
    + "".join(f"    untouched_{n} = value_{n}\n" for n in range(40))
    + "    return total\n"
)


def test_a_rewrite_deep_in_a_large_function_re_parses_only_its_statement(
    parses: list[tuple[str, dict[str, Any]]],
) -> None:
    result = _fix(LARGE_FUNCTION, _replace)
    assert result.error is None and result.changed
    assert [text for text, _ in parses] == [LARGE_FUNCTION, "async def _():\n                total += replaced(1)\n"]
    # the tree of a verifying parse is thrown away: whether it prints the text back is not asked
    assert parses[0][1] == {} and parses[1][1] == {"check_round_trip": False}


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(LARGE_FUNCTION, id="in a with, in an if, in a for, in a function"),
        pytest.param(
            """\
            import os

            if os.environ:
                class Service:
                    def untouched(self):
                        return 1

                    @property
                    def method(self):
                        try:
                            return 1
                        except OSError:
                            x = mark()
                            return x
            """,
            id="in an except clause, in a method, in a class, in an if",
        ),
        pytest.param(
            """\
            def f(command):
                match command:
                    case "go":
                        pass
                    case _:
                        mark()
                return command
            """,
            id="in a case block",
        ),
    ],
)
def test_a_broken_rewrite_of_a_nested_part_is_caught_at_its_line(
    parses: list[tuple[str, dict[str, Any]]], source: str
) -> None:
    source = textwrap.dedent(source)
    result = _fix(source, _break)
    assert result.error is not None and "rewrite by edits would not compile" in result.error.message
    assert result.error.line == next(n for n, line in enumerate(source.splitlines(), 1) if "mark()" in line)
    assert not result.changed and result.changes == []
    # the part failed alone; the whole text was parsed again to find the line in the file
    assert len(parses) == 3 and parses[1][0].startswith("async def _():\n") and "broken)" in parses[1][0]
    assert parses[1][0].count("\n") == 2 and parses[2][0].count("\n") == source.count("\n")


# (source, edit, what the re-parsed parts hold, what they must not hold: the rest of the file)
PARTS = [
    pytest.param(
        """\
        class Service:
            def untouched(self):
                return 1

            def method(self):
                untouched()
                return mark()
        """,
        _replace,
        "async def _():\n        return replaced(1)\n",
        "untouched",
        id="a class body",
    ),
    pytest.param(
        """\
        def f(x):
            if x:
                untouched()
            elif x is None:
                untouched()
            else:
                # a comment above
                mark()
                # a comment at the end of the block
            untouched()
        """,
        _replace,
        "async def _():\n        replaced(1)\n",
        "untouched",
        id="an else clause",
    ),
    pytest.param(
        """\
        def f():
            try:
                untouched()
            except (OSError, ValueError) as error:
                untouched(error)
            else:
                untouched()
            finally:
                x = mark()
        """,
        _replace,
        "async def _():\n        x = replaced(1)\n",
        "untouched",
        id="a finally clause",
    ),
    pytest.param(
        """\
        async def f(lock, rows):
            async with lock, open("x") as a:
                untouched(a)
                async for row in rows:
                    await mark(row)
                else:
                    untouched()
        """,
        _replace,
        "async def _():\n            replaced(1)\n",
        "untouched",
        id="async with and async for",
    ),
    pytest.param(
        """\
        def f(command):
            match command:
                case {"go": where} if where:
                    untouched()
                case [first, *rest]:
                    untouched()
                    result = mark(first)
        """,
        _replace,
        "async def _():\n            result = replaced(1)\n",
        "untouched",
        id="a case block",
    ),
    pytest.param(
        """\
        def f(command):
            match command:
                case str() if mark():
                    untouched()
            untouched()
        """,
        _replace,
        "async def _():\n    match command:\n        case str() if replaced(1):\n",
        "untouched()\n    untouched",
        id="a case guard: the match is the part",
    ),
    pytest.param(
        """\
        class Service:
            @staticmethod
            @untouched.register
            def method():
                untouched()
                while True:
                    yield mark()
                    break
        """,
        _replace,
        "async def _():\n            yield replaced(1)\n",
        "untouched",
        id="a decorated method and a yield",
    ),
    pytest.param(
        """\
        class Service:
            def helper(self):
                return 1

            @register(mark())
            def method(self):
                return 1
        """,
        _replace,
        "async def _():\n    @register(replaced(1))\n    def method(self):\n        return 1\n",
        "helper",
        id="a decorator: the decorated method is the part",
    ),
    pytest.param(
        """\
        class Service:
            def untouched(self):
                return 1

            @staticmethod
            def method():
                untouched()
                return mark()
        """,
        _make_async,
        "async def _():\n    @staticmethod\n    async def method():",
        "def untouched",
        id="def to async def, decorated",
    ),
    pytest.param(
        """\
        class Service:
            def untouched(self):
                return 1

            def method(self):
                # a comment
                untouched()
                return mark()
        """,
        _make_async,
        "async def _():\n    async def method(self):",
        "def untouched",
        id="def to async def",
    ),
    pytest.param(
        """\
        def f(x):
            untouched()
            with mark() as y:
                untouched(y)
        """,
        _replace,
        "async def _():\n    with replaced(1) as y:\n        untouched(y)\n",
        "untouched()",
        id="the items of a with: the with is the part",
    ),
    pytest.param(
        """\
        def f(x):
            untouched()
            with mark() as y:
                untouched(y)
                mark(y)
        """,
        _replace,
        "async def _():\n    with replaced(1) as y:\n        untouched(y)\n        replaced(1)\n",
        "untouched()",
        id="the items of a with and its body: the with is the part",
    ),
    pytest.param(
        """\
        def f(x):
            untouched()
            with mark():
                untouched()
                mark()
        """,
        _rename,
        "async def _():\n    with renamed:\n        untouched()\n        renamed\n",
        "untouched()\n    with",
        id="a with's item replaced and its body: the with is the part",
    ),
    pytest.param(
        """\
        def f(x):
            untouched()
            for y in x:
                mark()
        """,
        _comment_block,
        "async def _():\n    for y in x:\n        # a comment\n        replaced(1)\n",
        "untouched",
        id="a block's indent: its compound statement is the part",
    ),
    pytest.param(
        """\
        def f(x):
            untouched()
            for y in x:
                mark()
        """,
        _new_indent,
        "async def _():\n    for y in x:\n        # a comment\n        replaced(1)\n",
        "untouched",
        id="a block's indent replaced: its compound statement is the part",
    ),
    pytest.param(
        """\
        def f(x):
            untouched()
            if x: return mark()
        """,
        _replace,
        "async def _():\n    if x: return replaced(1)\n",
        "untouched",
        id="a one-line body: its compound statement is the part",
    ),
    pytest.param(
        """\
        def f(x):
            untouched(); mark(); untouched()
            helper()
        """,
        _replace,
        "async def _():\n    untouched(); replaced(1); untouched()\n",
        "helper",
        id="statements on one line",
    ),
    pytest.param(
        """\
        def f(x):
            def inner():
                nonlocal x
                x = mark(
        '''text at column 0
        ''')
            untouched()
        """,
        _replace,
        "async def _():\n        x = replaced(1)\n",
        "untouched",
        id="a nested def and a string at column 0",
    ),
    pytest.param(
        "def f(x):\n\tuntouched()\n\tif x:\n\t\tmark()\n",
        _replace,
        "async def _():\n\t\treplaced(1)\n",
        "untouched",
        id="indented with tabs",
    ),
    pytest.param(
        """\
        def f(x):
            untouched()
            for y in x:
                untouched()
                mark()
        """,
        _insert_before,
        "async def _():\n        inserted()\nasync def _():\n        replaced(1)\n",
        "untouched",
        id="an inserted statement",
    ),
    pytest.param(
        """\
        def f(x):
            untouched()
            for y in x:
                mark()
                after()
        """,
        # the statement after the removed one takes its line: a new prefix, so it is re-parsed
        _remove,
        "async def _():\n        after()\n",
        "untouched",
        id="a removed statement",
    ),
    pytest.param(
        """\
        import os

        if mark():
            untouched()
        else:
            untouched()
        """,
        _replace,
        "\nif replaced(1):\n    untouched()\nelse:\n    untouched()\n",
        "import",
        id="a top-level compound statement",
    ),
    pytest.param(
        """\
        untouched()
        # a comment
        x = mark()
        """,
        _replace,
        "# a comment\nx = replaced(1)\n",
        "untouched",
        id="a top-level statement",
    ),
]


@pytest.mark.parametrize(("source", "edit", "parts", "absent"), PARTS)
def test_each_kind_of_part_re_parses_alone(
    parses: list[tuple[str, dict[str, Any]]], source: str, edit: Edit, parts: str, absent: str
) -> None:
    result = _fix(source, edit)
    assert result.error is None, result.error
    assert result.changed
    assert len(parses) == 2  # the file, then the parts: no false alarm made fastfix parse it all again
    assert parses[1][0].startswith(parts) and absent not in parses[1][0]


@pytest.mark.skipif(sys.version_info < (3, 12), reason="`type` statements compile from Python 3.12")
def test_a_type_alias_re_parses_alone(parses: list[tuple[str, dict[str, Any]]]) -> None:
    result = _fix("def f():\n    untouched()\n    type Alias = list[mark()]\n", _replace)
    assert result.error is None and result.changed
    assert parses[1][0] == "async def _():\n    type Alias = list[replaced(1)]\n"


def test_a_block_left_empty_is_caught(parses: list[tuple[str, dict[str, Any]]]) -> None:
    def remove(call: Base) -> None:
        call.parent.remove()  # the block's only statement

    result = _fix("def f(x):\n    untouched()\n    for y in x:\n        mark()\n", remove)
    assert result.error is not None and "would not compile" in result.error.message
    assert not result.changed
    # the loop is the part (its block has no statement left); it fails alone, then in the file
    assert len(parses) == 3 and parses[1][0] == "async def _():\n    for y in x:\n"


def test_a_comment_added_at_the_end_of_the_module_is_a_part(parses: list[tuple[str, dict[str, Any]]]) -> None:
    def edit(call: Base) -> None:
        module = call
        while module.parent is not None:
            module = module.parent
        _replace(call)
        module.children[-1].prefix = "# the end\n"  # the ENDMARKER's

    result = _fix("def f():\n    untouched()\n    mark()\n", edit)
    assert result.error is None and result.changed
    assert [text for text, _ in parses[1:]] == ["async def _():\n    replaced(1)\n# the end\n"]
