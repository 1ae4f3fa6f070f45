"""The prefilter's oracle on real code: every file through the pipeline with the prefilter, as
`fastfix diff` runs it (`run_sources`: the survey with its first look, the rules pending on the
run's facts, then the fix), and without it (`fix_source(prefilter=False)` runs every rule on every
file), and the two results compared: new text, changes, findings and error must be the same.

    python3 bench/prefilter_oracle.py [--jobs N] [--rules default|all] [--limit N] [--real]
                                      [--projects-in DIR]... [ROOT]...

Each ROOT is one project: its .py files, with module names relative to it and the cross-file facts
collected from all of them, as `fastfix diff .` run there has them. `--projects-in DIR` takes
each subdirectory of DIR as a project (realworld/.cache/src); `--real` adds the benchmark's real
corpus as one project (the installed packages bench/corpus.py copies). Rules: the default
codemods and every check (`default`, the default), or every codemod and check (`all`).

Prints the files compared, how many the prefilter let fissix parse, and every mismatch; exits 1
if there is one. A file the prefilter skips is not parsed, so an error fissix would report for it
(it cannot parse the file) is counted apart, not as a mismatch. With the prefilter off every file is parsed with fissix: expect minutes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastfix.pipeline import FileResult, Project, collect_project, fix_source, relative_module_name
from fastfix.prefilter import select
from fastfix.registry import all_checks, all_codemods
from fastfix.runner import Source, run_sources
from fastfix.source import SourceFile
from fastfix.workers import Workers

_rules: list[Any] = []
_projects: dict[str, Project] = {}


def rules(which: str) -> list[Any]:
    codemods = [codemod() for codemod in all_codemods() if which == "all" or codemod.default]
    return [*codemods, *(check() for check in all_checks())]


def projects(roots: list[Path], containers: list[Path]) -> Iterator[tuple[str, Path]]:
    yield from ((str(root), root) for root in roots)
    for container in containers:
        yield from ((str(child), child) for child in sorted(container.iterdir()) if child.is_dir())


def _init(which: str, facts: dict[str, Project]) -> None:
    global _rules, _projects
    _rules, _projects = rules(which), facts


def _outcome(result: FileResult) -> tuple[Any, ...]:
    return result.new_text, result.changes, result.findings, str(result.error)


def without_prefilter(task: tuple[str, str, str]) -> tuple[str, bool, FileResult]:
    """(path, whether fissix parses it with the prefilter on, the result with the prefilter off)."""
    project, path, module = task
    data = Path(path).read_bytes()
    facts = _projects[project]
    try:
        text = SourceFile.decode(data, path).text
        parsed = bool(select(_rules, text, module, facts).active)
    except Exception:  # noqa: BLE001 - undecodable: fix_source reports it either way
        parsed = True
    return path, parsed, fix_source(data, path, _rules, module=module, project=facts, prefilter=False)


def compare(on: FileResult, off: FileResult, parsed: bool) -> str | None:
    """What differs between the results with the prefilter and without, or None."""
    if _outcome(on) == _outcome(off):
        return None
    if not parsed and on.error is None and off.error is not None and not off.changes and not off.findings:
        return f"SKIPPED-UNPARSED {off.error}"  # not read by fissix, so its error is not seen
    differences = [name for name, a, b in zip(("new text", "changes", "findings", "error"), _outcome(on), _outcome(off)) if a != b]
    return f"{', '.join(differences)}: with the prefilter {_outcome(on)[1:]!r}, without {_outcome(off)[1:]!r}"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("roots", nargs="*", type=Path)
    options.add_argument("--real", action="store_true", help="add the benchmark's real corpus (installed packages)")
    options.add_argument("--projects-in", action="append", type=Path, default=[], help="a directory of projects")
    options.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    options.add_argument("--rules", choices=("default", "all"), default="default")
    options.add_argument("--limit", type=int, default=0, help="at most this many files per project (0: all)")
    arguments = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="fastfix-oracle-") as temporary:
        roots = list(arguments.roots)
        if arguments.real:
            from bench.corpus import copy_installed

            real = Path(temporary) / "real"
            real.mkdir()
            copy_installed(real)
            roots.append(real)
        run(roots, arguments)


def run(roots: list[Path], arguments: argparse.Namespace) -> None:
    started = time.perf_counter()
    chosen = rules(arguments.rules)
    tasks: list[tuple[str, str, str]] = []
    sources: dict[str, list[Source]] = {}  # by project, for the run with the prefilter
    facts: dict[str, Project] = {}
    for name, root in projects(roots, arguments.projects_in):
        files = sorted(path for path in root.rglob("*.py") if path.is_file())
        if arguments.limit:
            files = files[: arguments.limit]
        modules = [relative_module_name(path, root) for path in files]
        facts[name] = collect_project(((path.read_bytes(), module) for path, module in zip(files, modules)), chosen)
        tasks += [(name, str(path), module) for path, module in zip(files, modules)]
        sources[name] = [Source(str(path), module) for path, module in zip(files, modules)]
    print(f"{len(tasks)} files in {len(facts)} projects; rules: {', '.join(rule.id for rule in chosen)}", flush=True)
    with_prefilter: dict[str, FileResult] = {}
    with closing(Workers(chosen, arguments.jobs)) as workers:
        for project in sources.values():
            with_prefilter.update((result.path, result) for result in run_sources(project, chosen, workers=workers).results)
    mismatches, unparsed, parsed, done = [], [], 0, 0
    with multiprocessing.Pool(arguments.jobs, _init, (arguments.rules, facts)) as pool:
        for path, reached, off in pool.imap_unordered(without_prefilter, tasks, chunksize=8):
            detail = compare(with_prefilter[path], off, reached)
            done += 1
            parsed += reached
            if detail is not None and detail.startswith("SKIPPED-UNPARSED"):
                unparsed.append(path)
                print(f"not parsed with the prefilter, an error without: {path}: {detail}", flush=True)
            elif detail is not None:
                mismatches.append((path, detail))
                print(f"MISMATCH {path}: {detail}", flush=True)
            if done % 1000 == 0:
                print(f"  {done} files, {len(mismatches)} mismatches, {time.perf_counter() - started:.0f} s", flush=True)
    print(
        f"{done} files compared, {parsed} ({parsed / max(done, 1):.1%}) parsed by fissix with the prefilter, "
        f"{len(mismatches)} mismatches, {len(unparsed)} files skipped unparsed whose parse fails without the prefilter"
        f" (as with any prefilter), {time.perf_counter() - started:.0f} s"
    )
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
