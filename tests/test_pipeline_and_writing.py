"""Verification before writing, atomic writes, and never losing a user's bytes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fastfix.codemod import Codemod, Context
from fastfix.config import Config
from fastfix.errors import FastfixError
from fastfix.pipeline import fix_source
from fastfix.runner import resolved, run
from fastfix.tree import calls
from fastfix.writing import write_atomically
from tests.helpers import codemods_for


class _BreaksCode(Codemod):
    """A deliberately broken codemod: deletes the body of every function."""

    id = "breaks-code"
    title = "test double"
    order = 0
    safety = "safe"
    tokens = ("def",)

    def transform(self, ctx: Context) -> None:
        for call in calls(ctx.tree):
            if ctx.change(call.node, "break it"):
                call.node.parent.parent.remove()


def test_result_that_does_not_compile_is_refused() -> None:
    data = b"def f():\n    g()\n"
    result = fix_source(data, "x.py", [_BreaksCode()])
    assert not result.changed
    assert result.error is not None
    assert "rewrite by breaks-code would not compile" in result.error.message
    assert result.changes == []


def test_output_with_await_outside_async_is_refused_by_compile() -> None:
    class _AwaitsInSync(_BreaksCode):
        def transform(self, ctx: Context) -> None:
            from fastfix.tree import add_await

            for call in list(calls(ctx.tree)):
                ctx.change(call.node, "await it")
                add_await(call)

    result = fix_source(b"def f():\n    g()\n", "x.py", [_AwaitsInSync()])
    assert result.error is not None and "would not compile" in result.error.message


def test_atomic_write_keeps_permissions_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "app.py"
    target.write_bytes(b"old")
    target.chmod(0o751)
    write_atomically(target, b"new", b"old")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["app.py"]


def test_write_refused_when_file_changed_since_read(tmp_path: Path) -> None:
    target = tmp_path / "app.py"
    target.write_bytes(b"edited by the user meanwhile")
    with pytest.raises(FastfixError, match="changed on disk"):
        write_atomically(target, b"new", b"what fastfix read")
    assert target.read_bytes() == b"edited by the user meanwhile"


def test_write_through_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.py"
    real.write_bytes(b"old")
    link = tmp_path / "link.py"
    link.symlink_to(real)
    write_atomically(link, b"new", b"old")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_run_processes_every_file_even_when_one_fails(tmp_path: Path) -> None:
    (tmp_path / "a_bad.py").write_bytes(b"import time\nasync def f(:\n    time.sleep(1)\n")
    (tmp_path / "b_good.py").write_bytes(b"import time\nasync def f():\n    time.sleep(1)\n")
    (tmp_path / "c_latin.py").write_bytes(b"x = '\xe9'\n")
    report = run([tmp_path], Config(root=tmp_path), codemods_for(), write=True)
    assert [Path(r.path).name for r in report.failed] == ["a_bad.py", "c_latin.py"]
    assert (tmp_path / "b_good.py").read_bytes() == b"import asyncio\nasync def f():\n    await asyncio.sleep(1)\n"
    assert (tmp_path / "a_bad.py").read_bytes() == b"import time\nasync def f(:\n    time.sleep(1)\n"


def test_failed_write_is_reported_and_leaves_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = b"import time\nasync def f():\n    time.sleep(1)\n"
    (tmp_path / "a.py").write_bytes(original)

    def _refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", _refuse)
    report = run([tmp_path], Config(root=tmp_path), codemods_for(), write=True)
    assert "cannot write: Permission denied" in str(report.failed[0].error)
    assert (tmp_path / "a.py").read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]


class _ReportsCalls(_BreaksCode):
    """Reports every call instead of rewriting it."""

    def transform(self, ctx: Context) -> None:
        for call in calls(ctx.tree):
            ctx.report(call.node, f"{call.dotted} needs a person")


def test_reports_are_collected_in_order_and_honour_suppressions() -> None:
    data = b"def f():\n    b()\n    a()  # fastfix: ignore[breaks-code]\n    c()\n"
    result = fix_source(data, "x.py", [_ReportsCalls()])
    assert not result.changed and result.error is None
    assert [(f.rule, f.line, f.column, f.message, f.fixable) for f in result.findings] == [
        ("breaks-code", 2, 5, "b needs a person", False),
        ("breaks-code", 4, 5, "c needs a person", False),
    ]


def test_reports_reach_the_json_report(tmp_path: Path) -> None:
    from fastfix.report import json_report

    (tmp_path / "a.py").write_bytes(b"def f():\n    b()\n")
    report = run([tmp_path], Config(root=tmp_path), [_ReportsCalls()], write=False)
    (entry,) = json_report(report)["files"]
    assert entry["findings"] == [{"rule": "breaks-code", "line": 2, "col": 5, "message": "b needs a person", "fixable": False}]
    assert entry["changes"] == [] and entry["error"] is None


def test_resolved_resolves_each_directory_once_and_a_symlinked_file_itself(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "real.py").write_text("")
    (tmp_path / "pkg" / "link.py").symlink_to(tmp_path / "pkg" / "real.py")
    (tmp_path / "alias").symlink_to(tmp_path / "pkg")
    paths = [tmp_path / "alias" / "real.py", tmp_path / "alias" / "link.py", tmp_path / "pkg" / ".." / "pkg" / "real.py"]
    directories: dict[Path, Path] = {}
    assert [resolved(path, directories) for path in paths] == [path.resolve() for path in paths]
    assert resolved(paths[1], directories) == tmp_path.resolve() / "pkg" / "real.py"
    assert set(directories) == {tmp_path / "alias", tmp_path / "pkg" / ".." / "pkg"}
