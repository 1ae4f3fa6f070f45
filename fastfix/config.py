"""`[tool.fastfix]` settings from the nearest pyproject.toml, and which files a run reads."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastfix.codemod import Codemod
from fastfix.errors import FastfixError
from fastfix.registry import all_codemods, by_id

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "build", "dist",
     "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs"}
)
_KEYS = {"select", "ignore", "exclude"}


@dataclass
class Config:
    root: Path  # the directory of the pyproject.toml, or the working directory
    source: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def codemods(self, select: Sequence[str] | None = None, ignore: Sequence[str] = ()) -> list[Codemod]:
        """The enabled codemods, configured, in run order. Command-line `select` replaces the
        configured one; command-line `ignore` adds to it."""
        chosen = list(select) if select else self.select
        ignored = {*self.ignore, *ignore}
        _check_ids([*(chosen or []), *ignored], "select/ignore")
        return [
            codemod(self.options.get(codemod.id))
            for codemod in all_codemods()
            if (codemod.id in chosen if chosen else codemod.default) and codemod.id not in ignored
        ]

    def excluded(self, path: Path) -> bool:
        try:
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = path.as_posix()
        return any(
            fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern)
            or relative.startswith(pattern.rstrip("/") + "/")
            for pattern in self.exclude
        )


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for directory in [start if start.is_dir() else start.parent, *start.parents]:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path) -> Config:
    pyproject = find_pyproject(start)
    if pyproject is None:
        return Config(root=Path.cwd())
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FastfixError(f"invalid TOML: {exc}", str(pyproject)) from None
    table = data.get("tool", {}).get("fastfix", {})
    config = Config(root=pyproject.parent, source=pyproject)
    known = by_id()
    for key, value in table.items():
        if key in _KEYS:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise FastfixError(f"[tool.fastfix] {key} must be a list of strings", str(pyproject))
            setattr(config, key, value)
        elif key in known and isinstance(value, dict):
            config.options[key] = _check_options(known[key], value, pyproject)
        else:
            valid = ", ".join(sorted(_KEYS | {f"[{codemod_id}]" for codemod_id in known}))
            raise FastfixError(f"[tool.fastfix] unknown setting {key!r} (valid: {valid})", str(pyproject))
    try:
        _check_ids([*(config.select or []), *config.ignore], "[tool.fastfix] select/ignore")
    except FastfixError as exc:
        raise FastfixError(exc.message, str(pyproject)) from None
    return config


def _check_options(codemod: type[Codemod], values: dict[str, Any], pyproject: Path) -> dict[str, Any]:
    for key, value in values.items():
        if key not in codemod.options:
            valid = ", ".join(codemod.options) or "none"
            raise FastfixError(
                f"[tool.fastfix.{codemod.id}] unknown option {key!r} (valid: {valid})", str(pyproject)
            )
        if type(value) is not type(codemod.options[key]):
            expected = type(codemod.options[key]).__name__
            raise FastfixError(f"[tool.fastfix.{codemod.id}] {key} must be a {expected}", str(pyproject))
    return values


def _check_ids(ids: Sequence[str], where: str) -> None:
    known = by_id()
    unknown = [codemod_id for codemod_id in ids if codemod_id not in known]
    if unknown:
        raise FastfixError(
            f"{where}: unknown codemod {', '.join(map(repr, unknown))} (valid: {', '.join(known)})"
        )


def python_files(paths: Sequence[Path], config: Config) -> Iterator[Path]:
    """Python files under `paths`, sorted, skipping virtualenvs, build output and excludes.
    A file named explicitly is read even if an exclude pattern matches its directory walk."""
    for path in paths:
        if not path.exists():
            raise FastfixError("no such file or directory", str(path))
        if path.is_file():
            yield path
            continue
        for directory, subdirectories, files in os.walk(path):
            here = Path(directory)
            subdirectories[:] = sorted(
                name for name in subdirectories
                if name not in SKIPPED_DIRECTORIES
                and not (here / name / "pyvenv.cfg").exists()
                and not config.excluded(here / name)
            )
            for name in sorted(files):
                if name.endswith(".py") and not config.excluded(here / name):
                    yield here / name
