"""`[tool.fastfix]` settings from the nearest pyproject.toml, and which files a run reads."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePath
from typing import Any, TypeVar

from fastfix.codemod import Check, Codemod, Rule
from fastfix.errors import FastfixError
from fastfix.registry import all_checks, all_codemods, by_id

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "build", "dist",
     "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs"}
)
_KEYS = {"select", "ignore", "exclude"}

PathT = TypeVar("PathT", bound=PurePath)
RuleT = TypeVar("RuleT", bound=Rule)
Listing = tuple[list[str], list[str]]  # a directory's subdirectory names and file names


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
        return self._enabled(all_codemods(), select, ignore)

    def checks(self, select: Sequence[str] | None = None, ignore: Sequence[str] = ()) -> list[Check]:
        """The enabled checks, configured, chosen like `codemods` (one selection covers both)."""
        return self._enabled(all_checks(), select, ignore)

    def _enabled(self, rules: Sequence[type[RuleT]], select: Sequence[str] | None, ignore: Sequence[str]) -> list[RuleT]:
        chosen = list(select) if select else self.select
        ignored = {*self.ignore, *ignore}
        _check_ids([*(chosen or []), *ignored], "select/ignore")
        return [
            rule(self.options.get(rule.id))
            for rule in rules
            if (rule.id in chosen if chosen else rule.default) and rule.id not in ignored
        ]

    def excluded(self, path: Path) -> bool:
        if not self.exclude:  # the usual case: no path to resolve (a syscall per part) for each file
            return False
        try:
            relative = path.resolve().relative_to(self.resolved_root)
        except ValueError:
            relative = path
        return self.excludes(relative)

    @cached_property
    def resolved_root(self) -> Path:
        """`root` resolved, once: a run resolves each file against it."""
        return self.root.resolve()

    def excludes(self, relative: PurePath) -> bool:
        """Whether an exclude glob matches a path relative to the root (or, outside it, as given)."""
        text = relative.as_posix()
        return any(
            fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(relative.name, pattern)
            or text.startswith(pattern.rstrip("/") + "/")
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
    return parse_config(pyproject.read_bytes(), pyproject)


def parse_config(data: bytes, pyproject: Path, label: str | None = None) -> Config:
    """The `[tool.fastfix]` table of a pyproject.toml's bytes; `label` names the file in errors
    (default: its path)."""
    label = label or str(pyproject)
    try:
        table = tomllib.loads(data.decode("utf-8")).get("tool", {}).get("fastfix", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FastfixError(f"invalid TOML: {exc}", label) from None
    config = Config(root=pyproject.parent, source=pyproject)
    known = by_id()
    for key, value in table.items():
        if key in _KEYS:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise FastfixError(f"[tool.fastfix] {key} must be a list of strings", label)
            setattr(config, key, value)
        elif key in known and isinstance(value, dict):
            config.options[key] = _check_options(known[key], value, label)
        else:
            valid = ", ".join(sorted(_KEYS | {f"[{rule_id}]" for rule_id in known}))
            raise FastfixError(f"[tool.fastfix] unknown setting {key!r} (valid: {valid})", label)
    try:
        _check_ids([*(config.select or []), *config.ignore], "[tool.fastfix] select/ignore")
    except FastfixError as exc:
        raise FastfixError(exc.message, label) from None
    return config


def _check_options(rule: type[Rule], values: dict[str, Any], label: str) -> dict[str, Any]:
    for key, value in values.items():
        if key not in rule.options:
            valid = ", ".join(rule.options) or "none"
            raise FastfixError(f"[tool.fastfix.{rule.id}] unknown option {key!r} (valid: {valid})", label)
        if type(value) is not type(rule.options[key]):
            expected = type(rule.options[key]).__name__
            raise FastfixError(f"[tool.fastfix.{rule.id}] {key} must be a {expected}", label)
    return values


def _check_ids(ids: Sequence[str], where: str) -> None:
    known = by_id()
    unknown = [rule_id for rule_id in ids if rule_id not in known]
    if unknown:
        raise FastfixError(
            f"{where}: unknown codemod or check {', '.join(map(repr, unknown))} (valid: {', '.join(known)})"
        )


def python_files(paths: Sequence[Path], config: Config) -> Iterator[Path]:
    """Python files under `paths` on disk, in `walk_python_files` order. A file named explicitly is
    read even if an exclude pattern matches it."""
    for path in paths:
        if not path.exists():
            raise FastfixError("no such file or directory", str(path))
        if path.is_file():
            yield path
        else:
            yield from walk_python_files(path, _disk_listing, config.excluded)


def walk_python_files(
    top: PathT, listing: Callable[[PathT], Listing], excluded: Callable[[PathT], bool]
) -> Iterator[PathT]:
    """The Python files a run reads under the directory `top`, sorted, each directory's files before
    its subdirectories: the one rule for the disk and for a git tree (`fastfix.branches`). Skips VCS,
    tool and build directories, virtualenvs (directories holding a pyvenv.cfg) and excludes."""

    def walk(directory: PathT, subdirectories: list[str], files: list[str]) -> Iterator[PathT]:
        for name in sorted(files):
            if name.endswith(".py") and not excluded(directory / name):
                yield directory / name
        for name in sorted(subdirectories):
            path = directory / name
            if name in SKIPPED_DIRECTORIES or excluded(path):
                continue
            inner_subdirectories, inner_files = listing(path)
            if "pyvenv.cfg" not in inner_files:
                yield from walk(path, inner_subdirectories, inner_files)

    yield from walk(top, *listing(top))


def _disk_listing(directory: Path) -> Listing:
    try:
        with os.scandir(directory) as scan:
            entries = list(scan)
    except OSError:
        return [], []  # as os.walk does: an unreadable directory is skipped
    # symlinks to directories are neither walked (no loops, nothing outside the tree) nor files
    subdirectories = [entry.name for entry in entries if entry.is_dir(follow_symlinks=False)]
    return subdirectories, [entry.name for entry in entries if not entry.is_dir()]
