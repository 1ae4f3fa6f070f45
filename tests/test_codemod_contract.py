"""Meta-tests: every codemod and check documents itself, has unique metadata and enough golden
cases; a codemod's docs' Example really becomes its Use instead, and a check reports its Example
and not its Use instead (docs and behaviour cannot drift)."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from fastfix.codemod import DOC_SECTIONS, Check, Codemod, code_blocks, doc_sections
from fastfix.registry import all_checks, all_codemods
from tests.helpers import codemods_for, rewrite, run
from tests.test_checks import expected_lines

CODEMODS = all_codemods()
CHECKS = all_checks()
GOLDEN = Path(__file__).resolve().parent.parent / "golden"
ids = pytest.mark.parametrize("codemod", CODEMODS, ids=[c.id for c in CODEMODS])
check_ids = pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])


def test_ids_and_orders_are_unique() -> None:
    """Ids are unique across codemods and checks: one `--select`, `explain` and `ignore[...]` for both."""
    rules = [*CODEMODS, *CHECKS]
    assert len({rule.id for rule in rules}) == len(rules)
    assert len({c.order for c in CODEMODS}) == len(CODEMODS)


@ids
def test_metadata(codemod: type[Codemod]) -> None:
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", codemod.id)
    module = Path(inspect.getfile(codemod))
    assert module.stem == codemod.id.replace("-", "_"), "the module is named after the id"
    assert isinstance(codemod.order, int) and codemod.order > 0
    assert codemod.safety in ("safe", "review")
    assert isinstance(codemod.default, bool)
    assert codemod.title and len(codemod.title) <= 80 and not codemod.title.endswith(".")
    assert not codemod.title[0].isupper(), "titles read as lowercase phrases (commit titles reuse them)"
    assert codemod.tokens and all(isinstance(token, str) and token for token in codemod.tokens)
    assert all(re.fullmatch(r"[A-Z]+[0-9]+", code) for code in codemod.noqa)


@ids
def test_docs_have_every_section_in_order(codemod: type[Codemod]) -> None:
    sections = doc_sections(codemod.doc())
    assert list(sections) == list(DOC_SECTIONS)
    assert all(text.strip() for text in sections.values())
    assert codemod.safety in sections["Fix safety"].lower()


@ids
def test_docs_example_rewrites_to_use_instead(codemod: type[Codemod]) -> None:
    sections = doc_sections(codemod.doc())
    (example,) = code_blocks(sections["Example"])
    (use_instead,) = code_blocks(sections["Use instead"])
    assert rewrite(example, codemod.id) == use_instead
    assert rewrite(use_instead, codemod.id) == use_instead


@ids
def test_golden_coverage(codemod: type[Codemod]) -> None:
    cases = sorted((GOLDEN / codemod.id).glob("*.input.py"))
    rewriting = [c for c in cases if c.with_name(c.name.replace(".input.", ".expected.")).exists()]
    unchanged = [c for c in cases if c not in rewriting]
    assert len(rewriting) >= 4, f"golden/{codemod.id}: at least 4 rewriting cases"
    assert len(unchanged) >= 3, f"golden/{codemod.id}: at least 3 must-not-change cases"
    assert any(b"\r\n" in c.read_bytes() for c in rewriting), "a CRLF case"


def _code_lines(rule: type) -> int:
    """Lines of code of a rule's module: not its docstring, blank lines or comments."""
    source = Path(inspect.getfile(rule)).read_text()
    tree = ast.parse(source)
    docstring_end = tree.body[0].end_lineno if isinstance(tree.body[0], ast.Expr) else 0
    return sum(1 for line in source.splitlines()[docstring_end:] if line.strip() and not line.strip().startswith("#"))


@ids
def test_module_stays_small(codemod: type[Codemod]) -> None:
    """One small module per codemod: matching and rewriting only, shared logic in the engine."""
    assert _code_lines(codemod) <= 150


def test_pipeline_golden_holds_every_default_codemod() -> None:
    pipeline = GOLDEN / "pipeline"
    expected = b"".join(p.read_bytes() for p in pipeline.glob("*.expected.py"))
    inputs = b"".join(p.read_bytes() for p in pipeline.glob("*.input.py"))
    assert expected and inputs
    from tests.helpers import codemods_for, run

    changes = {
        change.codemod for case in pipeline.glob("*.input.py") for change in run(case.read_bytes(), codemods_for()).changes
    }
    assert changes == {c.id for c in CODEMODS if c.default}


def test_codemods_and_checks_depend_only_on_the_engine_api() -> None:
    for codemod in [*CODEMODS, *CHECKS]:
        tree = ast.parse(Path(inspect.getfile(codemod)).read_text())
        imported = {
            node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
        } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not any(
            name.startswith(("fastfix.cli", "fastfix.runner", "fastfix.report", "fastfix.findings", "git", "codemods", "checks"))
            for name in imported
        )


@check_ids
def test_check_metadata(check: type[Check]) -> None:
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", check.id)
    assert Path(inspect.getfile(check)).stem == check.id.replace("-", "_"), "the module is named after the id"
    assert isinstance(check.default, bool)
    assert check.title and len(check.title) <= 80 and not check.title.endswith(".")
    assert not check.title[0].isupper(), "titles read as lowercase phrases, like the codemods'"
    assert check.tokens and all(isinstance(token, str) and token for token in check.tokens)
    assert all(re.fullmatch(r"[A-Z]+[0-9]+", code) for code in check.noqa)
    assert not hasattr(check, "order") and not hasattr(check, "safety") and not hasattr(check, "transform")


@check_ids
def test_check_docs_have_every_section_in_order(check: type[Check]) -> None:
    sections = doc_sections(check.doc())
    assert list(sections) == list(DOC_SECTIONS)
    assert all(text.strip() for text in sections.values())
    assert sections["Fix safety"].startswith("Not fixed automatically"), "Fix safety says why a person must fix it"


@check_ids
def test_check_reports_its_example_and_not_its_use_instead(check: type[Check]) -> None:
    """As `fastfix check` runs it by default: after the default codemods."""
    sections = doc_sections(check.doc())
    (example,) = code_blocks(sections["Example"])
    (use_instead,) = code_blocks(sections["Use instead"])
    rules = [*codemods_for(), check()]
    assert any(f.rule == check.id for f in run(example.encode(), rules).findings)
    assert not any(f.rule == check.id for f in run(use_instead.encode(), rules).findings)


@check_ids
def test_check_golden_coverage(check: type[Check]) -> None:
    cases = sorted((GOLDEN / check.id).glob("*.input.py"))
    reporting = [c for c in cases if expected_lines(c.read_text(), check.id)]
    silent = [c for c in cases if c not in reporting]
    assert len(reporting) >= 3, f"golden/{check.id}: at least 3 cases with `# expect: {check.id}` lines"
    assert len(silent) >= 3, f"golden/{check.id}: at least 3 cases that must report nothing"
    assert not list((GOLDEN / check.id).glob("*.expected.py")), "checks never rewrite"
    assert any(b"\r\n" in c.read_bytes() for c in reporting), "a CRLF case"


@check_ids
def test_check_module_stays_small(check: type[Check]) -> None:
    assert _code_lines(check) <= 100
