"""Test helpers: run codemods over source strings the way the CLI runs them over files."""

from __future__ import annotations

import os
import sysconfig
import textwrap
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from fastfix.codemod import Codemod
from fastfix.pipeline import FileResult, collect_facts, fix_source
from fastfix.registry import all_codemods, by_id
from fastfix.runner import Source, run_sources


def codemods_for(ids: Sequence[str] | None = None, settings: dict[str, dict[str, Any]] | None = None) -> list[Codemod]:
    """The named codemods (all default-on ones when ids is None), configured, in run order."""
    settings = settings or {}
    chosen = [c for c in all_codemods() if (c.id in ids if ids is not None else c.default)]
    return [codemod(settings.get(codemod.id)) for codemod in chosen]


def run(
    data: bytes, codemods: Sequence[Codemod], path: str = "example.py", module: str = "example", *, prefilter: bool = True
) -> FileResult:
    """One file through the pipeline, its cross-file facts collected from itself: as a run of the
    CLI does it (a survey of the file, then its fix), or with `prefilter=False` every rule on it."""
    if prefilter:
        return run_sources([Source(path, module, data)], codemods).results[0]
    from fastfix.source import SourceFile

    facts: dict[str, set[Any]] = {}
    collect_facts(SourceFile.decode(data, path).text, module, codemods, facts)
    project = {key: frozenset(value) for key, value in facts.items()}
    return fix_source(data, path, codemods, module=module, project=project, prefilter=False)


def rewrite(source: str, *ids: str, **settings: Any) -> str:
    """Dedented `source` after the named codemods (all default-on ones if none are named).
    Keyword settings are per-codemod options: rewrite(src, "x", x={"opt": 1})."""
    codemods = codemods_for(list(ids) if ids else None, settings)
    data = textwrap.dedent(source).encode()
    result = run(data, codemods)
    assert result.error is None, str(result.error)
    return result.new_text if result.changed else data.decode()


def assert_rewrites(source: str, expected: str, *ids: str, **settings: Any) -> None:
    after = rewrite(source, *ids, **settings)
    assert after == textwrap.dedent(expected)
    assert rewrite(after, *ids, **settings) == after, "second run changed the output (no convergence)"


def assert_unchanged(source: str, *ids: str, **settings: Any) -> None:
    assert rewrite(source, *ids, **settings) == textwrap.dedent(source)


__all__ = ["assert_rewrites", "assert_unchanged", "by_id", "codemods_for", "rewrite", "run"]


def stdlib_failures(check: Callable[[str], str | None]) -> list[str]:
    """What `check` (a module-level function, for the pool) says of each file of the standard
    library, site-packages left out: its failures, in path order."""
    paths = []
    for directory, subdirectories, names in os.walk(sysconfig.get_paths()["stdlib"]):
        subdirectories[:] = [name for name in subdirectories if name != "site-packages"]
        paths += [os.path.join(directory, name) for name in names if name.endswith(".py")]
    assert len(paths) > 1000
    with ProcessPoolExecutor(max(2, os.cpu_count() or 1)) as pool:
        return [failure for failure in pool.map(check, sorted(paths), chunksize=16) if failure]
