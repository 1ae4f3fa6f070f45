"""Golden cases: golden/<codemod-id>/<case>.input.py and, if it must change, <case>.expected.py.

golden/pipeline/ runs every default codemod together. Each case must also converge: running the
same codemods over the expected output changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import by_id, codemods_for, run

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CASES = sorted(GOLDEN.glob("*/*.input.py"))


def _expected(case: Path) -> Path:
    return case.with_name(case.name.replace(".input.py", ".expected.py"))


def _codemods(case: Path):
    group = case.parent.name
    return codemods_for(None if group == "pipeline" else [group])


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name[:-9]}" for c in CASES])
def test_golden_case(case: Path) -> None:
    data = case.read_bytes()
    result = run(data, _codemods(case), path=str(case))
    assert result.error is None, str(result.error)
    expected = _expected(case).read_bytes() if _expected(case).exists() else data
    actual = result.new_bytes() if result.changed else data
    assert actual.decode() == expected.decode()
    assert actual == expected  # byte-level: line endings, BOM, encoding


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name[:-9]}" for c in CASES])
def test_golden_output_converges(case: Path) -> None:
    expected = _expected(case)
    output = expected.read_bytes() if expected.exists() else case.read_bytes()
    result = run(output, _codemods(case), path=str(expected))
    assert result.error is None, str(result.error)
    assert not result.changed, f"a second run changed {expected.name}:\n{result.new_text}"


def test_every_expected_file_has_an_input() -> None:
    orphans = [p for p in GOLDEN.glob("*/*.expected.py") if not p.with_name(p.name.replace(".expected.py", ".input.py")).exists()]
    assert orphans == []


def _outcome(result):
    return result.new_text, result.changes, result.findings, str(result.error)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name[:-9]}" for c in CASES])
def test_prefilter_skips_nothing_that_matters(case: Path) -> None:
    """Every codemod and check, on or off by default, gives the same result on every golden input
    whether or not the prefilter lets it skip files without its tokens."""
    rules = [rule() for rule in by_id().values()]
    data = case.read_bytes()
    assert _outcome(run(data, rules, path=str(case))) == _outcome(run(data, rules, path=str(case), prefilter=False))
