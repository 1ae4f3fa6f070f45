"""Large runs: the prefilter and one parse per file, parallel workers, memory, the progress bar.

(That the prefilter changes no result is tested over every golden case in test_golden.py.)
"""

from __future__ import annotations

import gc
import io
import json
import os
import shutil
import subprocess
import sys
import weakref
from contextlib import closing
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

import fastfix.ast_index
import fastfix.parsing
import fastfix.pipeline
import fastfix.prefilter
import fastfix.runner
from fastfix.cli import app
from fastfix.pipeline import collect_project, fix_source
from fastfix.progress import MANY_FILES, SLOW, Bar, allowed, long_run
from fastfix.runner import Source, run_sources
from fastfix.workers import Workers, default_jobs
from tests.helpers import codemods_for

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
DB = b"from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker()\n\n\ndef get_db():\n    db = SessionLocal()\n    return db\n"
ROUTES = b"from fastapi import Depends, FastAPI\n\nfrom app.db import get_db\n\napp = FastAPI()\n\n\n@app.get('/')\ndef index(db=Depends(get_db)):\n    return db\n"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts fastfix's parser is asked to parse, as whole files or rewritten parts."""
    texts: list[str] = []
    real = fastfix.parsing.parse_module

    def counting(text: str, path: str = "<string>", **options: Any) -> Any:
        texts.append(text)
        return real(text, path, **options)

    monkeypatch.setattr(fastfix.pipeline, "parse_module", counting)
    return texts


def test_a_file_without_any_enabled_token_is_not_parsed(parses: list[str]) -> None:
    data = b"import time\n\n\nasync def handler():\n    time.sleep(1)\n"
    result = fix_source(data, "x.py", codemods_for(["running-loop", "lifespan"]))
    assert not result.changed and result.error is None
    assert parses == []


def test_every_codemod_works_on_one_parse_of_the_file(parses: list[str]) -> None:
    data = b"""import time


async def handler():
    start = time.time()
    time.sleep(1)
    return time.time() - start


def untouched():
    return 1
"""
    result = fix_source(data, "x.py", codemods_for())
    assert {change.codemod for change in result.changes} == {"async-sleep", "perf-counter"}
    # the whole file once; verifying the rewrite re-reads only the statements that changed
    assert len(parses) == 2 and parses[0] == data.decode()
    assert "import asyncio" in parses[1] and "await asyncio.sleep(1)" in parses[1]
    assert "async def handler" not in parses[1] and "untouched" not in parses[1]


def test_the_rewrite_is_still_verified_whole_where_a_statement_fails_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fastfix.parsing.parse_module

    def failing_on_rewrites(text: str, path: str = "<string>", **options: Any) -> Any:
        if "asyncio" in text:
            raise fastfix.pipeline.FastfixError("cannot parse: test", path, text.count("\n", 0, text.find("asyncio")) + 1)
        return real(text, path, **options)

    monkeypatch.setattr(fastfix.pipeline, "parse_module", failing_on_rewrites)
    data = b"import time\n\n\nasync def handler():\n    time.sleep(1)\n"
    result = fix_source(data, "x.py", codemods_for(["async-sleep"]))
    assert result.error is not None and "would not compile" in result.error.message
    assert result.error.line == 1  # the line in the whole file (the new import), not in the part re-read


def test_cross_file_facts_are_read_without_fissix(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("collect parsed with fissix")

    monkeypatch.setattr(fastfix.pipeline, "parse_module", refuse)
    monkeypatch.setattr(fastfix.parsing, "parse_module", refuse)
    project = collect_project([(ROUTES, "app.routes"), (DB, "app.db")], codemods_for(["dependency-cleanup"]))
    assert project == {"dependency-cleanup": frozenset({"app.db.get_db"})}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ('"""Use Depends() and Security() to inject values."""\n', False),  # prose only
        ("from fastapi import Depends\n", False),  # imported, never called
        ("from fastapi import Depends as Inject\n\ndef f(db=Inject(get_db)): ...\n", True),
        ("import fastapi\n\ndef f(db=fastapi.Depends(get_db)): ...\n", True),
        ("from fastapi import params\n\ndef f(db=params.Security(get_db)): ...\n", True),
    ],
)
def test_only_files_whose_text_may_hold_the_facts_are_read_with_ast(
    monkeypatch: pytest.MonkeyPatch, text: str, read: bool
) -> None:
    parsed: list[str] = []
    real_parse = fastfix.pipeline.ast.parse
    monkeypatch.setattr(fastfix.pipeline.ast, "parse", lambda source: parsed.append(source) or real_parse(source))
    project = collect_project([(text.encode(), "app.routes")], codemods_for(["dependency-cleanup"]))
    assert bool(parsed) is read
    assert bool(project) is read


def test_a_run_reads_each_file_with_ast_once_and_fixes_only_files_a_rule_may_act_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The survey shares one `ast` parse between the facts and the prefilter; a file for which
    it keeps no rule, with the facts known, is not read again."""
    reads: ClassVar[list[str]] = []

    class Counted(Source):
        def read(self) -> bytes:
            reads.append(self.path)
            return super().read()

    parsed: list[str] = []
    real_parse = fastfix.ast_index.ast.parse
    monkeypatch.setattr(fastfix.ast_index.ast, "parse", lambda text, *rest: parsed.append(text) or real_parse(text, *rest))
    other = b"def get_settings():\n    return {}\n"  # a `def` and a `return`, but no dependency
    sources = [Counted("app/routes.py", "app.routes", ROUTES), Counted("app/db.py", "app.db", DB), Counted("app/other.py", "app.other", other)]
    report = run_sources(sources, codemods_for(["dependency-cleanup", "async-sleep"]))
    assert [result.changed for result in report.results] == [False, True, False]
    assert reads == ["app/routes.py", "app/db.py", "app/other.py", "app/db.py"]
    files = [ROUTES.decode(), DB.decode(), other.decode()]
    # the one file with Depends: its facts and its index from one parse (codemods parse snippets)
    assert [text for text in parsed if text in files] == [ROUTES.decode()]


class _Counted(Source):
    """A source that notes each time a process reads it."""

    reads: ClassVar[list[str]] = []

    def read(self) -> bytes:
        _Counted.reads.append(self.path)
        return super().read()


NAPS = b"import time\n\n\nasync def nap():\n    time.sleep(1)\n"


def test_a_file_whose_rules_read_no_facts_is_fixed_in_the_visit_of_its_survey(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Counted, "reads", [])
    sources = [_Counted("app/naps.py", "app.naps", NAPS), _Counted("app/routes.py", "app.routes", ROUTES)]
    report = run_sources(sources, codemods_for(["dependency-cleanup", "async-sleep"]))
    assert [result.changed for result in report.results] == [True, False]
    assert _Counted.reads == ["app/naps.py", "app/routes.py"]


def test_the_fix_does_not_check_again_the_text_of_rules_that_ask_nothing_of_the_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Their text conditions held in the survey, on the same text: only rules that read the
    run's facts are checked again, so a file's code is lexed once (fastfix.lexing)."""
    lexed: list[str] = []
    real_code_only = fastfix.prefilter.code_only
    monkeypatch.setattr(fastfix.prefilter, "code_only", lambda text: lexed.append(text) or real_code_only(text))
    report = run_sources([Source("app/naps.py", "app.naps", NAPS)], codemods_for(["dependency-cleanup", "async-sleep"]))
    assert report.results[0].changed
    assert lexed == [NAPS.decode()]


@pytest.mark.parametrize("write", [False, True])
def test_a_fix_made_in_the_survey_is_made_again_when_another_file_confirms_a_pending_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: bool
) -> None:
    """db.py's survey keeps async-sleep (no facts) and leaves dependency-cleanup pending on
    get_db, which only routes.py's facts confirm: both rewrite the file in the end, and a run
    that writes writes it once, with both."""
    monkeypatch.setattr(_Counted, "reads", [])
    (tmp_path / "db.py").write_bytes(DB + b"\n\n" + NAPS.split(b"\n\n\n", 1)[1])
    (tmp_path / "routes.py").write_bytes(ROUTES)
    writes: list[str] = []
    real_write = fastfix.runner.write_atomically
    monkeypatch.setattr(fastfix.runner, "write_atomically", lambda path, *rest: writes.append(path.name) or real_write(path, *rest))
    sources = [_Counted(str(tmp_path / "db.py"), "app.db"), _Counted(str(tmp_path / "routes.py"), "app.routes")]
    report = run_sources(sources, codemods_for(["dependency-cleanup", "async-sleep"]), write=write)
    assert sorted({change.codemod for change in report.results[0].changes}) == ["async-sleep", "dependency-cleanup"]
    assert [Path(path).name for path in _Counted.reads] == ["db.py", "routes.py", "db.py"]
    assert writes == (["db.py"] if write else [])
    new_text = (tmp_path / "db.py").read_text()
    assert ("await asyncio.sleep(1)" in new_text and "finally:" in new_text) is write


def test_the_report_keeps_no_source_of_files_with_nothing_to_report() -> None:
    codemods = codemods_for()
    assert fix_source(b"import time\nx = time.monotonic()\n", "x.py", codemods).source is None
    changed = fix_source(b"import time\n\n\nasync def f():\n    time.sleep(1)\n", "y.py", codemods)
    assert changed.source is not None and changed.new_text is not None


def _project(directory: Path) -> Path:
    """Every golden input as a module, a dependency used from another file, and a broken file."""
    for case in sorted(GOLDEN.glob("*/*.input.py")):
        package = directory / "cases" / case.parent.name.replace("-", "_")
        package.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(case, package / case.name.replace(".input.py", ".py"))
    (directory / "app").mkdir()
    (directory / "app" / "db.py").write_bytes(DB)
    (directory / "app" / "routes.py").write_bytes(ROUTES)
    (directory / "app" / "broken.py").write_bytes(b"import time\nasync def f(:\n    time.sleep(1)\n")
    (directory / "pyproject.toml").write_text("[project]\nname = 'many'\n")
    return directory


def test_output_is_the_same_for_any_number_of_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_project(tmp_path))
    outputs = {}
    for jobs in ("1", "2", "3"):
        result = CliRunner().invoke(app, ["diff", ".", "--json", "--jobs", jobs])
        assert result.exit_code == 2, result.output  # the broken file
        outputs[jobs] = result.stdout
    report = json.loads(outputs["1"])
    assert report["summary"]["changed"] > 50 and report["summary"]["failed"] == 1
    assert any(entry["path"] == "app/db.py" and entry["changes"] for entry in report["files"])  # facts crossed files
    assert outputs["1"] == outputs["2"] == outputs["3"]
    plain = {jobs: CliRunner().invoke(app, ["diff", ".", "--jobs", jobs]).output for jobs in ("1", "2")}
    assert plain["1"] == plain["2"]


def test_apply_with_jobs_writes_what_one_job_writes(tmp_path: Path) -> None:
    one, two = _project(tmp_path / "one"), _project(tmp_path / "two")
    for directory, jobs in ((one, "1"), (two, "2")):
        assert CliRunner().invoke(app, ["apply", str(directory), "--jobs", jobs, "-q"]).exit_code == 2
    files = sorted(path.relative_to(one) for path in one.rglob("*.py"))
    assert [(two / path).read_bytes() for path in files] == [(one / path).read_bytes() for path in files]
    assert (one / "app" / "db.py").read_bytes() != DB


def test_workers_build_their_rules_under_the_spawn_start_method(tmp_path: Path) -> None:
    """Worker processes started fresh (macOS, Windows, Python 3.14's forkserver) build their
    codemods from ids and settings, with no state inherited from the parent."""
    _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.fastfix.blocking-to-thread]\nextend = ['mylib.fetch']\n")
    (tmp_path / "app" / "fetch.py").write_text("import mylib\n\n\nasync def f():\n    mylib.fetch()\n")
    script = (
        "import multiprocessing, sys\n"
        "multiprocessing.set_start_method('spawn')\n"
        "from fastfix.cli import main\n"
        "sys.argv = ['fastfix', *sys.argv[1:]]\n"
        "main()\n"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script, "diff", str(tmp_path), "--json", "--jobs", jobs],
            capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parent.parent,
        )
        for jobs in ("1", "2")
    ]
    assert [output.returncode for output in outputs] == [2, 2], outputs[1].stderr
    assert outputs[0].stdout == outputs[1].stdout
    assert "mylib.fetch" in outputs[1].stdout  # the setting reached the workers


def _square(rules: list[object], item: int, offset: int) -> int:
    return item * item + offset + len(rules)


def test_workers_return_results_in_input_order() -> None:
    rules = codemods_for(["async-sleep"])
    with closing(Workers(rules, 2)) as workers:
        assert list(workers.map(_square, list(range(500)), rules, 1)) == [n * n + 2 for n in range(500)]
    assert list(Workers(rules, 1).map(_square, [3], rules, 0)) == [10]


class _Cyclic:
    def __init__(self) -> None:
        self.me = self  # garbage only the cyclic collector can free, as a file's tree


_last_file: list[weakref.ref[_Cyclic]] = []  # in the process that ran the last item


def _collector(rules: list[object], item: int) -> tuple[tuple[int, int, int], bool, bool, bool]:
    """The collector as a file's work sees it, and whether the last file's cyclic garbage is gone."""
    freed = all(ref() is None for ref in _last_file)
    garbage = _Cyclic()
    _last_file[:] = [weakref.ref(garbage)]
    return gc.get_threshold(), gc.get_freeze_count() > 0, gc.isenabled(), freed


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_garbage_collector_is_tuned_and_paused_for_each_file(jobs: int) -> None:
    """Tuned where the pipeline runs, and in this process before a pool's workers fork from it;
    paused while a file is worked on, and the file's cyclic garbage collected before the next.
    A fresh interpreter, so that the test process's collector is left as it was."""
    script = (
        "import gc\n"
        "from fastfix.workers import Workers\n"
        "from tests.test_scale import _collector\n"
        "assert gc.get_freeze_count() == 0\n"
        f"print(set(Workers([], {jobs}).map(_collector, list(range(64)), [])), gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert output.stdout.strip() == "{((20000, 10, 10), True, False, True)} True True"


def _pid(rules: list[object], item: int) -> int:
    return os.getpid()


def test_a_started_pool_serves_a_pass_over_few_files() -> None:
    """Few files alone are not worth starting a pool; once the survey started one, the fix pass
    of the few files it keeps runs there too, not one by one in this process."""
    rules = codemods_for(["async-sleep"])
    assert set(Workers(rules, 2).map(_pid, [1, 2, 3], rules)) == {os.getpid()}
    with closing(Workers(rules, 2)) as workers:
        assert os.getpid() not in set(workers.map(_pid, list(range(64)), rules))
        assert os.getpid() not in set(workers.map(_pid, [1, 2, 3], rules))


def test_default_jobs_is_the_cpus_this_process_may_use() -> None:
    assert 1 <= default_jobs() <= (os.cpu_count() or 1)


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "quiet", "environ", "expected"),
    [
        (True, False, {"TERM": "xterm-256color"}, True),
        (True, False, {"TERM": "xterm", "NO_COLOR": "1"}, True),  # a bar without colour
        (False, False, {"TERM": "xterm"}, False),  # a pipe or a file
        (True, True, {"TERM": "xterm"}, False),  # --quiet
        (True, False, {"TERM": "dumb"}, False),
        (True, False, {"TERM": "xterm", "CI": "true"}, False),
        (True, False, {"TERM": "xterm", "CI": "1"}, False),
        (True, False, {"TERM": "xterm", "CI": "false"}, True),
    ],
)
def test_when_a_progress_bar_may_be_shown(tty: bool, quiet: bool, environ: dict[str, str], expected: bool) -> None:
    assert allowed(_Stream(tty), quiet=quiet, environ=environ) is expected


def test_only_a_long_run_shows_the_bar() -> None:
    assert not long_run(MANY_FILES, 0.0)
    assert long_run(MANY_FILES + 1, 0.0)
    assert long_run(3, SLOW + 0.1)
    bar = Bar(_Stream(True))
    bar.start("rewriting", 5)
    bar.advance()
    assert bar._progress is None  # nothing drawn for a short, fast run
    bar.close()


def test_diff_in_a_pipe_shows_no_progress(tmp_path: Path) -> None:
    _project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "fastfix", "diff", str(tmp_path), "--jobs", "2"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "rewriting" not in result.stderr and "\x1b[" not in result.stderr
