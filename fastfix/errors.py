"""The one error type a user sees: it names the file and, where known, the line."""

from __future__ import annotations


class FastfixError(Exception):
    """A problem with one input (a file, a config) that the run reports and survives."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message
