"""The parts of a rewritten tree that verifying it must re-parse: the smallest statements that
hold what the codemods changed, so that a one-line rewrite in a long function re-reads that line's
statement, not the function.

fissix marks `was_changed` on every node above a change (a token's value set alone is not marked:
compile() checks it). Below a changed statement, the marks lead to the statements inside it that
changed; a statement whose text is as parsed need not be parsed again, and the layout around it
(indentation, the order of statements) is checked by compile(), which always runs on the whole
file. Whether a statement or a block is new, or holds other children than it did, the marks do not
tell: a snapshot of the blocks as parsed (`Blocks`) does.
"""

from __future__ import annotations

import operator

from fissix.pytree import Base

from fastfix.parsing import tree_text
from fastfix.tree import COMPOUND_TYPES, indent_of, syms

_BLOCKS = COMPOUND_TYPES | {syms.suite, syms.file_input}


class Blocks:
    """The children of every block of a tree as parsed: the module, its suites and compound
    statements. It keeps them alive, so that their ids stay theirs."""

    def __init__(self, tree: Base) -> None:
        self._children: dict[int, tuple[Base, tuple[Base, ...]]] = {}
        stack = [tree]
        while stack:  # statements only, not expressions: a small share of the tree's nodes
            node = stack.pop()
            children = tuple(node.children)
            self._children[id(node)] = (node, children)
            stack.extend(child for child in children if child.type in _BLOCKS)

    def parsed_children(self, node: Base) -> tuple[Base, ...] | None:
        """The children the block had when parsed; None for a node that is not a parsed block."""
        entry = self._children.get(id(node))
        return entry[1] if entry is not None and entry[0] is node else None

    def kept(self, node: Base) -> bool:
        """Whether the node is a parsed block that still has the same children."""
        parsed = self.parsed_children(node)
        return parsed is not None and _same(parsed, node.children)


def reparse_text(tree: Base, blocks: Blocks, rewritten: set[int]) -> str:
    """A module that holds every changed part of the tree, each where it parses as it does in the
    file: a top-level one as it is, a nested one as the body of an `async def` (where any statement
    may stand). `rewritten` holds the ids of the module's children whose marks were cleared after
    a rewrite. The module's own token (ENDMARKER, its prefix the comments at the end) is a part
    like a statement."""
    return "".join(_standalone(part) for part in _parts_in(tree, blocks, rewritten))


def _parts_in(block: Base, blocks: Blocks, rewritten: set[int]) -> list[Base]:
    """The parts to re-parse in the module or a suite: its new children whole, and the smallest
    parts of its changed ones."""
    old = {id(child) for child in blocks.parsed_children(block) or ()}
    parts: list[Base] = []
    for child in block.children:
        if id(child) not in old:
            parts.append(child)
        elif _marked(child, rewritten):
            parts.extend(_narrowest(child, blocks, rewritten))
    return parts


def _narrowest(statement: Base, blocks: Blocks, rewritten: set[int]) -> list[Base]:
    """The smallest parts of a changed statement that hold its changes: the statements changed
    in its suites, or the statement itself when anything else in it changed (its header, say)."""
    suites = _changed_suites(statement, blocks)
    if not suites or not all(_intact(suite, blocks, rewritten) for suite in suites):
        return [statement]
    return [part for suite in suites for part in _parts_in(suite, blocks, rewritten)]


def _intact(suite: Base, blocks: Blocks, rewritten: set[int]) -> bool:
    """Whether a suite still has its tokens as parsed (NEWLINE, INDENT, DEDENT), unchanged, and
    a statement: then what changed in it are statements, parts of their own."""
    parsed = blocks.parsed_children(suite)
    tokens = [child for child in suite.children if child.type < 256]
    return (
        parsed is not None
        and _same(tokens, [child for child in parsed if child.type < 256])
        and not any(_marked(token, rewritten) for token in tokens)
        and len(tokens) < len(suite.children)
    )


def _changed_suites(node: Base, blocks: Blocks) -> list[Base]:
    """The suites of a compound statement that hold all its changes, looking through the
    statement a decorator or `async` wraps and the case blocks of a `match`; none when anything
    else changed: a token or an expression of a header, a one-line body, which children it has,
    or the node itself (marked, with no child marked)."""
    if node.type not in COMPOUND_TYPES or not blocks.kept(node):
        return []
    suites: list[Base] = []
    for child in node.children:
        if not child.was_changed:
            continue
        inner = [child] if child.type == syms.suite else _changed_suites(child, blocks)
        if not inner:
            return []
        suites.extend(inner)
    return suites


def _standalone(part: Base) -> str:
    """The part's text where it parses alone; a nested part's indentation for what is before it."""
    if part.parent.type == syms.file_input:
        return tree_text(part).rstrip() + "\n"
    text = tree_text(part)[len(part.prefix) :].rstrip()
    return f"async def _():\n{indent_of(part)}{text}\n"


def _marked(node: Base, rewritten: set[int]) -> bool:
    # the pipeline clears the marks of the module's children after each rewrite (see _take_changed)
    return node.was_changed or id(node) in rewritten


def _same(these: tuple[Base, ...] | list[Base], those: tuple[Base, ...] | list[Base]) -> bool:
    # fissix's `==` compares trees by content: the question is whether they are the same nodes
    return len(these) == len(those) and all(map(operator.is_, these, those))
