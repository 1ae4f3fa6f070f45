"""The contract every codemod module in `codemods/` and every check module in `checks/` fulfils,
and the context they work in.

A codemod is a module with one `Codemod` subclass, a check one with one `Check` subclass; the
module docstring has ruff's sections (What it does / Why is this bad? / Example / Use instead / Fix
safety) and the class attributes declare its metadata. A codemod matches and rewrites, a check
matches and reports; parsing, names, scopes, imports, suppressions and writing are the engine's.
"""

from __future__ import annotations

import ast
import inspect
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from fissix.pytree import Base, Node

from fastfix.ast_index import Index
from fastfix.imports import ImportRequests
from fastfix.names import NameResolver
from fastfix.prefilter import Facts, Query, has, pattern
from fastfix.suppression import Suppressions
from fastfix.tree import first_column, first_line, header_lines

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety")


@dataclass(frozen=True)
class Change:
    codemod: str
    line: int
    description: str
    column: int = 1


@dataclass(frozen=True)
class Finding:
    """Something a codemod or check reports instead of rewriting (or could not rewrite)."""

    rule: str
    line: int
    column: int
    message: str
    fixable: bool = False


class Rule:
    """What codemods and checks share: metadata, settings, documentation, the quick tests of
    whether a file may concern them (the prefilter), and cross-file facts."""

    id: ClassVar[str]
    title: ClassVar[str]
    default: ClassVar[bool] = True
    # ruff / flake8-async rule codes; a noqa comment naming one also suppresses this rule
    noqa: ClassVar[tuple[str, ...]] = ()
    # The prefilter (fastfix/prefilter.py) runs a rule only on files it may change or report on;
    # each condition must hold for every such file. Stage 1, on the text: it holds one of `tokens`,
    # matches every regular expression of `requires`, and has what `prefilter` needs of a text.
    tokens: ClassVar[tuple[str, ...]]
    requires: ClassVar[tuple[str, ...]] = ()
    # Stage 2, on an index of the file read with `ast`: what the file must contain, in the words of
    # fastfix.prefilter (`calls_to("time.sleep", where=COROUTINE)`); None: no stage 2. A property
    # where it depends on the settings.
    prefilter: ClassVar[Query | None] = None
    # per-rule settings, overridable in [tool.fastfix.<id>]; values are the defaults
    options: ClassVar[dict[str, Any]] = {}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings = {**self.options, **(settings or {})}

    @classmethod
    def doc(cls) -> str:
        """The module's docstring: the one text for `fastfix explain`, docs and meta-tests."""
        return inspect.cleandoc(sys.modules[cls.__module__].__doc__ or "")

    @classmethod
    def why(cls) -> str:
        """The "Why is this bad?" section as one paragraph, for commit messages and summaries."""
        return " ".join(doc_sections(cls.doc()).get("Why is this bad?", "").split())

    def applies_to(self, text: str, module: str = "", facts: Facts = frozenset()) -> bool:
        """Stage 1 of the prefilter, for a file of `module` and the rule's facts from the run."""
        if not any(has(token, text) for token in self.tokens):
            return False
        if not all(pattern(source).search(text) for source in self.requires):
            return False
        query = self.prefilter
        return query is None or query.text(text, module, facts)

    def fits(self, index: Index, module: str = "", facts: Facts = frozenset()) -> bool:
        """Stage 2 of the prefilter, for a file that passed stage 1."""
        query = self.prefilter
        return query is None or query.match(index, module, facts)

    # Cross-file facts: a rule that needs them says, in the prefilter's words, what the text of a
    # file worth reading holds (`calls_to(*DEPENDS)`: see `Query.text`), and collects from the
    # file's `ast` (cheap next to a fissix parse); `transform` or `detect` then finds all files'
    # facts in `ctx.project`.
    collects_from: ClassVar[Query | None] = None

    def collect(self, module: ast.Module, module_name: str, text: str) -> Iterable[Any]:
        return ()


class Codemod(Rule):
    """Base class of codemods; subclasses set the metadata below and implement `transform`."""

    order: ClassVar[int]
    safety: ClassVar[Literal["safe", "review"]]

    def transform(self, ctx: Context) -> None:
        raise NotImplementedError


class Check(Rule):
    """Base class of checks, which report and never rewrite: `detect` calls `ctx.report`. The
    pipeline runs checks after the codemods, on their result, so a check sees only what the
    enabled codemods left."""

    def detect(self, ctx: Context) -> None:
        raise NotImplementedError


@dataclass
class Context:
    """What a codemod or check sees of one file while it runs."""

    codemod: Rule
    tree: Node
    names: NameResolver
    imports: ImportRequests
    suppressions: Suppressions
    module_name: str
    project: frozenset[Any] = frozenset()
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def settings(self) -> dict[str, Any]:
        return self.codemod.settings

    def suppressed(self, node: Base) -> bool:
        """Whether a comment on the node's lines switches this codemod off there; for codemods that
        must know before they commit to a rewrite spanning several places."""
        codemod, suppressions = self.codemod, self.suppressions
        # most files have no suppression comment: then the node's lines need not be found
        return suppressions.found and suppressions.suppressed(header_lines(node), codemod.id, codemod.noqa)

    def change(self, node: Base, description: str) -> bool:
        """Record a rewrite at `node` before making it; False means a comment suppresses it."""
        codemod = self.codemod
        if self.suppressed(node):
            return False
        self.changes.append(Change(codemod.id, first_line(node), description, first_column(node)))
        return True

    def report(self, node: Base, message: str) -> None:
        """Report what is left for a person to fix (honours the same suppression comments)."""
        if not self.suppressed(node):
            self.findings.append(Finding(self.codemod.id, first_line(node), first_column(node), message))

    def qualified(self, node: Any) -> str | None:
        return self.names.qualified(node)


def doc_sections(doc: str) -> dict[str, str]:
    """`## Heading` sections of a codemod docstring."""
    sections: dict[str, str] = {}
    current = None
    for line in doc.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return {name: text.strip("\n") for name, text in sections.items()}


def code_blocks(section: str) -> list[str]:
    """The fenced ```python blocks of a docs section."""
    blocks, current = [], None
    for line in section.splitlines():
        if line.strip().startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append("\n".join(current) + "\n")
                current = None
        elif current is not None:
            current.append(line)
    return blocks
