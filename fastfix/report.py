"""What a run tells people and bots: unified diffs, a summary, and the JSON report."""

from __future__ import annotations

import difflib
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

# rich is imported where output is printed with it: `--json` needs none of it (start-up time)

if TYPE_CHECKING:
    from rich.console import Console

    from fastfix.pipeline import FileResult
    from fastfix.runner import Report


def unified_diff(result: FileResult) -> str:
    assert result.source is not None and result.new_text is not None
    before = result.source.original()
    after = result.source.encode(result.new_text).decode(result.source.encoding).lstrip("\ufeff")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        f"a/{result.path}",
        f"b/{result.path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def print_diffs(report: Report, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    console: Console | None = None
    if use_color(stream):
        from rich.console import Console

        console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)  # `:100:` is a line, not an emoji
    for result in report.changed:
        text = unified_diff(result)
        if console is None:
            stream.write(text)
            continue
        for line in text.splitlines():
            style = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1], "")
            if line.startswith(("+++", "---")):
                style = "bold"
            console.print(line, style=style, markup=False)


def print_summary(report: Report, *, applied: bool, stream: TextIO | None = None, quiet: bool = False) -> None:
    """A line per rewrite, finding and error, a table of rewrites per codemod, and a one-line
    summary; `quiet` keeps only the errors and the one line. rich prints only what it changes:
    in a pipe, plain lines need none of it (thousands in a large run, and its import)."""
    stream = stream or sys.stderr
    colored = use_color(stream)
    console: Console | None = None

    def rich_console() -> Console:
        nonlocal console
        if console is None:
            from rich.console import Console

            console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=colored or None, emoji=False)
        return console

    def say(line: str, style: str = "") -> None:
        if colored or not line.isprintable():  # rich strips control codes and expands tabs
            rich_console().print(line, style=style, markup=False)
        else:
            stream.write(line + "\n")

    for result in report.results:
        for change in [] if quiet else result.changes:
            say(f"{result.path}:{change.line}: {change.codemod}: {change.description}")
        for finding in [] if quiet else result.findings:
            where = f"{result.path}:{finding.line}:{finding.column}"
            say(f"{where}: {finding.rule}: not rewritten: {finding.message}", "yellow")
        if result.error is not None:
            say(f"error: {result.error}", "red")
    rewrites = report.rewrites()
    if rewrites and not quiet:
        rows = [("codemod", "rewrites"), *((codemod, str(count)) for codemod, count in sorted(rewrites.items()))]
        if colored:
            from rich.table import Table

            table = Table(*rows[0], box=None, pad_edge=False)
            for row in rows[1:]:
                table.add_row(*row)
            rich_console().print(table)
        else:  # as rich lays out that table: columns padded to their widths, two spaces apart
            widths = [max(len(row[column]) for row in rows) for column in range(2)]
            stream.writelines("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "\n" for row in rows)
    verb = "changed" if applied else "would change"
    say(f"{len(report.results)} files scanned, {len(report.changed)} {verb}, {len(report.failed)} failed")


def json_report(report: Report) -> dict[str, Any]:
    files = []
    for result in report.results:
        if not result.changed and result.error is None and not result.findings:
            continue
        entry: dict[str, Any] = {
            "path": result.path,
            "changes": [
                {"codemod": change.codemod, "line": change.line, "description": change.description}
                for change in result.changes
            ],
            "findings": [
                {"rule": f.rule, "line": f.line, "col": f.column, "message": f.message, "fixable": f.fixable}
                for f in result.findings
            ],
            "error": str(result.error) if result.error is not None else None,
        }
        if result.changed:
            entry["diff"] = unified_diff(result)
        files.append(entry)
    return {
        "files": files,
        "summary": {
            "scanned": len(report.results),
            "changed": len(report.changed),
            "failed": len(report.failed),
            "rewrites": dict(sorted(report.rewrites().items())),
        },
    }
