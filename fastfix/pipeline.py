"""The ordered pipeline: one parse per file, every enabled codemod in order on the same tree,
requested imports added once, and the result verified before anyone may write it."""

from __future__ import annotations

import ast
import sys
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from fastfix.codemod import Change, Codemod, Context, Finding
from fastfix.errors import FastfixError
from fastfix.imports import ImportRequests
from fastfix.names import NameResolver
from fastfix.parsing import parse_module
from fastfix.source import SourceFile
from fastfix.suppression import Suppressions

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


def collect_project(sources: Iterable[tuple[bytes, str]], codemods: Sequence[Codemod]) -> Project:
    """Cross-file facts for the codemods that need them, read with `ast` in one pass over each
    file's bytes and module name."""
    facts: dict[str, set[Any]] = {}
    for data, module in sources:
        try:
            text = SourceFile.decode(data, module).text
        except FastfixError:
            continue  # reported by the main pass
        collect_facts(text, module, codemods, facts)
    return {codemod_id: frozenset(found) for codemod_id, found in facts.items()}


def collect_facts(text: str, module: str, codemods: Sequence[Codemod], facts: dict[str, set[Any]]) -> None:
    """Add one file's facts for every codemod that collects and whose tokens the file holds."""
    interested = [c for c in codemods if c.collect_tokens and any(t in text for t in c.collect_tokens)]
    if not interested:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return  # the main pass reports files that do not parse
    for codemod in interested:
        facts.setdefault(codemod.id, set()).update(codemod.collect(tree, module))


def fix_source(
    data: bytes,
    path: str,
    codemods: Sequence[Codemod],
    *,
    module: str = "",
    project: Project | None = None,
) -> FileResult:
    """Run the pipeline over one file's bytes. Never raises for bad input: errors are in the result."""
    result = FileResult(path)
    try:
        source = result.source = SourceFile.decode(data, path)
        active = [codemod for codemod in codemods if codemod.applies_to(source.text)]
        if not active:
            return result
        tree = parse_module(source.text, path)
        names = NameResolver(tree, module)
        imports = ImportRequests(tree, names)
        suppressions = Suppressions(tree, source.text)
        for codemod in active:
            ctx = Context(codemod, tree, names, imports, suppressions, module, (project or {}).get(codemod.id, frozenset()))
            codemod.transform(ctx)
            result.findings.extend(ctx.findings)
            if ctx.changes:
                result.changes.extend(ctx.changes)
                # the rewrite may have bound or moved names: later codemods need fresh scopes
                names = imports.names = NameResolver(tree, module)
        imports.apply()
        result.changes.sort(key=lambda change: change.line)
        result.findings.sort(key=lambda finding: (finding.line, finding.column))
        new_text = str(tree)
        if new_text != source.text:
            verify(new_text, path, {change.codemod for change in result.changes}, source.text)
            result.new_text = new_text
    except FastfixError as exc:
        result.error = exc
        result.changes = []
    return result


def verify(text: str, path: str, codemod_ids: set[str], original: str | None = None) -> None:
    """The rewritten text must re-parse with fastfix's grammar and compile under the running Python."""
    culprit = ", ".join(sorted(codemod_ids)) or "the import helper"
    try:
        parse_module(text, path)
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
