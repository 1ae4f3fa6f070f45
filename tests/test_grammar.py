"""fastfix's grammar: every construct of modern Python parses into the right tree, losslessly, and
the whole standard library of the running Python does too."""

from __future__ import annotations

import ast
import collections
import pickle
import re
import sys
import sysconfig
import textwrap
import warnings
from pathlib import Path

import pytest
from fissix import pygram, pytree
from fissix.pgen2 import driver, token
from fissix.pgen2.parse import ParseError
from fissix.pytree import Base, Node

from fastfix.errors import FastfixError
from fastfix.grammar import GRAMMAR, parse_string, tables
from fastfix.names import NameResolver
from fastfix.parsing import parse_module
from fastfix.source import SourceFile
from fastfix.tree import (
    calls,
    class_bases,
    directly_in_async_def,
    enclosing_function,
    function_name,
    functions,
    parameter_names,
    positional_parameters,
    syms,
    walk,
)
from tests.helpers import assert_rewrites, codemods_for, run, stdlib_failures

FIXTURES = Path(__file__).parent / "grammar_fixtures"
_REQUIRES = re.compile(r"# requires: (\d+)\.(\d+)")


def _fixture(name: str) -> tuple[str, Node]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text, parse_module(text, name)


def _nodes(tree: Base, kind: int) -> list[Base]:
    return [node for node in tree.pre_order() if node.type == kind]


def _with_items(with_stmt: Node) -> list[Base]:
    """The context managers of a with statement (with_item nodes, or bare expressions)."""
    return [child for child in with_stmt.children[1:-2] if child.type not in (token.COMMA, token.LPAR, token.RPAR)]


def _counts_from_tree(tree: Base) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for node in tree.pre_order():
        kind = node.type
        if kind in (syms.funcdef, syms.classdef, syms.decorator, syms.match_stmt, syms.case_block, syms.type_stmt):
            counts[GRAMMAR.number2symbol[kind]] += 1
        elif kind == syms.with_stmt:
            counts["with_item"] += len(_with_items(node))
        elif kind == token.NAME and node.value == "except" and node.parent.type in (syms.try_stmt, syms.except_clause):
            counts["except_clause"] += 1
    return counts


def _counts_from_ast(module: ast.Module) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for node in ast.walk(module):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            counts["classdef" if isinstance(node, ast.ClassDef) else "funcdef"] += 1
            counts["decorator"] += len(node.decorator_list)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            counts["with_item"] += len(node.items)
        elif isinstance(node, ast.ExceptHandler):
            counts["except_clause"] += 1
        else:
            name = {"Match": "match_stmt", "match_case": "case_block", "TypeAlias": "type_stmt"}.get(type(node).__name__)
            if name:
                counts[name] += 1
    return counts


def _shape_mismatch(text: str, tree: Base) -> dict[str, tuple[int, int]]:
    """Where the tree disagrees with CPython's ast on how many defs, classes, decorators, with
    items, except clauses, match statements, cases and type aliases the code has."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = _counts_from_ast(ast.parse(text))
    found = _counts_from_tree(tree)
    return {key: (expected[key], found[key]) for key in expected | found if expected[key] != found[key]}


# --- one fixture per construct --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.py")))
def test_fixture_parses_round_trips_and_has_cpythons_shape(name: str) -> None:
    text, tree = _fixture(name)
    assert str(tree) == text
    required = _REQUIRES.search(text)
    if required and sys.version_info < (int(required[1]), int(required[2])):
        return  # newer syntax than this interpreter's: parse and round-trip only
    compile(text, name, "exec", dont_inherit=True)
    assert _shape_mismatch(text, tree) == {}


def test_positional_only_parameters() -> None:
    _, tree = _fixture("positional_only.py")
    f, g = list(functions(tree))[:2]
    assert parameter_names(f) == ["a", "b", "c", "d"]
    assert positional_parameters(f) == ["a", "b", "c"]
    assert positional_parameters(g) == ["a", "b"]
    assert [leaf.type for leaf in f.leaves()].count(token.SLASH) == 1


def test_decorators_keep_fissix_shape_when_they_can() -> None:
    _, tree = _fixture("decorators.py")
    decorators = {str(node.children[1]).strip(): node for node in _nodes(tree, syms.decorator)}
    classic = decorators["app.get"]  # `@app.get("/items")`: '@' dotted_name '(' arglist ')' NEWLINE
    assert [child.type for child in classic.children] == [token.AT, syms.dotted_name, token.LPAR, token.STRING, token.RPAR, token.NEWLINE]
    assert [child.type for child in decorators["functools.lru_cache"].children][:3] == [token.AT, syms.dotted_name, token.LPAR]
    assert decorators["property"].children[1].type == token.NAME
    for expression in ('handlers[0].get("/first")', "(lambda function: function)", 'functools.partial(print, end="")("decorated")'):
        assert len(decorators[expression].children) == 3  # '@' namedexpr_test NEWLINE


def test_parenthesized_with_holds_its_items() -> None:
    _, tree = _fixture("parenthesized_with.py")
    statements = _nodes(tree, syms.with_stmt)
    shapes = [[item.type == syms.with_item for item in _with_items(statement)] for statement in statements]
    assert shapes == [
        [False, False],  # with (a(), b()):
        [True, True],  # with (open(source) as f, open(target, "w") as g):
        [True, True],  # the same over several lines, with a trailing comma
        [True, False],  # with (a() as x, b()):
        [False],  # with (a(),):
        [False],  # with (a()):
        [True],  # with (a(), b()) as pair: one tuple
        [False, False],  # with (a(), b()), a():
        [True, True],  # with a() as x, b() as y:
        [True, True],  # async with (a() as x, b() as y):
    ]
    tuple_manager = _with_items(statements[6])[0].children[0]
    assert tuple_manager.type == syms.atom and tuple_manager.children[1].type == syms.testlist_gexp


def test_parenthesized_with_binds_its_targets() -> None:
    tree = parse_module("import f\ndef copy():\n    with (open(a) as f, open(b) as g):\n        f.read()\n")
    (call,) = [c for c in calls(tree) if c.dotted == "f.read"]
    assert NameResolver(tree).qualified(call) is None  # `f` is the file, not the module


def test_match_statements_and_soft_keywords_as_names() -> None:
    _, tree = _fixture("match_case.py")
    assert len(_nodes(tree, syms.match_stmt)) == 5
    assert len(_nodes(tree, syms.case_block)) == 17
    soft = [leaf for leaf in tree.leaves() if leaf.value in ("match", "case", "type", "_")]
    keywords = [leaf for leaf in soft if leaf.parent.type in (syms.match_stmt, syms.case_block) and leaf is leaf.parent.children[0]]
    assert len(keywords) == 5 + 17
    names = {str(statement).strip() for statement in _nodes(tree, syms.expr_stmt)}
    assert {'match = re.match(r"(\\w+)", command)', "case = type(command)", "_ = match", 'type = "shadowed"'} <= names
    assert any(str(node).strip() == "print(match.group(1))" for node in _nodes(tree, syms.power))
    powers = {str(node).strip() for node in _nodes(tree, syms.power)}
    assert {"case.__name__", "case.id", "type(point)", "match(case)", "match[case]"} <= powers


def test_case_patterns_bind_their_captures() -> None:
    text = textwrap.dedent(
        """\
        import x, y, p, rest, host, port, Point, sleep, other
        def f(command):
            match command:
                case Point(x=x, y=0) as p:
                    pass
                case [y, *rest] | (y, *rest):
                    pass
                case {"host": host, **other} if (port := 1):
                    pass
                case Point.ORIGIN | sleep.CONSTANT:
                    pass
            return x, y, p, rest, host, port, other, Point, sleep
        """
    )
    tree = parse_module(text)
    names = NameResolver(tree)
    returned = [leaf for leaf in tree.leaves() if leaf.parent.type == syms.testlist_star_expr and leaf.type == token.NAME]
    resolved = {leaf.value: names.resolve(leaf.value, leaf) for leaf in returned}
    assert resolved == {
        "x": None, "y": None, "p": None, "rest": None, "host": None, "port": None, "other": None,
        "Point": "Point", "sleep": "sleep",  # a class and a dotted value capture nothing
    }


def test_except_star_and_except_comma() -> None:
    _, tree = _fixture("except_star.py")
    clauses = _nodes(tree, syms.except_clause)
    assert [clause.children[1].type for clause in clauses] == [token.STAR, token.STAR, token.STAR]
    _, tree = _fixture("except_comma.py")
    clauses = _nodes(tree, syms.except_clause)
    types = [clause.children[-1] for clause in clauses]
    assert all(node.type == syms.testlist for node in types)  # a tuple, never `except A as B`
    assert [len(node.children[::2]) for node in types] == [2, 3, 2]


def test_except_comma_binds_no_name() -> None:
    tree = parse_module("from errors import B\ntry:\n    pass\nexcept A, B:\n    B()\n")
    (call,) = calls(tree)
    assert NameResolver(tree).qualified(call) == "errors.B"
    tree = parse_module("from errors import B\ntry:\n    pass\nexcept* A as B:\n    B()\n")
    (call,) = calls(tree)
    assert NameResolver(tree).qualified(call) is None


def test_star_expressions_in_subscripts() -> None:
    _, tree = _fixture("star_subscripts.py")
    starred = [node for node in _nodes(tree, syms.star_expr) if node.parent.type in (syms.subscriptlist, syms.trailer)]
    assert len(starred) == 5  # Generic[*Ts], tuple[*Ts], table[*key], table[1, *key], table[*key, 2]
    (annotation,) = [node for node in _nodes(tree, syms.tname) if str(node).strip() == "args: *Ts"]
    assert annotation.children[-1].type == syms.star_expr
    tree = parse_module("a[*b]\n")
    assert tree.children[0].children[0].children[1].children[1].type == syms.star_expr


def test_type_parameters_and_aliases() -> None:
    _, tree = _fixture("pep695.py")
    first, fetch, _, get = list(functions(tree))[:4]
    assert [function_name(f) for f in (first, fetch)] == ["first", "fetch"]
    assert parameter_names(first) == ["items"] and parameter_names(fetch) == ["call", "args"]
    assert parameter_names(get) == ["self", "default"]
    pair = next(node for node in _nodes(tree, syms.classdef) if node.children[1].value == "Pair")
    assert [str(base).strip() for base in class_bases(pair)] == ["Box[V]"]
    aliases = [node.children[1].value for node in _nodes(tree, syms.type_stmt)]
    assert aliases == ["Vector", "Mapping", "Recursive", "type"]


def test_type_parameters_are_not_module_bindings() -> None:
    text = textwrap.dedent(
        """\
        from typing import T, K
        def f[T](x: T = T) -> T:
            return T(x)
        class C[K]:
            def m(self) -> K:
                return K()
        type Alias[T] = list[T]
        type Plain = K
        T(), K(), Alias()
        """
    )
    tree = parse_module(text)
    names = NameResolver(tree)
    found: dict[str, list[str | None]] = {}
    for leaf in tree.leaves():
        if leaf.type == token.NAME and leaf.value in ("T", "K", "Alias") and leaf.lineno > 1:
            found.setdefault(leaf.value, []).append(names.resolve(leaf.value, leaf))
    # f's type parameter, annotation, default (evaluated outside: the import), return, body;
    # then the alias's own T twice, and the module's
    assert found["T"] == [None, None, "typing.T", None, None, None, None, "typing.T"]
    # C's type parameter, seen in the method's annotation and body; then the module's
    assert found["K"] == [None, None, None, "typing.K", "typing.K"]
    assert found["Alias"] == [None, None]  # `type Alias` binds Alias in the module


def test_type_alias_values_are_their_own_scope() -> None:
    tree = parse_module("import time\nasync def f():\n    type X = time.sleep(1)\n    time.sleep(2)\n")
    first, second = calls(tree)
    assert not directly_in_async_def(first.node) and enclosing_function(first.node) is None
    assert directly_in_async_def(second.node)
    names = [leaf.value for leaf in walk(tree.children[1], into_scopes=False) if leaf.type == token.NAME]
    assert "X" not in names  # walk skips nested scopes: the alias's too


def test_fstrings_are_one_string_token() -> None:
    _, tree = _fixture("fstrings.py")
    values = [statement.children[0].children[-1] for statement in tree.children if statement.type == syms.simple_stmt]
    fstrings = {str(node.parent.children[0]).strip(): node for node in values}
    for name in ("same_quotes", "nested", "joined", "backslash", "multi_line", "triple", "spec", "nested_spec", "debug", "debug_spec"):
        assert fstrings[name].type == token.STRING, name
    assert fstrings["same_quotes"].value == 'f"{d["key"]}"'
    assert fstrings["multi_line"].value.count("\n") == 3
    assert fstrings["implicit"].type == syms.atom and len(fstrings["implicit"].children) == 3


def test_template_strings() -> None:
    _, tree = _fixture("tstrings.py")
    strings = [leaf.value for leaf in tree.leaves() if leaf.type == token.STRING]
    assert strings[:3] == ["\"world\"", 't"Hello {name}!"', 'rt"\\d+ {name}"']
    assert 't"{t"{name}"}"' in strings


def test_walrus_binds_everywhere_it_may_stand() -> None:
    _, tree = _fixture("walrus.py")
    names = NameResolver(tree)
    scan = next(functions(tree))
    scope = names.scopes[id(scan)]
    assert {"n", "chunk", "y", "found", "key", "first", "last"} <= set(scope.bindings)


def test_async_comprehensions_and_async_generator_in_plain_def() -> None:
    _, tree = _fixture("async_comprehensions.py")
    comprehensions = _nodes(tree, syms.comp_for)
    assert all(node.children[0].type == token.ASYNC for node in comprehensions if "async" in str(node).split()[:1])
    lazily = list(functions(tree))[1]
    assert any(leaf.type == token.ASYNC for leaf in lazily.leaves())


def test_time_sleep_in_a_case_block_of_a_coroutine_is_rewritten() -> None:
    assert_rewrites(
        """\
        import time


        async def poll(command):
            match command:
                case {"wait": seconds}:
                    time.sleep(seconds)
                case _:
                    pass
        """,
        """\
        import asyncio


        async def poll(command):
            match command:
                case {"wait": seconds}:
                    await asyncio.sleep(seconds)
                case _:
                    pass
        """,
        "async-sleep",
    )


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="needs syntax newer than the running Python")
def test_a_rewrite_that_this_python_cannot_check_is_not_blamed_on_the_codemod() -> None:
    data = b"import time\n\n\nasync def f():\n    time.sleep(1)\n    try:\n        pass\n    except A, B:\n        pass\n"
    result = run(data, codemods_for(["async-sleep"]))
    assert not result.changed and result.error is not None
    assert "the file does not compile under Python 3." in result.error.message
    assert "bug" not in result.error.message


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("def f[T(x):\n    pass\n", 1, "unexpected '(' at column 8 in a type parameter list"),
        ("x = 1\nmatch x:\n    case 1\n        pass\n", 3, "unexpected end of line at column 11 in a case clause"),
        ("with (open(a) as f) g:\n    pass\n", 1, "unexpected 'g' at column 21 in a with statement"),
        ("try:\n    pass\nexcept* A B:\n    pass\n", 3, "unexpected 'B' at column 11 in a try statement"),
        ("x = f'{'\n", 1, "unterminated string literal"),
    ],
)
def test_parse_errors_name_the_construct_and_line(source: str, line: int, message: str) -> None:
    with pytest.raises(FastfixError) as info:
        parse_module(source, "bad.py")
    assert info.value.line == line
    assert message in info.value.message


# --- the grammar tables ---------------------------------------------------------------------------


def test_grammar_keeps_fissix_rules_and_drops_print_and_exec() -> None:
    stock = pygram.python_grammar_no_print_and_exec_statement
    assert set(stock.symbol2number) - set(GRAMMAR.symbol2number) == {"print_stmt", "exec_stmt"}
    assert "print" not in GRAMMAR.keywords and "exec" not in GRAMMAR.keywords
    assert set(GRAMMAR.soft_keywords) == {"match", "case", "type"}


def test_grammar_pickle_is_regenerated_when_the_grammar_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "Grammar.pickle"
    monkeypatch.setattr(tables, "_CACHE", cache)
    cache.write_bytes(pickle.dumps({"grammar": b"stale", "tables": {}}))
    fresh = tables.load()
    assert fresh.symbol2number == GRAMMAR.symbol2number and fresh.soft_keywords == GRAMMAR.soft_keywords
    saved = pickle.loads(cache.read_bytes())
    assert saved["grammar"] == tables._SOURCE.read_bytes()
    assert tables.load().dfas == fresh.dfas  # now read back from the pickle


def test_trees_match_stock_fissix_where_it_could_parse() -> None:
    """Code that fissix parsed keeps its tree, node for node (asyncio as a sample)."""
    stock = driver.Driver(pygram.python_grammar_no_print_and_exec_statement, convert=pytree.convert)

    def shape(node: Base, names: dict[int, str]) -> tuple:
        if node.type < 256:
            return node.type, node.value, node.prefix
        return names[node.type], tuple(shape(child, names) for child in node.children)

    def stock_shape(text: str) -> tuple | None:
        try:
            return shape(stock.parse_string(text), pygram.python_grammar.number2symbol)
        except ParseError:  # syntax fissix does not know
            return None

    compared = 0
    for path in sorted(Path(sysconfig.get_paths()["stdlib"], "asyncio").glob("*.py")):
        text = SourceFile.decode(path.read_bytes(), str(path)).text
        expected = stock_shape(text)
        if expected is not None:
            assert shape(parse_string(text), GRAMMAR.number2symbol) == expected, path
            compared += 1
    assert compared >= 10


# --- conformance: the standard library ------------------------------------------------------------


def _check_stdlib_file(path: str) -> str | None:
    """None if the file parses, round-trips and has CPython's shape, or CPython rejects it too."""
    data = Path(path).read_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(data)
    except (SyntaxError, ValueError):
        return None  # a deliberately invalid test input
    try:
        text = SourceFile.decode(data, path).text
        tree = parse_module(text, path)  # checks the round trip of the leaves as parsed
    except FastfixError as error:
        return str(error)
    if str(tree) != text:
        return f"{path}: the tree does not print the text back"
    mismatch = _shape_mismatch(text, tree)
    return f"{path}: tree differs from ast (ast, tree): {mismatch}" if mismatch else None


def test_every_stdlib_file_parses_and_round_trips() -> None:
    assert stdlib_failures(_check_stdlib_file) == []
