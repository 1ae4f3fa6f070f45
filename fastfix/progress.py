"""The progress bar: on stderr, only where a person is watching a run that takes a while.

No bar with `--quiet`, when stderr is not a terminal (a pipe, a file, an editor's output pane),
when `TERM=dumb` (it cannot redraw a line) or on CI (`CI` set, as GitHub Actions, GitLab and most
others do: their logs are not terminals that redraw). `NO_COLOR` keeps the bar, without colour.
A short run shows nothing: the bar appears once a run has more than `MANY_FILES` files or has
taken `SLOW` seconds.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO, cast

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

MANY_FILES = 200
SLOW = 1.0  # seconds
_REDRAW = 0.1  # seconds between redraws


def allowed(stream: TextIO, *, quiet: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a run may show a bar on `stream` at all."""
    ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return not quiet and stream.isatty() and environ.get("TERM") != "dumb" and not ci


def long_run(files: int, elapsed: float) -> bool:
    """Whether a run of `files` files that has taken `elapsed` seconds so far deserves a bar."""
    return files > MANY_FILES or elapsed > SLOW


class Bar:
    """A `fastfix.runner.Progress` drawn with rich once the run turns out long. It redraws when
    told of progress, never from a thread of its own (rich's auto-refresh would start one, and a
    process with threads must not fork the workers' pool)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.description, self.total, self.done = "", 0, 0
        self._progress: Progress | None = None
        self._task = cast("TaskID", 0)
        self._drawn = 0.0

    def start(self, description: str, total: int) -> None:
        self.description, self.total, self.done = description, total, 0
        if self._progress is not None:
            self._progress.reset(self._task, total=total, description=description)

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self._progress is None:
            if not long_run(self.total, now - self.started):
                return
            # imported here, when a bar is first drawn: rich.progress is costly at start-up
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(file=self.stream, highlight=False)  # honours NO_COLOR
            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=console, auto_refresh=False, transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=self.total)
        self._progress.update(self._task, completed=self.done)
        if now - self._drawn >= _REDRAW or self.done == self.total:
            self._progress.refresh()
            self._drawn = now

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def bar(quiet: bool, stream: TextIO | None = None) -> Bar | None:
    """A bar for a run's progress on stderr, or None where none may be shown."""
    stream = stream or sys.stderr
    return Bar(stream) if allowed(stream, quiet=quiet) else None
