"""The ordered pipeline: one parse per file, every enabled codemod in order on the same tree,
requested imports added once, every enabled check on the result, and the result verified before
anyone may write it."""

from __future__ import annotations

import ast
import sys
import warnings
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from fissix.pytree import Base, Node

from fastfix.ast_index import parse_ast
from fastfix.codemod import Change, Check, Context, Finding, Rule
from fastfix.errors import FastfixError
from fastfix.imports import ImportRequests
from fastfix.names import NameResolver
from fastfix.parsing import parse_module, tree_text
from fastfix.parts import Blocks, reparse_text
from fastfix.prefilter import confirmed, rechecked, select
from fastfix.source import SourceFile
from fastfix.suppression import Suppressions
from fastfix.tree import take_changed

Project = dict[str, frozenset[Any]]


@dataclass
class FileResult:
    path: str
    source: SourceFile | None = None
    new_text: str | None = None  # normalised like SourceFile.text; None when unchanged
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: FastfixError | None = None

    @property
    def changed(self) -> bool:
        return self.new_text is not None

    def new_bytes(self) -> bytes:
        assert self.source is not None and self.new_text is not None
        return self.source.encode(self.new_text)


def module_name(path: Path, root: Path) -> str:
    """Dotted path of a file relative to the project root: `app/db.py` -> `app.db`. A package's
    `__init__.py` keeps its `__init__` (`app.__init__`) so that relative imports in it resolve
    against the package itself, as Python resolves them; see `package_module`."""
    return relative_module_name(path.resolve(), root.resolve())


def relative_module_name(path: PurePath, root: PurePath) -> str:
    """`module_name` for paths that need no resolving, such as those in a git tree."""
    try:
        parts = list(path.relative_to(root).with_suffix("").parts)
    except ValueError:
        parts = [path.stem]
    return ".".join(parts)


def collect_project(sources: Iterable[tuple[bytes, str]], codemods: Sequence[Rule]) -> Project:
    """Cross-file facts for the codemods and checks that need them, read with `ast` in one pass over each
    file's bytes and module name."""
    facts: dict[str, set[Any]] = {}
    for data, module in sources:
        try:
            text = SourceFile.decode(data, module).text
        except FastfixError:
            continue  # reported by the main pass
        collect_facts(text, module, codemods, facts)
    return {codemod_id: frozenset(found) for codemod_id, found in facts.items()}


def collect_facts(text: str, module: str, codemods: Sequence[Rule], facts: dict[str, set[Any]]) -> None:
    """Add one file's facts for every codemod or check that collects and whose `collects_from` the text meets."""
    collecting = _collecting(text, module, codemods)
    if collecting:
        _collect(collecting, parse_ast(text), text, module, facts)


def _collecting(text: str, module: str, codemods: Sequence[Rule]) -> list[Rule]:
    return [c for c in codemods if c.collects_from is not None and c.collects_from.text(text, module, frozenset())]


def _collect(collecting: list[Rule], tree: ast.Module | None, text: str, module: str, facts: dict[str, set[Any]]) -> None:
    if tree is None:
        return  # the fix reports a file that does not parse
    for codemod in collecting:
        facts.setdefault(codemod.id, set()).update(codemod.collect(tree, module, text))


@dataclass
class Survey:
    """A first look at one file, before any is fixed: its cross-file facts, the ids of the rules
    the prefilter keeps for it while the run's facts are not all known and of those pending on
    them (see `prefilter.select`), or why it cannot be read; and the file fixed already, when the
    run fixes it in the same visit (see `runner._survey`)."""

    facts: dict[str, set[Any]] = field(default_factory=dict)
    kept: tuple[str, ...] = ()
    pending: dict[str, frozenset[str]] = field(default_factory=dict)
    error: FastfixError | None = None
    result: FileResult | None = None


def survey_source(data: bytes, path: str, codemods: Sequence[Rule], module: str = "") -> Survey:
    """Collect one file's facts and run the prefilter on it with one `ast` parse at most, shared
    by both: a file for which the prefilter keeps no rule needs no second look. A pending rule
    that the file's own facts confirm is kept: the run's facts can only add to them."""
    try:
        text = SourceFile.decode(data, path).text
    except FastfixError as exc:
        return Survey(error=exc)
    survey, collecting = Survey(), _collecting(text, module, codemods)
    tree = parse_ast(text) if collecting else None
    _collect(collecting, tree, text, module, survey.facts)
    selection = select(codemods, text, module, facts_known=False, tree=tree)
    own = confirmed(selection.pending, module, {rule_id: frozenset(found) for rule_id, found in survey.facts.items()})
    survey.kept = tuple(rule.id for rule in selection.active) + tuple(own)
    survey.pending = {rule_id: names for rule_id, names in selection.pending.items() if rule_id not in own}
    return survey


def fix_source(
    data: bytes,
    path: str,
    codemods: Sequence[Rule],
    *,
    module: str = "",
    project: Project | None = None,
    prefilter: bool = True,
    kept: Collection[str] | None = None,
) -> FileResult:
    """Run the pipeline over one file's bytes. Never raises for bad input: errors are in the result.
    `codemods` may hold checks too: they run after every codemod and the imports it needs, on
    the result.

    The prefilter is a guarantee of the engine: a rule runs only on a file the prefilter keeps it
    for (fastfix/prefilter.py), and a file it keeps no rule for is not parsed at all.
    `prefilter=False` runs every rule on every file; the result must be the same (a test checks).
    `kept` are the ids of the rules a survey of the file kept (`survey_source`): of them, those
    `rechecked` with the run's facts run, with no second `ast` parse."""
    result = FileResult(path)
    try:
        source = SourceFile.decode(data, path)
        if not prefilter:
            active = list(codemods)
        elif kept is not None:
            active = rechecked(codemods, kept, source.text, module, project or {})
        else:
            active = active_rules(codemods, source.text, module, project)
        if not active:
            return result
        tree = parse_module(source.text, path)
        blocks = Blocks(tree)  # the statements as read: verifying re-parses only those that changed
        names = NameResolver(tree, module)
        imports = ImportRequests(tree, names)
        suppressions = Suppressions(tree, source.text)
        rewritten: set[int] = set()  # ids of the top-level statements a rewrite changed
        for rule in active:
            if isinstance(rule, Check):
                continue
            ctx = Context(rule, tree, names, imports, suppressions, module, (project or {}).get(rule.id, frozenset()))
            rule.transform(ctx)
            result.findings.extend(ctx.findings)
            if ctx.changes:
                result.changes.extend(ctx.changes)
                # the rewrite may have bound or moved names: later codemods need fresh scopes
                names.invalidate(_take_changed(tree, rewritten))
        imports.apply()
        names.invalidate(_take_changed(tree, rewritten))  # the imports the rewrites need are there now
        for rule in active:
            if isinstance(rule, Check):  # on the tree as it will be written: what the codemods left
                ctx = Context(rule, tree, names, imports, suppressions, module, (project or {}).get(rule.id, frozenset()))
                rule.detect(ctx)
                result.findings.extend(ctx.findings)
        result.changes.sort(key=lambda change: change.line)
        result.findings.sort(key=lambda finding: (finding.line, finding.column))
        new_text = tree_text(tree)
        if new_text != source.text:
            parts = reparse_text(tree, blocks, rewritten)
            verify(new_text, path, {change.codemod for change in result.changes}, source.text, parts)
            result.new_text = new_text
        if result.changed or result.findings:
            result.source = source  # for diffs and writes; the report keeps nothing else of a file
    except FastfixError as exc:
        result.error = exc
        result.changes = []
    return result


def _take_changed(tree: Node, rewritten: set[int]) -> list[Base]:
    """The top-level statements changed since the last call (see `take_changed`), added to
    `rewritten`. A token's value set alone, as in a renamed attribute, is not marked: compile()
    checks it."""
    changed = take_changed(tree)
    rewritten.update(id(statement) for statement in changed)
    return changed


def active_rules(rules: Sequence[Rule], text: str, module: str, project: Project | None) -> list[Rule]:
    """The rules to run on a file, in their order: those the two-stage prefilter keeps (see
    fastfix/prefilter.py); none means the file need not be parsed."""
    return select(rules, text, module, project).active


def verify(text: str, path: str, codemod_ids: set[str], original: str | None = None, rewritten: str | None = None) -> None:
    """The rewritten text must re-parse with fastfix's grammar and compile under the running Python.
    `rewritten` is a module holding the rewritten parts (see fastfix/parts.py): only they need
    re-parsing, the rest is as it was parsed; None re-parses the whole text."""
    culprit = ", ".join(sorted(codemod_ids)) or "the import helper"
    try:
        _reparse(text, rewritten, path)
        _compile(text, path)
    except (FastfixError, SyntaxError, ValueError) as exc:
        line = getattr(exc, "line", None) or getattr(exc, "lineno", None)
        if original is not None and not _compiles(original, path):
            # fastfix reads syntax newer than the Python running it, but cannot check a rewrite of it
            version = ".".join(map(str, sys.version_info[:2]))
            raise FastfixError(
                f"cannot check the rewrite: the file does not compile under Python {version} either"
                f" ({getattr(exc, 'msg', None) or exc}); file left unchanged - run fastfix with the Python"
                " the code is written for",
                path,
                line,
            ) from None
        raise FastfixError(
            f"rewrite by {culprit} would not compile ({getattr(exc, 'msg', None) or exc}); file left unchanged"
            " - please report this as a fastfix bug",
            path,
            line,
        ) from None


def _reparse(text: str, rewritten: str | None, path: str) -> None:
    # the trees are thrown away: whether they would print the text back is not the question
    try:
        parse_module(text if rewritten is None else rewritten, path, check_round_trip=False)
    except FastfixError:
        parse_module(text, path, check_round_trip=False)  # to report the line in the whole file
        raise


def _compile(text: str, path: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compile(text, path, "exec", dont_inherit=True)


def _compiles(text: str, path: str) -> bool:
    try:
        _compile(text, path)
    except (SyntaxError, ValueError):
        return False
    return True
