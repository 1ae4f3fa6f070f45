"""Qualified-name resolution and "directly inside async def"."""

from __future__ import annotations

import textwrap

from fastfix.names import NameResolver
from fastfix.parsing import parse_module, parse_statements
from fastfix.tree import calls, directly_in_async_def

SOURCE = '''
import time as t
from time import sleep as nap
import os.path
from . import sibling
from ..pkg.mod import thing as other
from typing import TYPE_CHECKING

async def f(time, x=t.sleep(0)):
    t.sleep(1)
    nap(2)
    time.sleep(3)
    obj.time.sleep(4)
    os.path.join(5)
    open(6)
    other(7)
    sibling(8)
    lambda: t.sleep(9)
    sum(t.sleep(10) for _ in x)
    [t.sleep(11) for _ in x]
    def g():
        t = 5
        t.sleep(12)
    class C:
        nap = 1
        def m(self):
            nap(13)
        nap(14)
    global gl
    gl.sleep(15)

gl = 1
'''


def _calls():
    tree = parse_module(textwrap.dedent(SOURCE))
    names = NameResolver(tree, "app.sub.mod")
    found = {}
    for call in calls(tree):
        args = call.arguments
        if args and args[0].type == 2:  # NUMBER: the case's label
            found[int(args[0].value)] = (names.qualified(call), directly_in_async_def(call.node))
    return found


def test_resolution_through_imports_and_scopes() -> None:
    found = _calls()
    assert found[1] == ("time.sleep", True)  # import time as t
    assert found[2] == ("time.sleep", True)  # from time import sleep as nap
    assert found[3][0] is None  # parameter named time
    assert found[4][0] == "obj.time.sleep"  # attribute chain of an unknown name
    assert found[5][0] == "os.path.join"
    assert found[6][0] == "open"  # builtin
    assert found[7][0] == "app.pkg.mod.thing"  # relative import made absolute
    assert found[8][0] == "app.sub.sibling"
    assert found[12][0] is None  # local t shadows the import in g
    assert found[13][0] == "time.sleep"  # class attributes are invisible in methods
    assert found[14][0] is None  # ...but visible in the class body
    assert found[15][0] is None  # global gl is a module-level non-import binding


def test_directly_inside_async_def_excludes_nested_scopes() -> None:
    found = _calls()
    assert found[0][1] is False  # default value: evaluated outside the coroutine
    assert found[9][1] is False  # lambda
    assert found[10][1] is False  # generator expression
    assert found[11][1] is True  # list comprehension: await is allowed there
    assert found[12][1] is False  # nested def


def test_ambiguous_module_binding_resolves_to_nothing() -> None:
    tree = parse_module("import time\ntime = FakeClock\ntime.sleep(1)\n")
    (call,) = calls(tree)
    assert NameResolver(tree).qualified(call) is None


def test_star_import_makes_unknown_names_unresolvable() -> None:
    tree = parse_module("from somewhere import *\nsleep(1)\n")
    (call,) = calls(tree)
    assert NameResolver(tree).qualified(call) is None


def test_indent_of_reads_indentation_wherever_fissix_keeps_it() -> None:
    from fastfix.tree import function_body, functions, indent_of

    tree = parse_module("def f():\n    if a:\n        b()\n    # note\n    return a\n")
    body = function_body(next(functions(tree)))
    statements = [child for child in body.children if child.type >= 256]
    assert [indent_of(s) for s in statements] == ["    ", "    "]
    inner = statements[0].children[-1]
    assert indent_of(next(c for c in inner.children if c.type >= 256)) == "        "


def test_parameters_of_def_and_lambda() -> None:
    from fastfix.tree import parameter_names, positional_parameters

    tree = parse_module("def f(a, b: int = c, *args, d, **kw): pass\ng = lambda x, y=z, *r: x\n")
    funcdef = tree.children[0]
    lambdef = tree.children[1].children[0].children[2]
    assert parameter_names(funcdef) == ["a", "b", "args", "d", "kw"]
    assert positional_parameters(funcdef) == ["a", "b"]
    assert parameter_names(lambdef) == ["x", "y", "r"]


def _call(tree, label: str):
    return next(call for call in calls(tree) if call.arguments and call.arguments[0].value == label)


def test_invalidating_statements_rebuilds_only_their_scopes() -> None:
    tree = parse_module("import time\n\ndef f():\n    time.sleep('f')\n\ndef g():\n    time.sleep('g')\n")
    names = NameResolver(tree)
    f_scope = names.scope_of(_call(tree, "'f'").node)
    g_scope = names.scope_of(_call(tree, "'g'").node)
    g = tree.children[2]
    g.children[-1].insert_child(2, parse_statements("import asyncio as time\n", "    ")[0])
    names.invalidate([g])
    assert names.qualified(_call(tree, "'g'")) == "asyncio.sleep"
    assert names.scope_of(_call(tree, "'g'").node) is not g_scope
    assert names.scope_of(_call(tree, "'f'").node) is f_scope  # f was not named: kept as built
    assert names.qualified(_call(tree, "'f'")) == "time.sleep"


def test_top_level_statements_added_or_removed_are_found_unnamed() -> None:
    tree = parse_module("import time\n\ntime.sleep('a')\n")
    names = NameResolver(tree)
    assert names.qualified(_call(tree, "'a'")) == "time.sleep"
    tree.children[0].remove()
    names.invalidate([])
    assert names.qualified(_call(tree, "'a'")) == "time.sleep"  # bound nowhere: itself
    tree.insert_child(0, parse_module("from asyncio import sleep as _\nimport trio as time\n").children[1])
    names.invalidate([])
    assert names.qualified(_call(tree, "'a'")) == "trio.sleep"
    assert dict(names.module_imports()) == {"time": "trio"}


def test_full_invalidation_rebuilds_everything() -> None:
    tree = parse_module("import time\n\ndef f():\n    time.sleep('f')\n")
    names = NameResolver(tree)
    before = names.scope_of(_call(tree, "'f'").node)
    names.invalidate()
    assert names.scope_of(_call(tree, "'f'").node) is not before
