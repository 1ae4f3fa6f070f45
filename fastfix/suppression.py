"""Suppression comments: `# fastfix: ignore`, `# fastfix: ignore[id, ...]`, and `# noqa[: CODES]`."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from fissix.pytree import Base, Leaf

_FASTFIX = re.compile(r"#\s*fastfix:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
# where either of the two can match in a line, whose `\s*` spans no line break
_MARKER = re.compile(r"#[^\S\n]*(?:fastfix|noqa)", re.IGNORECASE)
ALL = "*"


class Suppressions:
    """Which codemod ids and which rule codes are suppressed on which line."""

    def __init__(self, tree: Base, text: str) -> None:
        """`tree` is `text` as parsed, before any rewrite: the comments are in its tokens' prefixes
        (a marker in a string is no comment), on the lines the tokens' line numbers tell."""
        self.fastfix: dict[int, set[str]] = {}
        self.noqa: dict[int, set[str]] = {}
        lines = _marked_lines(text)
        for leaf in _leaves_on(tree, lines) if lines else ():
            if "#" in leaf.prefix:
                self._read_prefix(leaf.prefix, leaf.lineno)

    def _read_prefix(self, prefix: str, leaf_line: int) -> None:
        lines = prefix.split("\n")
        for offset, line in enumerate(lines):
            comment = line.find("#")
            if comment < 0:
                continue
            number = leaf_line - (len(lines) - 1 - offset)
            for match in _FASTFIX.finditer(line, comment):
                ids = match.group("ids")
                self.fastfix.setdefault(number, set()).update(
                    {part.strip() for part in ids.split(",") if part.strip()} if ids else {ALL}
                )
            for match in _NOQA.finditer(line, comment):
                codes = match.group("codes")
                self.noqa.setdefault(number, set()).update(
                    {code.upper() for code in re.split(r"[\s,]+", codes) if code} if codes else {ALL}
                )

    @property
    def found(self) -> bool:
        """Whether the file has any suppression comment."""
        return bool(self.fastfix or self.noqa)

    def suppressed(self, lines: range, codemod_id: str, rule_codes: tuple[str, ...]) -> bool:
        for line in lines:
            ids = self.fastfix.get(line, ())
            if ALL in ids or codemod_id in ids:
                return True
            codes = self.noqa.get(line, ())
            if rule_codes and (ALL in codes or any(code in codes for code in rule_codes)):
                return True
        return False


def _marked_lines(text: str) -> list[int]:
    """The numbers of the lines where a suppression comment may start, in order: the only lines
    of the prefixes that need reading."""
    lines: list[int] = []
    line, position = 1, 0
    for match in _MARKER.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _leaves_on(tree: Base, lines: list[int]) -> Iterator[Leaf]:
    """The leaves whose prefix may hold one of `lines` (sorted), walking only into the nodes whose
    lines do: a file's few comments that may suppress need not cost a walk over all its tokens."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.type < 256:  # a token
            yield node
        else:
            stack.extend(child for child in reversed(node.children) if _holds_any(child, lines))


def _holds_any(node: Base, lines: list[int]) -> bool:
    """Whether a node's prefixes may hold one of `lines` (sorted): they lie between its first
    token's prefix and its last token's line, since a token's prefix ends on the token's line and
    the tokens come in the order of their lines."""
    first = last = node
    while first.children:
        first = first.children[0]
    while last.children:
        last = last.children[-1]
    index = bisect_left(lines, first.lineno - first.prefix.count("\n"))
    return index < len(lines) and lines[index] <= last.lineno
