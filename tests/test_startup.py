"""Start-up cost: a command imports only what it uses.

Each case runs in a fresh interpreter (this process has imported everything already) and checks
which modules got imported, never how long anything took: the heavy ones, GitPython, rich's
markdown, progress bar and tables, the findings formats and the process pool, stay out of the
commands that do not need them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Imported by `branches`, `explain` on a terminal, the progress bar on a terminal, `check`, a run
# over many files with several jobs, and the summary of a run that rewrote something on a
# terminal: by none of the cases below. And pydantic by none at all: typer 0.29 imports it to
# check every parameter, which is why fastfix requires an earlier typer (pyproject.toml).
HEAVY = [
    "pydantic",
    "git",
    "fastfix.git",
    "fastfix.branches",
    "fastfix.findings",
    "rich.markdown",
    "rich.progress",
    "rich.table",
    "concurrent.futures.process",
]

# Runs the command line's main in this (fresh) process, as the installed script does, with stderr
# a pipe (not a terminal), then prints the exit status and the imported modules as a last line.
SCRIPT = """
import json, sys
from fastfix.cli import main
sys.argv = ["fastfix", *sys.argv[1:]]
code = None
try:
    main()
except SystemExit as exc:
    code = exc.code
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_after(*args: str) -> tuple[object, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.stdout, result.stderr
    last = json.loads(result.stdout.splitlines()[-1])
    return last["code"], set(last["modules"])


def _clean_project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text("async def ok():\n    return 1\n")
    (tmp_path / "app" / "util.py").write_text("import json\n\n\ndef dump(x):\n    return json.dumps(x)\n")
    return tmp_path


def test_importing_the_command_line_imports_neither_rich_nor_git_nor_the_engine() -> None:
    script = "import json, sys, fastfix.cli; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    modules = set(json.loads(result.stdout))
    assert "fastfix.cli" in modules
    for name in [*HEAVY, "rich", "fastfix.codemod", "fastfix.registry", "fastfix.runner", "fastfix.report"]:
        assert name not in modules, name


def test_diff_imports_no_git_markdown_progress_bar_findings_or_pool(tmp_path: Path) -> None:
    code, modules = _modules_after("diff", str(_clean_project(tmp_path)))
    assert code == 0
    assert "fastfix.runner" in modules  # it did run
    assert not [name for name in HEAVY if name in modules]


def test_a_diff_that_rewrites_imports_no_rich_in_a_pipe(tmp_path: Path) -> None:
    project = _clean_project(tmp_path)
    (project / "app" / "views.py").write_text("import time\n\n\nasync def nap():\n    time.sleep(1)\n")
    code, modules = _modules_after("diff", str(project))
    assert code == 1  # something would change: the summary has its table of rewrites
    assert not [name for name in [*HEAVY, "rich"] if name in modules]


def test_diff_json_imports_no_rich_at_all(tmp_path: Path) -> None:
    code, modules = _modules_after("diff", "--json", str(_clean_project(tmp_path)))
    assert code == 0
    assert not [name for name in [*HEAVY, "rich"] if name in modules]


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["--help"], ["--version"]])
def test_list_help_and_version_import_no_rich_and_no_runner(args: list[str]) -> None:
    code, modules = _modules_after(*args)
    assert code in (None, 0)
    assert not [name for name in [*HEAVY, "rich", "fastfix.runner", "fastfix.config"] if name in modules]


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_do_not_load_the_rules(args: list[str]) -> None:
    _, modules = _modules_after(*args)
    assert "fastfix.registry" not in modules and "codemods" not in modules


def test_the_grammar_tables_load_without_hashlib() -> None:
    script = "import sys, fastfix.grammar; print('hashlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
