"""A run over paths: find the files, collect cross-file facts, run the pipeline, write if asked."""

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


def run(paths: Sequence[Path], config: Config, codemods: Sequence[Codemod], *, write: bool) -> Report:
    files = list(python_files(paths, config))
    project = collect_project(files, codemods, config.root)
    report = Report()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.results.append(FileResult(str(path), error=FastfixError(f"cannot read: {exc.strerror}", str(path))))
            continue
        result = fix_source(data, str(path), codemods, module=module_name(path, config.root), project=project)
        if write and result.changed:
            try:
                write_atomically(path, result.new_bytes(), data)
            except FastfixError as exc:
                result.error = exc
        report.results.append(result)
    return report
