"""Parsing with fastfix's own grammar (`fastfix.grammar`): fissix's, extended to Python 3.14.

It has no `print` and `exec` statements: SQLModel's `session.exec(...)` must parse.
"""

from __future__ import annotations

import textwrap

from fissix import pytree
from fissix.pgen2 import token, tokenize

from fastfix.errors import FastfixError
from fastfix.grammar import ParseError, parse_string

_TOKEN_WORDS = {token.NEWLINE: "end of line", token.INDENT: "indent", token.DEDENT: "dedent", token.ENDMARKER: "end of file"}


def parse_module(text: str, path: str = "<string>", *, check_round_trip: bool = True) -> pytree.Node:
    """Parse normalised source text (see `fastfix.source`) into a lossless tree. A caller that
    only asks whether the text parses may skip checking that the tree prints it back.

    The check joins the prefixes and values of the leaves as the parser made them, not the
    tree: the parser keeps every leaf it makes, in order (the grammar tests check the trees
    themselves), and joining them is a twentieth of the parse's time cheaper than a tree walk."""
    printed: list[str] | None = [] if check_round_trip else None
    try:
        tree = parse_string(text, printed)
    except ParseError as exc:
        _, (line, column) = exc.context
        shown = _TOKEN_WORDS.get(exc.type) or repr(exc.value)
        where = f" in {exc.construct}" if exc.construct else ""
        raise FastfixError(f"cannot parse: unexpected {shown} at column {column + 1}{where}", path, line) from None
    except tokenize.TokenError as exc:
        message, (line, _) = exc.args
        raise FastfixError(f"cannot parse: {message}", path, line) from None
    except (IndentationError, SyntaxError) as exc:
        raise FastfixError(f"cannot parse: {exc.msg}", path, exc.lineno) from None
    if printed is not None and "".join(printed) != text:
        raise FastfixError("cannot parse losslessly (the tree does not round-trip)", path)
    return tree


def tree_text(node: pytree.Base) -> str:
    """`str(node)`: the text of its leaves, prefixes included. fissix joins each node's children
    into a string of its own, copying a file's text once per level of the tree; this joins once."""
    parts: list[str] = []
    stack = [node]
    while stack:
        node = stack.pop()
        if node.type < 256:  # a token
            parts += (node.prefix, node.value)
        else:
            stack.extend(reversed(node.children))
    return "".join(parts)


def parse_statements(code: str, indent: str) -> list[pytree.Base]:
    """Parse statements written by a codemod, indented for a block at `indent`, and return them
    detached. They are parsed as the body of an `async def`, where any statement may stand."""
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
