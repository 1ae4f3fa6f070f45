"""Writing a rewritten file without ever losing what is there: atomic, permission-keeping, and
refusing if the file changed on disk since it was read."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from fastfix.errors import FastfixError


def write_atomically(path: Path, data: bytes, expected_current: bytes) -> None:
    target = path.resolve()  # write through a symlink, never replace the link itself
    try:
        if target.read_bytes() != expected_current:
            raise FastfixError("changed on disk while fastfix was running; not written", str(path))
        mode = stat.S_IMODE(target.stat().st_mode)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".fastfix")
    except OSError as exc:
        raise FastfixError(f"cannot write: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise FastfixError(f"cannot write: {exc.strerror}", str(path)) from None
        raise
