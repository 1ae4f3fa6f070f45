"""ruff as an independent oracle: over every golden input, the flake8-async findings that fastfix
claims to fix (a codemod declaring that code rewrote that line) are gone afterwards, and
fastfix's output never gives ruff a finding the input did not have."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fastfix.registry import by_id
from tests.helpers import codemods_for, run
from tests.test_golden import CASES, _codemods

CODES = ("ASYNC210", "ASYNC220", "ASYNC221", "ASYNC222", "ASYNC230", "ASYNC251")


def _ruff() -> list[str]:
    found = shutil.which("ruff")
    return [found] if found else [sys.executable, "-m", "ruff"]


def _findings(directory: Path) -> dict[str, list[tuple[int, str]]]:
    """Findings per file name (relative to directory) as (line, code)."""
    result = subprocess.run(
        [*_ruff(), "check", "--isolated", "--no-cache", "--select", ",".join(CODES), "--output-format", "json", "."],
        cwd=directory, capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, list[tuple[int, str]]] = {}
    for item in json.loads(result.stdout):
        name = Path(item["filename"]).relative_to(directory.resolve()).as_posix()
        found.setdefault(name, []).append((item["location"]["row"], item["code"]))
    return found


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory):
    """Run every golden case once and ruff once over all inputs and outputs."""
    before, after = tmp_path_factory.mktemp("before"), tmp_path_factory.mktemp("after")
    claims: dict[str, Counter[str]] = {}
    for number, case in enumerate(CASES):
        name = f"case{number}.py"
        result = run(case.read_bytes(), _codemods(case), path=str(case))
        assert result.error is None, str(result.error)
        (before / name).write_bytes(case.read_bytes())
        (after / name).write_bytes(result.new_bytes() if result.changed else case.read_bytes())
        claims[name] = Counter(
            (change.line, code) for change in result.changes for code in by_id()[change.codemod].noqa
        )
    return _findings(before), _findings(after), claims


@pytest.mark.parametrize("number", range(len(CASES)), ids=[f"{c.parent.name}/{c.name[:-9]}" for c in CASES])
def test_ruff_agrees_with_fastfix(oracle, number: int) -> None:
    before, after, claims = oracle
    name = f"case{number}.py"
    found_before = Counter(code for _, code in before.get(name, []))
    fixed = Counter(code for line, code in before.get(name, []) if claims[name][(line, code)])
    found_after = Counter(code for _, code in after.get(name, []))
    for code in CODES:
        assert found_after[code] <= found_before[code] - fixed[code], (
            f"{CASES[number]}: {code} before={found_before[code]} claimed fixed={fixed[code]} after={found_after[code]}"
        )


def test_oracle_sees_what_async_sleep_fixes(tmp_path: Path) -> None:
    """The oracle itself works: ruff flags the input and not fastfix's output."""
    data = b"import time\n\n\nasync def f():\n    time.sleep(1)\n"
    result = run(data, codemods_for(["async-sleep"]))
    (tmp_path / "before.py").write_bytes(data)
    (tmp_path / "after.py").write_bytes(result.new_bytes())
    findings = _findings(tmp_path)
    assert findings == {"before.py": [(5, "ASYNC251")]}


def test_oracle_checked_real_fixes(oracle) -> None:
    before, _, claims = oracle
    fixed = sum(1 for name, found in before.items() for line, code in found if claims[name][(line, code)])
    assert fixed >= 5
