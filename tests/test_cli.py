"""The command line, through Typer's runner and through the installed `fastfix` script."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fastfix.cli import app
from fastfix.registry import all_checks, all_codemods

BLOCKING = b"import time\n\n\nasync def handler():\n    time.sleep(1)\n"
FIXED = b"import asyncio\n\n\nasync def handler():\n    await asyncio.sleep(1)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_bytes(BLOCKING)
    (tmp_path / "app" / "clean.py").write_bytes(b"async def ok():\n    return 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_list_shows_every_codemod_in_run_order_then_the_checks() -> None:
    result = invoke("list")
    assert result.exit_code == 0
    codemods, checks = result.output.split("\n\n")
    lines = codemods.splitlines()
    assert lines[0].split() == ["order", "id", "safety", "default", "title"]
    assert [line.split()[1] for line in lines[1:]] == [c.id for c in all_codemods()]
    lines = checks.splitlines()
    assert lines[0] == "checks (reported by `fastfix check`, not rewritten):"
    assert lines[1].split() == ["id", "default", "title"]
    assert [line.split()[0] for line in lines[2:]] == [c.id for c in all_checks()]


def test_list_json() -> None:
    data = json.loads(invoke("list", "--json").output)
    assert all(entry.keys() == {"kind", "id", "title", "order", "safety", "default"} for entry in data)
    codemods = [entry for entry in data if entry["kind"] == "codemod"]
    assert [entry["id"] for entry in codemods] == [c.id for c in all_codemods()]
    assert [entry["order"] for entry in codemods] == sorted(entry["order"] for entry in codemods)
    checks = [entry for entry in data if entry["kind"] == "check"]
    assert [entry["id"] for entry in checks] == [c.id for c in all_checks()]
    assert all(entry["order"] is None and entry["safety"] is None for entry in checks)


def test_explain_prints_the_docs_and_rejects_unknown_ids() -> None:
    result = invoke("explain", "async-sleep")
    assert result.exit_code == 0
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
        assert section in result.output
    result = invoke("explain", "no-such")
    assert result.exit_code == 2
    assert "unknown codemod or check 'no-such' (valid: " in result.output
    assert "async-sleep" in result.output and "unbounded-query" in result.output


def test_explain_works_for_checks() -> None:
    result = invoke("explain", "unbounded-query")
    assert result.exit_code == 0
    assert result.output.startswith("# unbounded-query: a path operation that fetches every row of a query\n")
    assert "kind: check (reported by `fastfix check`, not rewritten)" in result.output
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
        assert section in result.output


def test_diff_shows_a_unified_diff_writes_nothing_and_exits_1(project: Path) -> None:
    result = invoke("diff", "app")
    assert result.exit_code == 1
    assert "--- a/app/views.py\n+++ b/app/views.py\n" in result.output
    assert "-    time.sleep(1)\n+    await asyncio.sleep(1)\n" in result.output
    assert "app/views.py:5: async-sleep: " in result.output
    assert "2 files scanned, 1 would change, 0 failed" in result.output
    assert (project / "app" / "views.py").read_bytes() == BLOCKING


def test_line_numbers_are_printed_as_numbers_not_emoji(project: Path) -> None:
    # rich would turn `:100:` into an emoji code
    (project / "app" / "views.py").write_bytes(b"import time\n" + b"\n" * 97 + b"async def handler():\n    time.sleep(1)\n")
    result = invoke("diff", "app")
    assert "app/views.py:100: async-sleep: " in result.output


def test_diff_exits_0_when_nothing_would_change(project: Path) -> None:
    result = invoke("diff", "app/clean.py")
    assert result.exit_code == 0
    assert "1 files scanned, 0 would change, 0 failed" in result.output


def test_diff_json_report_shape(project: Path) -> None:
    result = invoke("diff", "app", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["summary"] == {"scanned": 2, "changed": 1, "failed": 0, "rewrites": {"async-sleep": 1}}
    (entry,) = report["files"]
    assert entry["path"] == "app/views.py" and entry["error"] is None
    assert entry["changes"] == [{"codemod": "async-sleep", "line": 5, "description": entry["changes"][0]["description"]}]
    assert entry["diff"].startswith("--- a/app/views.py")


def test_apply_writes_and_second_apply_changes_nothing(project: Path) -> None:
    result = invoke("apply", "app")
    assert result.exit_code == 0
    assert "2 files scanned, 1 changed, 0 failed" in result.output
    assert (project / "app" / "views.py").read_bytes() == FIXED
    assert invoke("diff", "app").exit_code == 0


def test_select_and_ignore(project: Path) -> None:
    assert invoke("diff", "app", "--ignore", "async-sleep").exit_code == 0
    assert invoke("diff", "app", "--select", "async-sleep").exit_code == 1
    result = invoke("diff", "app", "--select", "async-slep")
    assert result.exit_code == 2
    assert "unknown codemod or check 'async-slep'" in result.output


def test_errors_exit_2_and_name_file_and_line(project: Path) -> None:
    (project / "app" / "broken.py").write_bytes(b"import time\nasync def f(:\n    time.sleep(1)\n")
    result = invoke("diff", "app", "--json")
    assert result.exit_code == 2
    report = json.loads(result.output)
    broken = next(f for f in report["files"] if f["path"].endswith("broken.py"))
    assert broken["error"].startswith("app/broken.py:2: cannot parse")
    assert report["summary"]["failed"] == 1 and report["summary"]["changed"] == 1
    result = invoke("apply", "app")
    assert result.exit_code == 2
    assert (project / "app" / "views.py").read_bytes() == FIXED  # other files still fixed


def test_missing_path_and_bad_config(project: Path) -> None:
    result = invoke("diff", "nope")
    assert result.exit_code == 2 and "nope: no such file or directory" in result.output
    (project / "pyproject.toml").write_text("[tool.fastfix]\nselect = 'async-sleep'\n")
    result = invoke("diff", "app")
    assert result.exit_code == 2 and "select must be a list of strings" in result.output


def test_help_everywhere() -> None:
    for command in ([], ["list"], ["explain"], ["diff"], ["apply"], ["check"]):
        result = invoke(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def _script() -> list[str]:
    script = shutil.which("fastfix")
    if script is None:
        pytest.fail("the fastfix console script is not installed (pip install -e .)")
    return [script]


def test_installed_script_runs_diff_and_apply(project: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    diff = subprocess.run([*_script(), "diff", "app"], capture_output=True, text=True, env=env, check=False)
    assert diff.returncode == 1
    assert "+    await asyncio.sleep(1)" in diff.stdout
    assert "1 would change" in diff.stderr  # the summary goes to stderr: stdout stays a clean patch
    apply = subprocess.run([*_script(), "apply", "app"], capture_output=True, text=True, env=env, check=False)
    assert apply.returncode == 0
    assert (project / "app" / "views.py").read_bytes() == FIXED


def test_diff_output_applies_as_a_patch(project: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    patch = subprocess.run([*_script(), "diff", "app"], capture_output=True, env={**os.environ, "NO_COLOR": "1"}, check=False).stdout
    subprocess.run(["git", "apply", "-p1", "-"], input=patch, cwd=project, check=True)
    assert (project / "app" / "views.py").read_bytes() == FIXED


def test_python_dash_m_fastfix() -> None:
    result = subprocess.run([sys.executable, "-m", "fastfix", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("fastfix ")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _diff_report(project: Path):
    from fastfix.config import load_config
    from fastfix.runner import run

    config = load_config(project)
    return run([project / "app"], config, config.codemods(), write=False)


def test_diff_is_coloured_on_a_terminal_and_plain_with_no_color(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastfix.report import print_diffs

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = _Terminal()
    print_diffs(_diff_report(project), terminal)
    assert "\x1b[" in terminal.getvalue() and "await asyncio.sleep(1)" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    print_diffs(_diff_report(project), plain)
    assert "\x1b[" not in plain.getvalue() and "+    await asyncio.sleep(1)\n" in plain.getvalue()


def test_quiet_keeps_the_errors_and_the_summary_line(project: Path) -> None:
    (project / "app" / "broken.py").write_bytes(b"import time\nasync def f(:\n    time.sleep(1)\n")
    result = invoke("diff", "app", "--quiet")
    assert result.exit_code == 2
    assert "+    await asyncio.sleep(1)\n" in result.stdout  # the diff is the output, quiet or not
    assert "async-sleep: " not in result.stderr and "rewrites" not in result.stderr
    assert "error: app/broken.py:2: cannot parse" in result.stderr
    assert result.stderr.splitlines()[-1] == "3 files scanned, 1 would change, 1 failed"


def test_jobs_must_be_positive(project: Path) -> None:
    result = invoke("diff", "app", "--jobs", "0")
    assert result.exit_code == 2 and "--jobs" in result.output
    assert invoke("apply", "app", "-j", "1").exit_code == 0


def _complete(words: str) -> list[str]:
    env = {**os.environ, "_FASTFIX_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    return subprocess.run(_script(), capture_output=True, text=True, env=env, check=False).stdout.split()


def test_shell_completion() -> None:
    script = subprocess.run([*_script(), "--show-completion", "bash"], capture_output=True, text=True, check=False)
    assert script.returncode == 0 and "complete -o default -F _fastfix_completion fastfix" in script.stdout
    assert _complete("fastfix di") == ["diff"]
    assert _complete("fastfix apply --jo") == ["--jobs"]
    assert _complete("fastfix explain async-sl") == ["async-sleep"]
    assert _complete("fastfix diff --select async-sleep,await-c") == ["async-sleep,await-call-next"]


def test_the_rewrites_table_in_a_pipe_is_what_rich_prints() -> None:
    from rich.console import Console
    from rich.table import Table

    from fastfix.codemod import Change
    from fastfix.pipeline import FileResult
    from fastfix.report import print_summary
    from fastfix.runner import Report

    changes = [Change("blocking-to-thread", line, "") for line in range(12)] + [Change("perf-counter", 1, "")]
    printed = io.StringIO()
    print_summary(Report([FileResult("a.py", changes=changes)]), applied=False, stream=printed)
    expected = io.StringIO()
    table = Table("codemod", "rewrites", box=None, pad_edge=False)
    table.add_row("blocking-to-thread", "12")
    table.add_row("perf-counter", "1")
    Console(file=expected, highlight=False, soft_wrap=True, emoji=False).print(table)
    assert expected.getvalue() in printed.getvalue()
    assert printed.getvalue().endswith(expected.getvalue() + "1 files scanned, 0 would change, 0 failed\n")


def test_zsh_completion_keeps_the_whole_help_text() -> None:
    """typer renders completion help with rich, where `[...]` is markup: the help has none."""
    env = {**os.environ, "_FASTFIX_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "fastfix diff --se"}
    shown = subprocess.run(_script(), capture_output=True, text=True, env=env, check=False).stdout
    assert "Replaces select in pyproject.toml (tool.fastfix)." in " ".join(shown.split())


@pytest.mark.parametrize("path", ["app/main.py", "app/tab\there.py", "app/escape\x1b[31m.py", "app/\u200bhidden.py"])
def test_summary_lines_in_a_pipe_are_what_rich_prints(path: str) -> None:
    """Plain lines skip rich (thousands of them in a large run); others keep its rendering."""
    from rich.console import Console

    from fastfix.codemod import Change, Finding
    from fastfix.pipeline import FileResult
    from fastfix.report import print_summary
    from fastfix.runner import Report

    result = FileResult(path, changes=[Change("async-sleep", 3, "time.sleep() blocks")], findings=[Finding("lifespan", 4, 5, "kept")])
    printed = io.StringIO()
    print_summary(Report([result]), applied=False, stream=printed)
    expected = io.StringIO()
    console = Console(file=expected, highlight=False, soft_wrap=True, emoji=False)
    console.print(f"{path}:3: async-sleep: time.sleep() blocks", markup=False)
    console.print(f"{path}:4:5: lifespan: not rewritten: kept", markup=False)
    assert printed.getvalue().startswith(expected.getvalue())
