"""Parsing with fissix's grammar that has no `print` and `exec` statements.

Bowler's default grammar keeps `exec` as a keyword, so SQLModel's `session.exec(...)` fails to parse;
fastfix never uses it.
"""

from __future__ import annotations

import textwrap

from fissix import pygram, pytree
from fissix.pgen2 import driver, parse, tokenize

from fastfix.errors import FastfixError

GRAMMAR = pygram.python_grammar_no_print_and_exec_statement
_DRIVER = driver.Driver(GRAMMAR, convert=pytree.convert)


def parse_module(text: str, path: str = "<string>") -> pytree.Node:
    """Parse normalised source text (see `fastfix.source`) into a lossless tree."""
    try:
        tree = _DRIVER.parse_string(text)
    except parse.ParseError as exc:
        _, (line, column) = exc.context
        shown = repr(exc.value) if exc.value else "end of file"
        raise FastfixError(f"cannot parse: unexpected {shown} at column {column + 1}", path, line) from None
    except tokenize.TokenError as exc:
        message, (line, _) = exc.args
        raise FastfixError(f"cannot parse: {message}", path, line) from None
    except (IndentationError, SyntaxError) as exc:
        raise FastfixError(f"cannot parse: {exc.msg}", path, exc.lineno) from None
    if str(tree) != text:
        raise FastfixError("cannot parse losslessly (the tree does not round-trip)", path)
    return tree


def parse_statements(code: str, indent: str) -> list[pytree.Base]:
    """Parse statements written by a codemod, indented for a block at `indent`, and return them
    detached. They are parsed inside an `async def` because fissix only knows `await` there."""
    body = textwrap.indent(textwrap.dedent(code).rstrip("\n") + "\n", indent or " ")
    tree = parse_module(f"async def _():\n{body}", "<fastfix>")
    suite = tree.children[0].children[1].children[-1]
    statements = [child for child in suite.children if child.type >= 256]
    for statement in statements:
        statement.remove()
        statement.prefix = indent
    return statements


def parse_expression(code: str) -> pytree.Base:
    """Parse an expression written by a codemod and return it detached."""
    (statement,) = parse_statements(code, " ")
    expression = statement.children[0]
    expression.remove()
    expression.prefix = ""
    return expression
