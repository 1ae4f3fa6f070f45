"""Suppression comments: `# fastfix: ignore`, `# fastfix: ignore[id, ...]`, and `# noqa[: CODES]`."""

from __future__ import annotations

import re

from fissix.pytree import Base

_FASTFIX = re.compile(r"#\s*fastfix:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
ALL = "*"


class Suppressions:
    """Which codemod ids and which rule codes are suppressed on which line."""

    def __init__(self, tree: Base, text: str) -> None:
        self.fastfix: dict[int, set[str]] = {}
        self.noqa: dict[int, set[str]] = {}
        if "fastfix" not in text and "noqa" not in text.lower():
            return
        for leaf in tree.leaves():
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

    def suppressed(self, lines: range, codemod_id: str, rule_codes: tuple[str, ...]) -> bool:
        for line in lines:
            ids = self.fastfix.get(line, ())
            if ALL in ids or codemod_id in ids:
                return True
            codes = self.noqa.get(line, ())
            if rule_codes and (ALL in codes or any(code in codes for code in rule_codes)):
                return True
        return False
