"""A run over paths or in-memory files: find the files, collect cross-file facts, run the pipeline,
write if asked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from fastfix.codemod import Rule
from fastfix.config import Config, python_files
from fastfix.errors import FastfixError
from fastfix.pipeline import FileResult, Project, Survey, fix_source, relative_module_name, survey_source
from fastfix.prefilter import confirmed
from fastfix.workers import Workers
from fastfix.writing import write_atomically


@dataclass
class Report:
    results: list[FileResult] = field(default_factory=list)  # every file scanned, in path order

    @property
    def changed(self) -> list[FileResult]:
        return [result for result in self.results if result.changed]

    @property
    def failed(self) -> list[FileResult]:
        return [result for result in self.results if result.error is not None]

    def rewrites(self) -> Counter[str]:
        return Counter(change.codemod for result in self.results for change in result.changes)


@dataclass(frozen=True)
class Source:
    """One file as a run reads it: bytes from a git tree, or a path on disk that the process
    fixing the file reads (so that a pool's workers get paths, not contents)."""

    path: str  # as reported and shown in diffs
    module: str  # dotted name relative to the project root, for resolving imports
    data: bytes | None = None  # None: read from `path`

    def read(self) -> bytes:
        return Path(self.path).read_bytes() if self.data is None else self.data


class Progress(Protocol):
    """What a run tells about its progress: each phase over the files, then a step per file."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self) -> None: ...


def run(
    paths: Sequence[Path], config: Config, codemods: Sequence[Rule], *, write: bool, jobs: int = 1,
    progress: Progress | None = None,
) -> Report:
    """The files under `paths` on disk, rewritten in place if `write`, with `jobs` processes."""
    root = config.resolved_root  # not resolved per file, as `module_name` would
    directories: dict[Path, Path] = {}
    sources = [
        Source(str(path), relative_module_name(resolved(path, directories), root)) for path in python_files(paths, config)
    ]
    with closing(Workers(codemods, jobs)) as workers:
        return run_sources(sources, codemods, workers=workers, write=write, progress=progress)


def resolved(path: Path, directories: dict[Path, Path]) -> Path:
    """`path.resolve()`, with each directory resolved once (kept in `directories`): a file that is
    no symlink itself resolves where its directory does."""
    if path.is_symlink():
        return path.resolve()
    directory = directories.get(path.parent)
    if directory is None:
        directory = directories[path.parent] = path.parent.resolve()
    return directory / path.name


def run_sources(
    sources: Sequence[Source], codemods: Sequence[Rule], *, workers: Workers | None = None, write: bool = False,
    progress: Progress | None = None,
) -> Report:
    """The pipeline over `sources` in two passes: a survey of every file (its cross-file facts,
    and the rules the prefilter keeps for it), then the fix of the files some rule may act on,
    with the facts of all, unless the survey fixed them already. `codemods` are some of the
    `workers`' rules (default: run in this process). A file is written by the process that
    rewrote it, so that its new contents need not travel."""
    workers = workers or Workers(codemods, 1)
    facts: dict[str, set[Any]] = {}
    surveys: list[Survey] = []  # per source, its facts merged and dropped: what the fix pass needs
    if progress is not None:
        progress.start("reading", len(sources))
    for survey in workers.map(_survey, sources, codemods, write):
        for codemod_id, values in survey.facts.items():
            facts.setdefault(codemod_id, set()).update(values)
        survey.facts = {}
        surveys.append(survey)
        if progress is not None:
            progress.advance()
    project = {codemod_id: frozenset(values) for codemod_id, values in facts.items()}
    for source, survey in zip(sources, surveys):
        if survey.pending:
            joining = confirmed(survey.pending, source.module, project)
            if joining:  # the survey's fix ran without them: the file is fixed again
                survey.kept, survey.result = survey.kept + tuple(joining), None
            survey.pending = {}
    todo = [(source, survey.kept) for source, survey in zip(sources, surveys) if survey.kept and survey.result is None]
    if progress is not None:
        progress.start("rewriting", len(todo))
    fixed = workers.map(_fix, todo, codemods, project, write)
    report = Report()
    for source, survey in zip(sources, surveys):
        if not survey.kept:
            report.results.append(FileResult(source.path, error=survey.error))
        elif survey.result is not None:
            report.results.append(survey.result)
        else:
            report.results.append(next(fixed))
            if progress is not None:
                progress.advance()
    return report


def _survey(codemods: Sequence[Rule], source: Source, write: bool) -> Survey:
    """The file's survey. When none of the rules kept for it reads cross-file facts, the file is
    fixed in the same visit: read and decoded once, and its fix need not wait for every other
    file's survey. That fix stands unless a pending rule is confirmed (see `run_sources`), so it
    writes only when none is pending; with one pending and `write`, the fix pass fixes the file."""
    try:
        data = source.read()
    except OSError as exc:
        return Survey(error=FastfixError(f"cannot read: {exc.strerror}", source.path))
    survey = survey_source(data, source.path, codemods, source.module)
    kept = [rule for rule in codemods if rule.id in survey.kept]
    if kept and all(rule.collects_from is None for rule in kept) and not (write and survey.pending):
        survey.result = _fixed(codemods, source, data, survey.kept, {}, write)
    return survey


def _fix(codemods: Sequence[Rule], item: tuple[Source, tuple[str, ...]], project: Project, write: bool) -> FileResult:
    source, kept = item
    try:
        data = source.read()
    except OSError as exc:
        return FileResult(source.path, error=FastfixError(f"cannot read: {exc.strerror}", source.path))
    return _fixed(codemods, source, data, kept, project, write)


def _fixed(
    codemods: Sequence[Rule], source: Source, data: bytes, kept: tuple[str, ...], project: Project, write: bool
) -> FileResult:
    result = fix_source(data, source.path, codemods, module=source.module, project=project, kept=kept)
    if write and result.changed:
        try:
            write_atomically(Path(source.path), result.new_bytes(), data)
        except FastfixError as exc:
            result.error = exc
    return result
