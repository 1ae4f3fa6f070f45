"""Golden cases of the checks: golden/<check-id>/<case>.input.py, in which every line the check
must report ends with the comment `# expect: <check-id>`; a case without one must report nothing.
Each check runs the way `fastfix check` runs it by default: after every default codemod, on
their result, so a case also shows that a check leaves alone what a codemod rewrites."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from fastfix.registry import all_checks, by_id
from fastfix.runner import Source, run_sources
from tests.helpers import codemods_for, run

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CHECKS = all_checks()
CASES = sorted(case for check in CHECKS for case in (GOLDEN / check.id).glob("*.input.py"))
_EXPECT = re.compile(r"#.*\bexpect: ([a-z]+(?:-[a-z]+)*)")


def expected_lines(text: str, check_id: str) -> set[int]:
    """The lines marked `# expect: <check_id>`."""
    return {
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if any(found == check_id for found in _EXPECT.findall(line))
    }


def reported_lines(data: bytes, check_id: str, codemods: Sequence[str] | None = None, path: str = "example.py") -> set[int]:
    """The lines `check_id` reports in `data`, after the default codemods (or the named ones)."""
    result = run(data, [*codemods_for(codemods), by_id()[check_id]()], path=path)
    assert result.error is None, str(result.error)
    return {finding.line for finding in result.findings if finding.rule == check_id}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name[:-9]}" for c in CASES])
def test_check_reports_exactly_the_marked_lines(case: Path) -> None:
    data = case.read_bytes()
    assert reported_lines(data, case.parent.name, path=str(case)) == expected_lines(data.decode(), case.parent.name)


def test_markers_name_the_check_of_their_directory() -> None:
    """A marker for another check in a case would be silently ignored: forbid it."""
    for case in CASES:
        assert set(_EXPECT.findall(case.read_text())) <= {case.parent.name}, case


def _lines(source: str, check_id: str, codemods: Sequence[str] | None = None) -> set[int]:
    return reported_lines(textwrap.dedent(source).encode(), check_id, codemods)


def test_websocket_loops_the_codemod_rewrites_are_left_to_it() -> None:
    source = """\
    from fastapi import FastAPI, WebSocket

    app = FastAPI()


    @app.websocket("/ws")
    async def echo(websocket: WebSocket):
        await websocket.accept()
        while True:
            await websocket.send_text(await websocket.receive_text())
    """
    assert _lines(source, "websocket-no-disconnect") == {10}
    assert _lines(source, "websocket-no-disconnect", ["websocket-disconnect"]) == set()


def test_file_io_the_codemod_moves_is_reported_when_the_codemod_is_off() -> None:
    source = """\
    async def load(path):
        with open(path) as f:
            return_value = f.read()
        return return_value
    """
    assert _lines(source, "blocking-file-io") == set()
    assert _lines(source, "blocking-file-io", []) == {2}


def _run_files(files: dict[str, str], check_id: str) -> dict[str, set[int]]:
    """Lines `check_id` reports per module of a run over several files (after the default codemods)."""
    sources = [Source(f"{module.replace('.', '/')}.py", module, textwrap.dedent(text).encode()) for module, text in files.items()]
    rules = [*codemods_for(), by_id()[check_id]()]
    report = run_sources(sources, rules)
    assert not report.failed
    return {r.path: {f.line for f in r.findings if f.rule == check_id} for r in report.results}


def test_cross_file_dependencies_apps_and_context_variables() -> None:
    deps = """\
    from typing import Annotated

    from fastapi import Depends


    def get_tenant(x_tenant: str = ""):
        TENANTS.get(x_tenant)


    Tenant = Annotated[dict, Depends(get_tenant)]
    """
    routes = """\
    from sqlalchemy.orm import Session

    from app.deps import Tenant
    from app.main import router


    @router.get("/items")
    async def items(tenant: Tenant, db: Session):
        return db.query(Item).all()
    """
    main = """\
    from fastapi import APIRouter

    router = APIRouter()
    """
    files = {"app.deps": deps, "app.routes": routes, "app.main": main}
    assert _run_files(files, "dependency-returns-none")["app/deps.py"] == {6}
    assert _run_files(files, "sync-db-in-async")["app/routes.py"] == {9}
    assert _run_files(files, "unbounded-query")["app/routes.py"] == {9}
    assert _run_files({"app.routes": routes}, "unbounded-query")["app/routes.py"] == set()  # router unknown
    context = "from contextvars import ContextVar\n\nrequest_user = ContextVar('request_user')\n"
    middleware = """\
    from starlette.middleware.base import BaseHTTPMiddleware

    from app.context import request_user


    class Audit(BaseHTTPMiddleware):
        async def dispatch(self, request, call_next):
            response = await call_next(request)
            audit(request_user.get())
            return response
    """
    assert _run_files({"app.context": context, "app.middleware": middleware}, "base-http-middleware")["app/middleware.py"] == {6}
    assert _run_files({"app.middleware": middleware}, "base-http-middleware")["app/middleware.py"] == set()


def test_engine_echo_is_left_alone_in_test_modules() -> None:
    source = b'from sqlalchemy.ext.asyncio import create_async_engine\n\nengine = create_async_engine("sqlite+aiosqlite://", echo=True)\n'
    check = by_id()["async-engine-echo"]()
    assert [f.line for f in run(source, [check], module="app.db").findings] == [3]
    for module in ("tests.test_db", "app.tests.helpers", "conftest", "app.db_test"):
        assert run(source, [check], module=module).findings == []
