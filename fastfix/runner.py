"""A run over paths or in-memory files: find the files, collect cross-file facts, run the pipeline,
write if asked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fastfix.codemod import Codemod
from fastfix.config import Config, python_files
from fastfix.errors import FastfixError
from fastfix.pipeline import FileResult, collect_project, fix_source, module_name
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
    """One file's bytes as a run reads them, from disk or from a git tree."""

    path: str  # as reported and shown in diffs
    module: str  # dotted name relative to the project root, for resolving imports
    data: bytes


def run(paths: Sequence[Path], config: Config, codemods: Sequence[Codemod], *, write: bool) -> Report:
    """The files under `paths` on disk, rewritten in place if `write`."""
    read: list[Source | FileResult] = []  # a FileResult where a file cannot be read
    for path in python_files(paths, config):
        try:
            read.append(Source(str(path), module_name(path, config.root), path.read_bytes()))
        except OSError as exc:
            read.append(FileResult(str(path), error=FastfixError(f"cannot read: {exc.strerror}", str(path))))
    fixed = iter(run_sources([entry for entry in read if isinstance(entry, Source)], codemods).results)
    report = Report()
    for entry in read:
        if isinstance(entry, FileResult):
            report.results.append(entry)
            continue
        result = next(fixed)
        if write and result.changed:
            try:
                write_atomically(Path(entry.path), result.new_bytes(), entry.data)
            except FastfixError as exc:
                result.error = exc
        report.results.append(result)
    return report


def run_sources(sources: Sequence[Source], codemods: Sequence[Codemod]) -> Report:
    """The pipeline over files already in memory; their cross-file facts come from these files."""
    project = collect_project([(source.data, source.module) for source in sources], codemods)
    return Report([fix_source(s.data, s.path, codemods, module=s.module, project=project) for s in sources])
