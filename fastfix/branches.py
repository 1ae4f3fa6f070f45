"""`fastfix branches`: every batch of rewrites as one commit on its own branch, ready for a pull
request. This module decides what goes on which branch and writes the commit messages and
pull-request bodies; `fastfix.git` does the git work, from the committed base alone."""

from __future__ import annotations

import os
import shlex
import textwrap
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from fastfix import git
from fastfix.choices import BatchBy
from fastfix.codemod import Codemod, doc_sections
from fastfix.config import Config, parse_config, walk_python_files
from fastfix.errors import FastfixError
from fastfix.pipeline import FileResult, relative_module_name
from fastfix.report import unified_diff
from fastfix.runner import Progress, Report, Source, run_sources
from fastfix.workers import Workers

GROUP_TITLES = {"safe": "safe rewrites", "review": "rewrites to review", "all": "rewrites"}
# "exists": a branch of the name that differs from this run's, left alone without --force
Status = Literal["", "created", "moved", "up-to-date", "exists", "would-create", "would-move"]
# statuses of a branch whose tip is this run's commit: the ones pushed and given a PR body
HOLDS_THIS_RUN = ("created", "moved", "up-to-date")


@dataclass(frozen=True)
class FileStat:
    path: str
    added: int
    removed: int
    rewrites: int


@dataclass
class Branch:
    """One batch: its branch, what it rewrites, and what became of it."""

    name: str
    group: str  # a codemod id, "safe", "review" or "all"
    selected: list[Codemod]  # the codemods this batch runs, in run order
    report: Report
    status: Status = ""
    commit: str | None = None  # the branch's tip after the run
    previous: str | None = None  # where a moved branch was
    pushed: bool = False
    pr_body: Path | None = None

    @cached_property
    def codemods(self) -> list[Codemod]:
        """The selected codemods that rewrote something."""
        used = {change.codemod for result in self.report.changed for change in result.changes}
        return [codemod for codemod in self.selected if codemod.id in used]

    @cached_property
    def files(self) -> list[FileStat]:
        return [_file_stat(result) for result in self.report.changed]

    def changes(self, modes: dict[str, int]) -> git.Changes:
        return {result.path: (modes[result.path], result.new_bytes()) for result in self.report.changed}


@dataclass
class Outcome:
    base: git.Base
    paths: list[str]  # repository-relative, as `fastfix diff` at the top level takes them
    branches: list[Branch]
    scanned: int
    errors: list[str]  # files that could not be read, parsed or rewritten; a failed push
    uncommitted: bool  # the working tree has changes that the branches do not include
    remote: str | None = None


def make_branches(
    directory: Path,
    paths: Sequence[Path],
    *,
    base_ref: str | None,
    by: BatchBy,
    prefix: str,
    select: Sequence[str],
    ignore: Sequence[str],
    force: bool,
    dry_run: bool,
    remote: str | None,
    pr_body_dir: Path | None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Outcome:
    """Plan the batches on the base commit and, unless `dry_run`, make their branches, write their
    pull-request bodies and push them. PATHs are relative to `directory`; none means the whole
    repository."""
    with git.open_repository(directory) as repo:
        base = git.resolve_base(repo, base_ref)
        if remote is not None:
            git.check_remote(repo, remote)
        identity = None if dry_run else git.commit_identity(repo)
        top = git.top_level(repo)
        snapshot = git.Snapshot(repo, base.commit)
        wanted = list(dict.fromkeys(_in_repository(directory / path, top) for path in paths)) or [PurePosixPath()]
        config, config_dir = _base_config(snapshot, wanted[0], top, base)
        codemods = config.codemods(select, ignore)
        sources, modes = _base_sources(snapshot, wanted, config, config_dir, base)
        with closing(Workers(codemods, jobs)) as workers:
            branches, errors = _plan(sources, codemods, by, prefix, workers, progress)
        outcome = Outcome(
            base, [path.as_posix() for path in wanted], branches, len(sources), errors,
            git.has_uncommitted_changes(repo), remote,
        )
        checked_out = git.checked_out_branches(repo)
        for branch in branches:
            git.check_branch_name(repo, branch.name)
            _settle(repo, branch, base, branch.changes(modes), force=force, remote=remote, checked_out=checked_out)
        if dry_run:
            return outcome
        assert identity is not None
        _make(repo, branches, base, modes, identity)
        made = [branch for branch in branches if branch.status in HOLDS_THIS_RUN]
        # the branches are made: a failure from here on is reported along with them
        try:
            if pr_body_dir is not None:
                _write_pr_bodies(made, outcome, pr_body_dir)
            if remote is not None and made:
                git.push(repo, remote, [branch.name for branch in made], force=force)
                for branch in made:
                    branch.pushed = True
        except FastfixError as exc:
            outcome.errors.append(str(exc))
        return outcome


def pr_body_file(directory: Path, branch: str) -> Path:
    """`fastfix/async-sleep` -> `DIR/fastfix-async-sleep.md`: one flat directory of files."""
    return directory / f"{branch.replace('/', '-')}.md"


def commit_message(branch: Branch) -> str:
    files = branch.files
    codemods = branch.codemods
    width = max(len(stat.path) for stat in files)
    lines = [
        title(branch),
        "",
        f"Rewrites by {', '.join(c.id for c in codemods)} in {_count(len(files), 'file')} ({_totals(files)}):",
        "",
        *(f"    {stat.path.ljust(width)}  +{stat.added} -{stat.removed}  {_count(stat.rewrites, 'rewrite')}"
          for stat in files),
    ]
    for codemod in codemods:
        label = "Why" if len(codemods) == 1 else f"Why {codemod.id}"
        lines += ["", textwrap.fill(f"{label}: {codemod.why()}", 72, break_long_words=False, break_on_hyphens=False)]
    lines += ["", *(f"Fastfix-Codemod: {codemod.id}" for codemod in codemods)]
    return "\n".join(lines) + "\n"


def title(branch: Branch) -> str:
    codemods = branch.codemods
    if len(codemods) == 1:
        text = codemods[0].title
        # lower the first letter of a sentence, not of an acronym ("HTTP ...")
        return f"fastfix: {text if text[1:2].isupper() else text[:1].lower() + text[1:]}"
    return f"fastfix: {GROUP_TITLES[branch.group]} by {len(codemods)} codemods"


def pr_body(branch: Branch, outcome: Outcome) -> str:
    base = outcome.base
    files = branch.files
    rewrites = branch.report.rewrites()
    ids = ",".join(codemod.id for codemod in branch.selected)
    reproduce = f"fastfix diff --select {ids} {' '.join(shlex.quote(path) for path in outcome.paths)}"
    if branch.group not in GROUP_TITLES:
        batch = f"the rewrites of `{ids}` alone"
    else:
        batch = f"the {GROUP_TITLES[branch.group]} of {', '.join(f'`{c.id}`' for c in branch.selected)}, run together"
    intro = f"This branch is one commit on `{base.ref}` (`{base.short}`) made by fastfix: {batch}, exactly what"
    level = _safety(branch)
    advice = " (every rewrite here is marked safe)." if level == "safe" else ": read these rewrites before merging."
    lines = [
        f"{intro} `{reproduce}` shows on that commit.",
        "",
        "## What changed",
        "",
        *(f"- `{c.id}` ({c.safety}): {c.title}, {_count(rewrites[c.id], 'rewrite')}" for c in branch.codemods),
        "",
        f"{_count(len(files), 'file')} changed, {_totals(files)}.",
        "",
        "## Why",
        "",
        *(line for c in branch.codemods for line in (f"**`{c.id}`**: {c.why()}", "")),
        "## Files",
        "",
        "| file | added | removed | rewrites |",
        "|---|---:|---:|---:|",
        *(f"| `{_cell(s.path)}` | +{s.added} | -{s.removed} | {s.rewrites} |" for s in files),
        "",
        "## Review",
        "",
        f"Review level: **{level}**{advice}",
        "",
        *(line for c in branch.codemods for line in (f"**`{c.id}`**: {_fix_safety(c)}", "")),
        "## Reproduce",
        "",
        f"On a checkout of `{base.commit}`, at the top of the repository:",
        "",
        "```sh",
        reproduce,
        "```",
    ]
    return "\n".join(lines) + "\n"


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    branches = [
        {
            "branch": branch.name,
            "base": outcome.base.commit,
            "commit": branch.commit,
            "previous": branch.previous,
            "status": branch.status,
            "title": title(branch),
            "codemods": [codemod.id for codemod in branch.codemods],
            "safety": _safety(branch),
            "pushed": branch.pushed,
            "pr_body": str(branch.pr_body) if branch.pr_body is not None else None,
            "files": [vars(stat) for stat in branch.files],
        }
        for branch in outcome.branches
    ]
    statuses = [branch.status for branch in outcome.branches]
    return {
        "base": {"ref": outcome.base.ref, "commit": outcome.base.commit},
        "branches": branches,
        "errors": outcome.errors,
        "summary": {
            "scanned": outcome.scanned,
            "branches": len(branches),
            **{status: statuses.count(status) for status in dict.fromkeys(statuses)},
            "rewrites": sum(stat.rewrites for branch in outcome.branches for stat in branch.files),
        },
    }


def describe(outcome: Outcome) -> list[str]:
    """What a person reads: one line per branch, then its files."""
    base = f"{outcome.base.ref} ({outcome.base.short})"
    if not outcome.branches:
        return [f"nothing to change: no rewrites in {_count(outcome.scanned, 'file')} of {base}"]
    lines = []
    for branch in outcome.branches:
        tip = (branch.commit or "")[:10]
        status = {
            "created": f"created    {branch.name} at {tip}",
            "moved": f"moved      {branch.name} to {tip} (from {(branch.previous or '')[:10]})",
            "up-to-date": f"up to date {branch.name} at {tip}",
            "exists": f"exists     {branch.name} at {tip}, left alone (it differs; --force moves it)",
            "would-create": f"would create {branch.name}",
            "would-move": f"would move {branch.name} (from {(branch.previous or '')[:10]})",
        }[branch.status]
        if branch.pushed:
            status += f", pushed to {outcome.remote}"
        elif outcome.remote is not None and branch.status.startswith("would-"):
            status += f", would push to {outcome.remote}"
        files = branch.files
        lines.append(f"{status}: {', '.join(c.id for c in branch.codemods)}, {_count(len(files), 'file')}, {_totals(files)}")
        width = max(len(stat.path) for stat in files)
        lines += [f"    {s.path.ljust(width)}  +{s.added} -{s.removed}  {_count(s.rewrites, 'rewrite')}" for s in files]
        if branch.pr_body is not None:
            lines.append(f"    pull-request body: {branch.pr_body}")
    lines.append(f"{_count(len(outcome.branches), 'branch')} on {base}, {_count(outcome.scanned, 'file')} scanned")
    return lines


def _in_repository(path: Path, top: Path) -> PurePosixPath:
    absolute = Path(os.path.abspath(path))
    for candidate, root in ((absolute, top), (absolute.resolve(), top.resolve())):
        if candidate.is_relative_to(root):
            return PurePosixPath(candidate.relative_to(root).as_posix())
    raise FastfixError("outside the repository", str(path))


def _base_config(snapshot: git.Snapshot, start: PurePosixPath, top: Path, base: git.Base) -> tuple[Config, PurePosixPath]:
    """The nearest pyproject.toml above `start` in the base commit, as `load_config` finds it on
    disk, and its directory."""
    directory = start if snapshot.kind(start) == "directory" else start.parent
    for candidate in (directory, *directory.parents):
        pyproject = candidate / "pyproject.toml"
        if snapshot.kind(pyproject) == "file":
            _, data = snapshot.read(pyproject)
            return parse_config(data, top / pyproject, label=f"{base.ref}:{pyproject}"), candidate
    return Config(root=top), PurePosixPath()


def _base_sources(
    snapshot: git.Snapshot, paths: Sequence[PurePosixPath], config: Config, config_dir: PurePosixPath, base: git.Base
) -> tuple[list[Source], dict[str, int]]:
    """The files `fastfix diff PATH...` would read in a checkout of the base, and their modes."""

    def excluded(path: PurePosixPath) -> bool:
        return config.excludes(path.relative_to(config_dir) if path.is_relative_to(config_dir) else path)

    files: list[PurePosixPath] = []
    for path in paths:
        kind = snapshot.kind(path)
        if kind == "file":
            files.append(path)
        elif kind == "directory":
            files.extend(walk_python_files(path, snapshot.listing, excluded))
        else:
            reason = "not in" if kind is None else "not a regular file or directory in"
            raise FastfixError(f"{reason} {base.ref} ({base.short})", path.as_posix())
    sources, modes = [], {}
    for path in dict.fromkeys(files):
        mode, data = snapshot.read(path)
        sources.append(Source(path.as_posix(), relative_module_name(path, config_dir), data))
        modes[path.as_posix()] = mode
    return sources, modes


def _plan(
    sources: list[Source], codemods: list[Codemod], by: BatchBy, prefix: str, workers: Workers, progress: Progress | None
) -> tuple[list[Branch], list[str]]:
    """One run of the pipeline per batch, on the base's files: the batches that change something, and
    the files that failed (a file that does not parse fails in every batch: it is listed once)."""
    if by is BatchBy.codemod:
        groups = [(codemod.id, [codemod]) for codemod in codemods]
    elif by is BatchBy.safety:
        groups = [(level, [c for c in codemods if c.safety == level]) for level in ("safe", "review")]
    else:
        groups = [("all", codemods)]
    branches, errors = [], {}
    for group, selected in groups:
        report = run_sources(sources, selected, workers=workers, progress=progress) if selected else Report()
        errors.update(dict.fromkeys(str(result.error) for result in report.failed))
        if report.changed:
            branches.append(Branch(prefix + group, group, selected, report))
    return branches, list(errors)


def _settle(
    repo: git.Repo,
    branch: Branch,
    base: git.Base,
    changes: git.Changes,
    *,
    force: bool,
    remote: str | None,
    checked_out: dict[str, str],
) -> None:
    """What to do with the branch: leave it (up to date, or someone else's without --force), or make
    it. A branch to be made reuses the remote's commit when that is this run's, so that a fresh
    clone (a CI job) re-running on the same base pushes nothing new."""
    tip = git.ref_tip(repo, f"refs/heads/{branch.name}")
    if tip is not None and git.holds(repo, tip, base.commit, changes):
        branch.status, branch.commit = "up-to-date", tip
        return
    if tip is not None and not force:
        branch.status, branch.commit = "exists", tip
        return
    if branch.name in checked_out:
        raise FastfixError(f"{branch.name} is checked out in {checked_out[branch.name]}; fastfix does not move it")
    branch.status, branch.previous = ("would-move", tip) if tip else ("would-create", None)
    pushed = git.ref_tip(repo, f"refs/remotes/{remote}/{branch.name}") if remote is not None else None
    if pushed is not None and git.holds(repo, pushed, base.commit, changes):
        branch.commit = pushed


def _make(repo: git.Repo, branches: list[Branch], base: git.Base, modes: dict[str, int], identity: dict[str, str]) -> None:
    for branch in branches:
        if branch.status.startswith("would-"):
            changes = branch.changes(modes)
            commit = branch.commit or git.write_commit(repo, base.commit, changes, commit_message(branch), identity)
            git.set_branch(repo, branch.name, commit, branch.previous)
            branch.commit, branch.status = commit, "created" if branch.previous is None else "moved"


def _write_pr_bodies(branches: list[Branch], outcome: Outcome, directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for branch in branches:
            branch.pr_body = pr_body_file(directory, branch.name)
            branch.pr_body.write_text(pr_body(branch, outcome), encoding="utf-8")
    except OSError as exc:
        raise FastfixError(f"cannot write pull-request bodies: {exc.strerror}", str(directory)) from None


def _file_stat(result: FileResult) -> FileStat:
    body = unified_diff(result).splitlines()[2:]  # past the ---/+++ header
    added = sum(line.startswith("+") for line in body)
    return FileStat(result.path, added, sum(line.startswith("-") for line in body), len(result.changes))


def _safety(branch: Branch) -> str:
    return "review" if any(codemod.safety == "review" for codemod in branch.codemods) else "safe"


def _fix_safety(codemod: Codemod) -> str:
    return " ".join(doc_sections(codemod.doc()).get("Fix safety", "").split())


def _totals(files: list[FileStat]) -> str:
    added, removed = sum(s.added for s in files), sum(s.removed for s in files)
    return f"+{added} -{removed}, {_count(sum(s.rewrites for s in files), 'rewrite')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 'es' if noun.endswith('ch') else 's'}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
