"""The `fastfix` command line: list, explain, diff, apply, branches."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown

from fastfix import __version__
from fastfix.branches import BatchBy, describe, make_branches, outcome_json
from fastfix.codemod import Codemod
from fastfix.config import load_config
from fastfix.errors import FastfixError
from fastfix.registry import all_codemods, by_id
from fastfix.report import json_report, print_diffs, print_summary
from fastfix.runner import Report, run

EXIT_CLEAN, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    help="Find and rewrite the async and performance anti-patterns that make FastAPI services slow or leaky.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

Paths = Annotated[list[Path], typer.Argument(help="Files or directories to process (directories are walked).")]
Select = Annotated[
    list[str] | None,
    typer.Option(help="Only these codemods (comma-separated ids; repeatable). Replaces [tool.fastfix] select."),
]
Ignore = Annotated[list[str] | None, typer.Option(help="Skip these codemods (comma-separated ids; repeatable).")]
Json = Annotated[bool, typer.Option("--json", help="Print one machine-readable JSON report on stdout.")]


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"error: {message}", style="red", markup=False)
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
    """List the codemods in the order they run."""
    codemods = all_codemods()
    if as_json:
        typer.echo(json.dumps([_metadata(codemod) for codemod in codemods], indent=2))
        return
    rows = [("order", "id", "safety", "default", "title")] + [
        (str(c.order), c.id, c.safety, "on" if c.default else "off", c.title) for c in codemods
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        typer.echo("  ".join([*(cell.ljust(width) for cell, width in zip(row, widths)), row[4]]))


@app.command()
def explain(codemod_id: Annotated[str, typer.Argument(metavar="ID", help="A codemod id, see `fastfix list`.")]) -> None:
    """Explain what a codemod rewrites, why, and how safe the rewrite is."""
    codemod = by_id().get(codemod_id)
    if codemod is None:
        raise _fail(f"unknown codemod {codemod_id!r} (valid: {', '.join(by_id())})")
    header = f"# {codemod.id}: {codemod.title}\n\nsafety: {codemod.safety}, default: {'on' if codemod.default else 'off'}\n\n"
    if sys.stdout.isatty():
        Console().print(Markdown(header + codemod.doc()))
    else:
        typer.echo(header + codemod.doc())


@app.command()
def diff(paths: Paths, select: Select = None, ignore: Ignore = None, as_json: Json = False) -> None:
    """Show the rewrites as unified diffs without writing anything.

    Exit status: 0 nothing would change, 1 something would change, 2 an error.
    """
    report = _run(paths, select, ignore, write=False)
    if as_json:
        typer.echo(json.dumps(json_report(report), indent=2))
    else:
        print_diffs(report)
        print_summary(report, applied=False)
    raise typer.Exit(EXIT_ERROR if report.failed else EXIT_CHANGES if report.changed else EXIT_CLEAN)


@app.command()
def apply(paths: Paths, select: Select = None, ignore: Ignore = None, as_json: Json = False) -> None:
    """Rewrite the files in place (atomically; a file whose result does not compile is left alone).

    Exit status: 0 success, 2 an error (other files are still rewritten).
    """
    report = _run(paths, select, ignore, write=True)
    if as_json:
        typer.echo(json.dumps(json_report(report), indent=2))
    else:
        print_summary(report, applied=True)
    raise typer.Exit(EXIT_ERROR if report.failed else EXIT_CLEAN)


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
) -> None:
    """Commit each batch of rewrites to its own branch on the base commit, ready for a pull request.

    Works from git objects only: the current branch, index, working tree and stash are never
    touched, and uncommitted changes are not included.

    Exit status: 0 success (or nothing to change), 2 an error.
    """
    try:
        outcome = make_branches(
            repo, paths or [], base_ref=base, by=batch, prefix=prefix, select=_ids(select), ignore=_ids(ignore),
            force=force, dry_run=dry_run, remote=push, pr_body_dir=pr_body_dir,
        )
    except FastfixError as exc:
        raise _fail(str(exc)) from None
    stderr = Console(stderr=True, highlight=False, soft_wrap=True)
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


def _run(paths: list[Path], select: list[str] | None, ignore: list[str] | None, *, write: bool) -> Report:
    try:
        config = load_config(paths[0] if paths else Path.cwd())
        codemods = config.codemods(_ids(select), _ids(ignore))
        return run(paths, config, codemods, write=write)
    except FastfixError as exc:
        raise _fail(str(exc)) from None


def _metadata(codemod: type[Codemod]) -> dict[str, object]:
    return {
        "id": codemod.id,
        "title": codemod.title,
        "order": codemod.order,
        "safety": codemod.safety,
        "default": codemod.default,
    }


def main() -> None:
    app()


__all__ = ["app", "main"]
