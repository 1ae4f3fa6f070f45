"""`nodes_of_type`: the nodes of a file by type, kept per top-level statement across rewrites."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable

import pytest
from fissix.pytree import Base, Node

import fastfix.tree
from fastfix.parsing import parse_expression, parse_module
from fastfix.tree import (
    calls,
    calls_of_method,
    decorators_of_method,
    functions,
    make_async,
    nodes_of_type,
    syms,
    take_changed,
    walk,
)

SOURCE = textwrap.dedent(
    """\
    import os

    def first(x):
        def inner():
            return os.path.join(x)
        return inner()

    class Box:
        def method(self):
            return print(self)

    value = first(1)

    def last():
        return first(2)
    """
)


def _tree() -> Node:
    return parse_module(SOURCE)


def _walked(tree: Base, kind: int) -> list[Base]:
    return [node for node in walk(tree) if node.type == kind]


def _assert_same_as_walk(tree: Node) -> None:
    """Every node type of the tree, found as a walk finds it: the same nodes, in the same order."""
    for kind in {node.type for node in walk(tree) if node.type >= 256} | {syms.funcdef, syms.async_stmt}:
        assert _ids(nodes_of_type(tree, kind)) == _ids(_walked(tree, kind)), _kind_name(kind)


def _ids(nodes: Iterable[Base]) -> list[int]:
    # fissix compares nodes by their shape: a list of other nodes that look the same would pass
    return [id(node) for node in nodes]


def _kind_name(kind: int) -> str:
    return next(name for name, number in vars(syms).items() if number == kind)


def _statement(tree: Node, text: str) -> Base:
    return next(statement for statement in tree.children if text in str(statement))


def _replace_a_call(tree: Node) -> None:
    call = next(c for c in calls(tree) if c.dotted == "print")
    call.node.replace(parse_expression("other.thing(self)(1)"))


def _insert_a_statement(tree: Node) -> None:
    # taken from another file: a statement that carries no mark of its own
    new = parse_module("def added():\n    return helper(3)\n").children[0]
    new.remove()
    tree.insert_child(2, new)


def _remove_a_statement(tree: Node) -> None:
    _statement(tree, "value =").remove()


def _make_a_def_async(tree: Node) -> None:
    make_async(next(f for f in functions(tree) if f.children[1].value == "last"))


def _make_a_method_async(tree: Node) -> None:
    make_async(next(f for f in functions(tree) if f.children[1].value == "method"))


REWRITES = [_replace_a_call, _insert_a_statement, _remove_a_statement, _make_a_def_async, _make_a_method_async]


def test_nodes_in_source_order() -> None:
    tree = _tree()
    names = [f.children[1].value for f in nodes_of_type(tree, syms.funcdef)]
    assert names == ["first", "inner", "method", "last"]
    assert [c.dotted for c in calls(tree)] == ["os.path.join", "inner", "print", "first", "first"]
    assert _ids(nodes_of_type(tree, syms.file_input)) == [id(tree)]
    _assert_same_as_walk(tree)


@pytest.mark.parametrize("rewrite", REWRITES, ids=lambda r: r.__name__)
@pytest.mark.parametrize("taken", [True, False], ids=["taken", "not-taken"])
def test_lookup_after_a_rewrite(rewrite: Callable[[Node], None], taken: bool) -> None:
    tree = _tree()
    _assert_same_as_walk(tree)  # everything kept
    rewrite(tree)
    if taken:
        take_changed(tree)
    _assert_same_as_walk(tree)
    second = _make_a_def_async if rewrite is _replace_a_call else _replace_a_call
    second(tree)
    _assert_same_as_walk(tree)
    take_changed(tree)
    _assert_same_as_walk(tree)


def test_calls_and_functions_follow_rewrites() -> None:
    tree = _tree()
    assert "print" in [c.dotted for c in calls(tree)]
    _replace_a_call(tree)
    assert [c.dotted for c in calls(tree)] == ["os.path.join", "inner", "other.thing", None, "first", "first"]
    _insert_a_statement(tree)
    assert [f.children[1].value for f in functions(tree)] == ["first", "inner", "added", "method", "last"]


def test_calls_of_a_method_are_those_of_calls_named_by_the_attribute_before_the_parenthesis() -> None:
    tree = parse_module(
        textwrap.dedent(
            """\
            app.on_event("startup")(start)
            on_event("plain function")
            app.on_event.other("not the method called")
            get_app().add_event_handler("result of a call")
            app.routes[0].on_event("subscript")

            async def f():
                await app.router.on_event("awaited")
            """
        )
    )
    found = calls_of_method(tree, "on_event", "add_event_handler")
    expected = [c for c in calls(tree) if str(c.callee[-1]) in (".on_event", ".add_event_handler")]
    assert [(id(c.node), c.index) for c in found] == [(id(c.node), c.index) for c in expected]
    assert [str(c.arguments[0]) for c in found] == ['"startup"', '"result of a call"', '"subscript"', '"awaited"']
    assert [c.dotted for c in found] == ["app.on_event", None, None, "app.router.on_event"]


def test_decorators_of_a_method_are_those_that_call_it() -> None:
    tree = parse_module(
        textwrap.dedent(
            """\
            @app.on_event("startup")
            @on_event("plain function")
            @app.on_event
            @app.on_event.other("not the method called")
            @app.router.add_event_handler()
            @app.on_event("called")("twice")
            def f():
                @router.on_event("nested")
                def g():
                    pass
            """
        )
    )
    found = decorators_of_method(tree, "on_event", "add_event_handler")
    assert [str(node).strip() for node in found] == [
        '@app.on_event("startup")',
        "@app.router.add_event_handler()",
        '@router.on_event("nested")',
    ]


@pytest.fixture
def walked(monkeypatch: pytest.MonkeyPatch) -> list[Base]:
    """The roots the walker of nodes_of_type walks, in order."""
    seen: list[Base] = []
    original = fastfix.tree._nodes_by_type

    def counting(tree: Base) -> dict[int, list[Node]]:
        seen.append(tree)
        return original(tree)

    monkeypatch.setattr(fastfix.tree, "_nodes_by_type", counting)
    return seen


def test_each_statement_is_walked_once(walked: list[Base]) -> None:
    tree = _tree()
    nodes_of_type(tree, syms.power)
    assert _ids(walked) == _ids(tree.children)
    walked.clear()
    nodes_of_type(tree, syms.funcdef)
    list(calls(tree))
    assert walked == []


def test_only_the_rewritten_statement_is_walked_again(walked: list[Base]) -> None:
    tree = _tree()
    nodes_of_type(tree, syms.power)
    _replace_a_call(tree)
    box = _statement(tree, "class Box")
    walked.clear()
    nodes_of_type(tree, syms.power)
    nodes_of_type(tree, syms.funcdef)
    assert _ids(walked) == [id(box), id(box)]  # marked: walked on every lookup until its mark is taken
    walked.clear()
    assert _ids(take_changed(tree)) == [id(box)]
    nodes_of_type(tree, syms.power)
    nodes_of_type(tree, syms.funcdef)
    assert _ids(walked) == [id(box)]  # kept again


def test_an_added_statement_is_walked_once(walked: list[Base]) -> None:
    tree = _tree()
    nodes_of_type(tree, syms.power)
    _insert_a_statement(tree)
    walked.clear()
    nodes_of_type(tree, syms.power)
    nodes_of_type(tree, syms.power)
    assert _ids(walked) == [id(tree.children[2])]


def test_a_subtree_is_walked_whole(walked: list[Base]) -> None:
    tree = _tree()
    first = _statement(tree, "def first")
    assert [f.children[1].value for f in nodes_of_type(first, syms.funcdef)] == ["first", "inner"]
    assert _ids(nodes_of_type(first, syms.funcdef)) == _ids(_walked(first, syms.funcdef))
    assert _ids(walked) == [id(first), id(first)]  # not kept: only whole files are
    expression = parse_expression("f(g(x))")
    assert _ids(c.node for c in calls(expression)) == _ids(_walked(expression, syms.power))


def test_trees_keep_their_own_nodes() -> None:
    one, two = _tree(), _tree()
    for tree in (one, two, one, two):
        found = nodes_of_type(tree, syms.funcdef)
        assert _ids(found) == _ids(_walked(tree, syms.funcdef))
        assert all(_root(node) is tree for node in found)
    _replace_a_call(one)
    take_changed(one)
    assert "print" not in [c.dotted for c in calls(one)]
    assert "print" in [c.dotted for c in calls(two)]


def _root(node: Base) -> Base:
    while node.parent is not None:
        node = node.parent
    return node


def test_take_changed_returns_the_marked_statements_and_clears_them() -> None:
    tree = _tree()
    assert take_changed(tree) == []
    make_async(next(f for f in functions(tree) if f.children[1].value == "inner"))
    _replace_a_call(tree)
    changed = take_changed(tree)
    assert _ids(changed) == [id(_statement(tree, "def first")), id(_statement(tree, "class Box"))]
    assert not tree.was_changed and not any(s.was_changed for s in tree.children)
    assert take_changed(tree) == []
    _make_a_def_async(tree)  # the new `async def` statement is found as new, not as marked
    assert take_changed(tree) == []
