"""`fastfix check` in its four formats, through Typer's runner and once through the installed
script: what is found, exit status, selection, suppression, errors, and that nothing is written."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fastfix import findings
from fastfix.cli import app
from fastfix.codemod import Finding
from fastfix.pipeline import FileResult
from fastfix.registry import all_checks, all_codemods
from fastfix.runner import Report
from tests.test_cli import _script

BLOCKING = b"import time\n\n\nasync def handler():\n    time.sleep(1)\n"
ENGINE = b'from sqlalchemy.ext.asyncio import create_async_engine\n\nengine = create_async_engine("sqlite+aiosqlite://", echo=True)\n'
DEPENDENCY = b"def get_user(token: str):\n    USERS.get(token)\n"
ROUTES = b"""from fastapi import Depends, FastAPI

from .deps import get_user

app = FastAPI()


@app.get("/me")
def me(user=Depends(get_user)):
    return user
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_bytes(b"")
    (tmp_path / "app" / "views.py").write_bytes(BLOCKING)
    (tmp_path / "app" / "db.py").write_bytes(ENGINE)
    (tmp_path / "app" / "deps.py").write_bytes(DEPENDENCY)
    (tmp_path / "app" / "routes.py").write_bytes(ROUTES)
    (tmp_path / "app" / "clean.py").write_bytes(b"async def ok():\n    return 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(app, ["check", *args])


def _contents(project: Path) -> dict[str, bytes]:
    return {path.relative_to(project).as_posix(): path.read_bytes() for path in sorted(project.rglob("*.py"))}


def test_text_lists_fixable_rewrites_and_check_findings_and_writes_nothing(project: Path) -> None:
    before = _contents(project)
    result = invoke("app")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:-1] == [
        (
            "app/db.py:3:53: async-engine-echo create_async_engine(echo=True) logs every SQL statement and its"
            " parameters: take the flag from the settings, off in production"
        ),
        (
            "app/deps.py:1:1: dependency-returns-none dependency get_user() never returns a value: the parameters"
            " that depend on it always get None"
        ),
        "app/views.py:5:5: async-sleep time.sleep() blocks the event loop: await asyncio.sleep()",
    ]
    assert lines[-1] == "3 findings in 3 files (1 fixable: `fastfix diff` shows the rewrites); 6 files scanned, 0 failed"
    assert _contents(project) == before


def test_exit_0_when_clean(project: Path) -> None:
    result = invoke("app/clean.py")
    assert result.exit_code == 0
    assert result.stdout == "0 findings in 0 files (0 fixable: `fastfix diff` shows the rewrites); 1 files scanned, 0 failed\n"


def test_json(project: Path) -> None:
    result = invoke("app", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report.keys() == {"findings", "errors", "summary"}
    assert report["findings"][2] == {
        "path": "app/views.py", "line": 5, "col": 5, "id": "async-sleep",
        "message": "time.sleep() blocks the event loop: await asyncio.sleep()", "fixable": True,
    }
    assert [(f["id"], f["fixable"]) for f in report["findings"]] == [
        ("async-engine-echo", False), ("dependency-returns-none", False), ("async-sleep", True),
    ]
    assert report["errors"] == []
    assert report["summary"] == {
        "scanned": 6, "failed": 0, "findings": 3, "fixable": 1,
        "by_id": {"async-engine-echo": 1, "async-sleep": 1, "dependency-returns-none": 1},
    }


def test_github_annotations(project: Path) -> None:
    result = invoke("app", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[2] == (
        "::warning file=app/views.py,line=5,col=5,title=async-sleep::time.sleep() blocks the event loop: await asyncio.sleep()"
    )
    assert all(line.startswith("::warning file=app/") for line in lines[:-1])
    assert lines[-1].startswith("3 findings in 3 files")


def test_github_escaping() -> None:
    finding = Finding("async-sleep", 3, 7, "100% of requests wait\r\nfor it: really, all")
    report = Report([FileResult("odd,dir:1/a%b.py", findings=[finding])])
    (line, _) = findings.github(report).splitlines()
    assert line == (
        "::warning file=odd%2Cdir%3A1/a%25b.py,line=3,col=7,title=async-sleep"
        "::100%25 of requests wait%0D%0Afor it: really, all"
    )


def test_select_ignore_and_configuration(project: Path) -> None:
    result = invoke("app", "--select", "async-engine-echo")
    assert result.exit_code == 1 and [line.split()[1] for line in result.stdout.splitlines()[:-1]] == ["async-engine-echo"]
    result = invoke("app", "--ignore", "async-engine-echo,dependency-returns-none", "--ignore", "async-sleep")
    assert result.exit_code == 0
    (project / "pyproject.toml").write_text('[tool.fastfix]\nignore = ["dependency-returns-none", "async-sleep"]\n')
    result = invoke("app")
    assert result.exit_code == 1 and [line.split()[1] for line in result.stdout.splitlines()[:-1]] == ["async-engine-echo"]
    (project / "pyproject.toml").write_text('[tool.fastfix]\nselect = ["unbounded-query"]\n')
    assert invoke("app").exit_code == 0
    result = invoke("app", "--select", "no-such-check")
    assert result.exit_code == 2 and "unknown codemod or check 'no-such-check'" in result.output


def test_suppression_comments(project: Path) -> None:
    (project / "app" / "db.py").write_bytes(ENGINE.replace(b"echo=True)", b"echo=True)  # fastfix: ignore[async-engine-echo]"))
    (project / "app" / "deps.py").write_bytes(DEPENDENCY.replace(b"str):", b"str):  # fastfix: ignore"))
    (project / "app" / "views.py").write_bytes(BLOCKING.replace(b"sleep(1)", b"sleep(1)  # noqa: ASYNC251"))
    assert invoke("app").exit_code == 0


def test_errors_exit_2_in_every_format(project: Path) -> None:
    # a file that a rule may act on (the prefilter parses no other): time.sleep in a coroutine
    (project / "app" / "broken.py").write_bytes(b"async def f(:\n    time.sleep(1)\n")
    result = invoke("app")
    assert result.exit_code == 2
    assert "error: app/broken.py:1: cannot parse" in result.stderr
    assert result.stdout.splitlines()[-1].endswith("7 files scanned, 1 failed")
    report = json.loads(invoke("app", "--format", "json").stdout)
    assert report["errors"][0]["path"] == "app/broken.py" and report["errors"][0]["line"] == 1
    assert report["summary"]["failed"] == 1 and report["summary"]["findings"] == 3
    github = invoke("app", "--format", "github")
    assert github.exit_code == 2
    assert "::error file=app/broken.py,line=1,title=fastfix::cannot parse" in github.stdout
    log = json.loads(invoke("app", "--format", "sarif").stdout)
    _validate_sarif(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("cannot parse")
    assert invoke("nope").exit_code == 2


def test_sarif(project: Path) -> None:
    result = invoke("app", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    _validate_sarif(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in (*all_codemods(), *all_checks())]
    echo = next(rule for rule in rules if rule["id"] == "async-engine-echo")
    assert echo["shortDescription"]["text"] == "create_async_engine(echo=True) logs every statement"
    assert echo["fullDescription"]["text"].startswith("`echo=True` logs every SQL statement")
    assert "## Use instead" in echo["help"]["markdown"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in run["results"]] == [
        ("async-engine-echo", "app/db.py"), ("dependency-returns-none", "app/deps.py"), ("async-sleep", "app/views.py"),
    ]
    assert run["results"][2]["locations"][0]["physicalLocation"]["region"] == {"startLine": 5, "startColumn": 5}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"


def test_sarif_locations_outside_the_base_are_absolute(tmp_path: Path) -> None:
    inside, outside = tmp_path / "repo" / "app.py", tmp_path / "elsewhere" / "my app.py"
    report = Report([FileResult(str(path), findings=[Finding("uvicorn-reload", 2, 5, "...")]) for path in (inside, outside)])
    log = findings.sarif(report, tmp_path / "repo")
    _validate_sarif(log)
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert artifacts == [{"uri": "app.py", "uriBaseId": "%SRCROOT%"}, {"uri": outside.resolve().as_uri()}]
    assert artifacts[1]["uri"].endswith("/my%20app.py")


def test_installed_script_checks_with_sarif(project: Path) -> None:
    before = _contents(project)
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run([*_script(), "check", "app", "--format", "sarif"], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    _validate_sarif(log)
    assert len(log["runs"][0]["results"]) == 3
    assert _contents(project) == before


# A structural check of SARIF 2.1.0's required properties and their types (the schema is not
# fetched: the tests need no network).
_LEVELS = {"none", "note", "warning", "error"}


def _validate_sarif(log: dict[str, Any]) -> None:
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        rules = driver.get("rules", [])
        assert len({rule["id"] for rule in rules}) == len(rules), "rule ids are unique"
        for rule in rules:
            assert isinstance(rule["id"], str)
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule:
                    assert isinstance(rule[key]["text"], str) and rule[key]["text"]
            assert rule.get("defaultConfiguration", {}).get("level", "warning") in _LEVELS
        for base in run.get("originalUriBaseIds", {}).values():
            assert re.match(r"^[a-z]+:", base["uri"]) and base["uri"].endswith("/")
        for result in run.get("results", []):
            assert isinstance(result["message"]["text"], str) and result["message"]["text"]
            assert result.get("level", "warning") in _LEVELS
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            for location in result["locations"]:
                _validate_location(location, run)
        for invocation in run.get("invocations", []):
            assert isinstance(invocation["executionSuccessful"], bool)
            for notification in invocation.get("toolExecutionNotifications", []):
                assert isinstance(notification["message"]["text"], str)
                assert notification.get("level", "warning") in _LEVELS
                for location in notification.get("locations", []):
                    _validate_location(location, run)


def _validate_location(location: dict[str, Any], run: dict[str, Any]) -> None:
    physical = location["physicalLocation"]
    artifact = physical["artifactLocation"]
    uri = artifact["uri"]
    if "uriBaseId" in artifact:  # relative to a base the run defines: no scheme, no leading slash
        assert artifact["uriBaseId"] in run["originalUriBaseIds"]
        assert not re.match(r"^[a-z]+:", uri) and not uri.startswith("/") and " " not in uri
    region = physical["region"]
    assert isinstance(region["startLine"], int) and region["startLine"] >= 1
    assert isinstance(region.get("startColumn", 1), int) and region.get("startColumn", 1) >= 1
