"""The `fastfix` command line: list, explain, diff, apply, check, branches."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fastfix import __version__
from fastfix.choices import BatchBy, OutputFormat
from fastfix.errors import FastfixError
from fastfix.progress import bar

if TYPE_CHECKING:
    from rich.console import Console

    from fastfix.codemod import Rule
    from fastfix.runner import Report

# Start-up time: a command imports the rest where it needs it, so that each one loads only what it
# uses: the engine and the rules (`list`, `diff`, ...), rich (`explain` on a terminal, errors, the
# summary), the findings formats (`check`), GitPython (`branches`).

EXIT_CLEAN, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    help="Find and rewrite the async and performance anti-patterns that make FastAPI services slow or leaky.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _complete_ids(incomplete: str) -> list[str]:
    """Shell completion of a codemod or check id, or of the last one in a comma-separated list."""
    from fastfix.registry import by_id  # start-up time: only when completing an id

    done, comma, last = incomplete.rpartition(",")
    return [f"{done}{comma}{rule_id}" for rule_id in by_id() if rule_id.startswith(last)]


Paths = Annotated[list[Path], typer.Argument(help="Files or directories to process (directories are walked).")]
Select = Annotated[
    list[str] | None,
    typer.Option(
        help="Only these codemods and checks (comma-separated ids; repeatable). Replaces select in pyproject.toml (tool.fastfix).",
        autocompletion=_complete_ids,
    ),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option(help="Skip these codemods and checks (comma-separated ids; repeatable).", autocompletion=_complete_ids),
]
Json = Annotated[bool, typer.Option("--json", help="Print one machine-readable JSON report on stdout.")]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, metavar="N", help="Processes to run (default: every CPU available)."),
]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress bar and no line per rewrite; errors and the summary remain."),
]


def _stderr() -> Console:
    from rich.console import Console  # start-up time: only when there is something to print

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # `:100:` is a line, not an emoji


def _fail(message: str) -> typer.Exit:
    _stderr().print(f"error: {message}", style="red", markup=False)
    return typer.Exit(EXIT_ERROR)


def _ids(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fastfix {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """fastfix: codemods for FastAPI services."""


@app.command("list")
def list_codemods(as_json: Json = False) -> None:
    """List the codemods in the order they run, then the checks (reported, not rewritten)."""
    from fastfix.registry import all_checks, all_codemods  # start-up time: see the imports

    codemods, checks = all_codemods(), all_checks()
    if as_json:
        typer.echo(json.dumps([_metadata(rule) for rule in [*codemods, *checks]], indent=2))
        return
    _print_table([("order", "id", "safety", "default", "title")] + [
        (str(c.order), c.id, c.safety, _on(c), c.title) for c in codemods
    ])
    typer.echo("\nchecks (reported by `fastfix check`, not rewritten):")
    _print_table([("id", "default", "title")] + [(c.id, _on(c), c.title) for c in checks])


def _print_table(rows: list[tuple[str, ...]]) -> None:
    """Columns aligned; the last one (a title) as it is."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    for row in rows:
        typer.echo("  ".join([*(cell.ljust(width) for cell, width in zip(row, widths)), row[-1]]))


def _on(rule: type[Rule]) -> str:
    return "on" if rule.default else "off"


@app.command()
def explain(
    rule_id: Annotated[
        str, typer.Argument(metavar="ID", help="A codemod or check id, see `fastfix list`.", autocompletion=_complete_ids)
    ],
) -> None:
    """Explain what a codemod rewrites or a check reports, why, and how safe the rewrite is."""
    from fastfix.codemod import Codemod  # start-up time: see the imports
    from fastfix.registry import by_id

    rule = by_id().get(rule_id)
    if rule is None:
        raise _fail(f"unknown codemod or check {rule_id!r} (valid: {', '.join(by_id())})")
    kind = f"safety: {rule.safety}" if issubclass(rule, Codemod) else "kind: check (reported by `fastfix check`, not rewritten)"
    header = f"# {rule.id}: {rule.title}\n\n{kind}, default: {_on(rule)}\n\n"
    if sys.stdout.isatty():
        from rich.console import Console  # start-up time: rich.markdown is among the costliest imports
        from rich.markdown import Markdown

        Console().print(Markdown(header + rule.doc()))
    else:
        typer.echo(header + rule.doc())


@app.command()
def diff(
    paths: Paths, select: Select = None, ignore: Ignore = None, as_json: Json = False, jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Show the rewrites as unified diffs without writing anything.

    Exit status: 0 nothing would change, 1 something would change, 2 an error.
    """
    from fastfix.report import json_report, print_diffs, print_summary  # start-up time: see the imports

    report = _run(paths, select, ignore, write=False, jobs=jobs, quiet=quiet)
    if as_json:
        typer.echo(json.dumps(json_report(report), indent=2))
    else:
        print_diffs(report)
        print_summary(report, applied=False, quiet=quiet)
    raise typer.Exit(EXIT_ERROR if report.failed else EXIT_CHANGES if report.changed else EXIT_CLEAN)


@app.command()
def apply(
    paths: Paths, select: Select = None, ignore: Ignore = None, as_json: Json = False, jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Rewrite the files in place (atomically; a file whose result does not compile is left alone).

    Exit status: 0 success, 2 an error (other files are still rewritten).
    """
    from fastfix.report import json_report, print_summary  # start-up time: see the imports

    report = _run(paths, select, ignore, write=True, jobs=jobs, quiet=quiet)
    if as_json:
        typer.echo(json.dumps(json_report(report), indent=2))
    else:
        print_summary(report, applied=True, quiet=quiet)
    raise typer.Exit(EXIT_ERROR if report.failed else EXIT_CLEAN)


@app.command()
def check(
    paths: Paths,
    select: Select = None,
    ignore: Ignore = None,
    output: Annotated[
        OutputFormat,
        typer.Option("--format", help="text lines, one JSON report, GitHub Actions annotations, or a SARIF 2.1.0 log."),
    ] = OutputFormat.text,
    jobs: Jobs = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Report what the codemods would rewrite (fixable) and what the checks find; write nothing.

    Exit status: 0 nothing found, 1 something found, 2 an error (a file that cannot be read or
    parsed, a bad path or configuration).
    """
    from fastfix import findings  # start-up time: see the imports

    report = _run(paths, select, ignore, write=False, jobs=jobs, quiet=quiet, checks=True)
    typer.echo(findings.render(report, output, Path.cwd()), nl=False)
    errors = findings.errors(report) if output is OutputFormat.text else []  # other formats carry them
    if errors:
        stderr = _stderr()
        for error in errors:
            stderr.print(f"error: {error}", style="red", markup=False)
    found = findings.findings(report)
    raise typer.Exit(EXIT_ERROR if report.failed else EXIT_CHANGES if found else EXIT_CLEAN)


@app.command()
def branches(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...", help="Files or directories, relative to --repo, to rewrite (default: the whole repository)."
        ),
    ] = None,
    repo: Annotated[Path, typer.Option(metavar="DIR", help="The git repository (or a directory in it).")] = Path("."),
    base: Annotated[
        str | None, typer.Option(metavar="REF", help="Commit the branches start from (default: the current branch).")
    ] = None,
    batch: Annotated[
        BatchBy, typer.Option(help="One branch per codemod, per safety level (safe, review), or one for all.")
    ] = BatchBy.codemod,
    prefix: Annotated[
        str, typer.Option(metavar="PREFIX", help="Branch names are PREFIX + codemod id (or safe, review, all).")
    ] = "fastfix/",
    select: Select = None,
    ignore: Ignore = None,
    push: Annotated[str | None, typer.Option(metavar="REMOTE", help="Push each branch made to this remote.")] = None,
    pr_body_dir: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Write a pull-request body per branch here, as <branch with / as ->.md."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan and result as JSON on stdout.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the batches and branch names; create nothing.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Move existing branches of the same name to the new commits.")
    ] = False,
    jobs: Jobs = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Commit each batch of rewrites to its own branch on the base commit, ready for a pull request.

    Works from git objects only: the current branch, index, working tree and stash are never
    touched, and uncommitted changes are not included.

    Exit status: 0 success (or nothing to change), 2 an error.
    """
    from fastfix.branches import describe, make_branches, outcome_json  # start-up time: GitPython
    from fastfix.workers import default_jobs

    progress = bar(quiet)
    try:
        outcome = make_branches(
            repo, paths or [], base_ref=base, by=batch, prefix=prefix, select=_ids(select), ignore=_ids(ignore),
            force=force, dry_run=dry_run, remote=push, pr_body_dir=pr_body_dir, jobs=jobs or default_jobs(),
            progress=progress,
        )
    except FastfixError as exc:
        raise _fail(str(exc)) from None
    finally:
        if progress is not None:
            progress.close()
    stderr = _stderr()
    if outcome.uncommitted:
        stderr.print(
            f"note: the branches are made from {outcome.base.ref} ({outcome.base.short}) as committed;"
            " uncommitted changes are not included",
            markup=False,
        )
    if as_json:
        typer.echo(json.dumps(outcome_json(outcome), indent=2))
    else:
        typer.echo("\n".join(describe(outcome)))
    for error in outcome.errors:
        stderr.print(f"error: {error}", style="red", markup=False)
    raise typer.Exit(EXIT_ERROR if outcome.errors else EXIT_CLEAN)


def _run(
    paths: list[Path], select: list[str] | None, ignore: list[str] | None, *, write: bool, jobs: int | None,
    quiet: bool, checks: bool = False,
) -> Report:
    from fastfix.config import load_config  # start-up time: see the imports
    from fastfix.runner import run
    from fastfix.workers import default_jobs

    progress = bar(quiet)
    try:
        config = load_config(paths[0] if paths else Path.cwd())
        rules: list[Rule] = [*config.codemods(_ids(select), _ids(ignore))]
        if checks:
            rules += config.checks(_ids(select), _ids(ignore))
        return run(paths, config, rules, write=write, jobs=jobs or default_jobs(), progress=progress)
    except FastfixError as exc:
        raise _fail(str(exc)) from None
    finally:
        if progress is not None:
            progress.close()


def _metadata(rule: type[Rule]) -> dict[str, object]:
    """A codemod's or check's metadata; a check has no order or safety (null)."""
    from fastfix.codemod import Codemod  # start-up time: see the imports

    return {
        "kind": "codemod" if issubclass(rule, Codemod) else "check",
        "id": rule.id,
        "title": rule.title,
        "order": getattr(rule, "order", None),
        "safety": getattr(rule, "safety", None),
        "default": rule.default,
    }


def main() -> None:
    app()


__all__ = ["app", "main"]
