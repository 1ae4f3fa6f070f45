"""dependency-cleanup: inline edge cases, the facts it collects, and a dependency used from another file."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from fastfix.endpoints import depends_targets
from fastfix.pipeline import collect_project, fix_source, module_name
from tests.helpers import (
    assert_rewrites,
    assert_unchanged,
    by_id,
    codemods_for,
    rewrite,
)

ID = "dependency-cleanup"


def test_basic_session() -> None:
    assert_rewrites(
        """\
        from fastapi import Depends
        from db import SessionLocal


        def get_db():
            db = SessionLocal()
            return db


        def route(db=Depends(get_db)):
            pass
        """,
        """\
        from fastapi import Depends
        from db import SessionLocal


        def get_db():
            db = SessionLocal()
            try:
                yield db
            finally:
                db.close()


        def route(db=Depends(get_db)):
            pass
        """,
        ID,
    )


def test_statements_before_the_assignment_stay_outside_try() -> None:
    assert_rewrites(
        """\
        from fastapi import Depends
        from db import SessionLocal


        def get_db(request):
            tenant = request.headers["tenant"]
            db = SessionLocal(info={"tenant": tenant})
            return db


        def route(db=Depends(get_db)):
            pass
        """,
        """\
        from fastapi import Depends
        from db import SessionLocal


        def get_db(request):
            tenant = request.headers["tenant"]
            db = SessionLocal(info={"tenant": tenant})
            try:
                yield db
            finally:
                db.close()


        def route(db=Depends(get_db)):
            pass
        """,
        ID,
    )


def test_fresh_variable_avoids_names_the_function_uses() -> None:
    assert_rewrites(
        """\
        from fastapi import Depends
        from app.db import session, SessionLocal


        def get_session():
            return SessionLocal(bind=session.bind)


        def route(db=Depends(get_session)):
            pass
        """,
        """\
        from fastapi import Depends
        from app.db import session, SessionLocal


        def get_session():
            session_ = SessionLocal(bind=session.bind)
            try:
                yield session_
            finally:
                session_.close()


        def route(db=Depends(get_session)):
            pass
        """,
        ID,
    )


def test_return_annotation_becomes_an_iterator() -> None:
    assert_rewrites(
        """\
        from typing import Iterator

        from fastapi import Depends
        from sqlalchemy.orm import Session


        def get_db() -> Session:
            return Session()


        def route(db=Depends(get_db)):
            pass
        """,
        """\
        from typing import Iterator

        from fastapi import Depends
        from sqlalchemy.orm import Session


        def get_db() -> Iterator[Session]:
            session = Session()
            try:
                yield session
            finally:
                session.close()


        def route(db=Depends(get_db)):
            pass
        """,
        ID,
    )


def test_annotated_async_sessionmaker_in_async_def() -> None:
    after = rewrite(
        """\
        from fastapi import Depends
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        SessionLocal: async_sessionmaker[AsyncSession] = async_sessionmaker()


        async def get_db():
            return SessionLocal()


        async def route(db=Depends(get_db)):
            pass
        """,
        ID,
    )
    assert "        await session.close()\n" in after


def test_dependency_keyword_params_module_and_nested_return() -> None:
    after = rewrite(
        """\
        import fastapi.params
        import requests


        def http():
            def log(response):
                return response

            client = requests.Session()
            client.hooks["response"].append(log)
            return client


        router_dependencies = [fastapi.params.Depends(dependency=http)]
        """,
        ID,
    )
    assert "        yield client\n    finally:\n        client.close()\n" in after


def test_options_override_the_closeable_names() -> None:
    source = """\
        from fastapi import Depends
        import redis


        def get_redis():
            return redis.Redis()


        def route(r=Depends(get_redis)):
            pass
        """
    assert_unchanged(source, ID)
    after = rewrite(source, ID, **{ID: {"closeable": ["redis.Redis"]}})
    assert "    resource = redis.Redis()\n    try:\n        yield resource\n" in after
    session = source.replace("redis.Redis()", "redis.SessionLocal()")
    assert rewrite(session, ID) != session
    assert_unchanged(session, ID, **{ID: {"closeable_suffixes": ["Client"]}})


def test_suppression_comment_on_the_def_line() -> None:
    assert_unchanged(
        """\
        from fastapi import Depends
        from db import SessionLocal


        def get_db():  # fastfix: ignore[dependency-cleanup]
            return SessionLocal()


        def route(db=Depends(get_db)):
            pass
        """,
        ID,
    )


def test_shapes_left_alone() -> None:
    template = """\
        from fastapi import Depends
        from db import AsyncSessionLocal, SessionLocal
        from sqlalchemy.orm import Session
        session = None


        {}


        def route(db=Depends(get_db)):
            pass
        """
    bodies = [
        "def get_db(): return SessionLocal()",  # a one-line body
        "def get_db(db=None):\n            db = SessionLocal()\n            return db",  # a parameter
        "def get_db():\n            global session\n            session = SessionLocal()\n            return session",
        "def get_db():\n            for db in [SessionLocal()]:\n                pass\n            return db",
        "def get_db():\n            if True:\n                db = SessionLocal()\n            return db",  # not top level
        "def get_db():\n            db = SessionLocal()\n            return db, 1",
        "def get_db():\n            return await_it(SessionLocal())",
        "def get_db():\n            return SessionLocal",  # the factory itself
        "def get_db():\n            return AsyncSessionLocal()",  # async resource in a sync def
        "async def get_db():\n            return SessionLocal()",  # sync or async? cannot tell
        "def get_db():\n            db = SessionLocal()\n            db = SessionLocal()\n            return db",
    ]
    for body in bodies:
        assert_unchanged(template.format(body), ID)
    control = template.format("def get_db():\n            db = SessionLocal()\n            return db")
    assert rewrite(control, ID) != rewrite(control, "async-sleep")


def test_async_def_with_sync_qualified_session_closes_without_await() -> None:
    after = rewrite(
        """\
        from fastapi import Depends
        from sqlalchemy.orm import Session


        async def get_db():
            return Session()


        async def route(db=Depends(get_db)):
            pass
        """,
        ID,
    )
    assert "    finally:\n        session.close()\n" in after


def test_collect_resolves_imports_and_relative_imports() -> None:
    codemod = by_id()[ID]()
    text = """\
from typing import Annotated

import fastapi
from fastapi import Depends as D, Security
from app import deps
from .db import get_db
from ..auth import user as u

def local(): ...

def route(
    a=D(get_db),
    b: Annotated[int, Security(u.current)] = 1,
    c=fastapi.Depends(deps.get_settings),
    d=D(dependency=local),
    e=D(),
    f=Other(not_a_dependency),
): ...
"""
    facts = set(codemod.collect(ast.parse(text), "app.api.routes", text))
    assert facts == {"app.api.db.get_db", "app.auth.user.current", "app.deps.get_settings", "app.api.routes.local"}


def test_only_statements_that_name_a_dependency_call_are_walked() -> None:
    """Decorators, aliases and every kind of line break count; the rest of the module is not read."""
    text = (
        "from fastapi import Depends as Inject\r\n"
        "from app.db import get_db, get_auth\r"
        "def helper():\n    return 1\n"
        "@router.get(\n    '/',\n    dependencies=[Inject(get_auth)],\n)\n"
        "def route(): ...\n"
        "class Service:\n    def method(self, db=Inject(get_db)): ...\n"
    )
    walked: list[str] = []

    def spy(module: ast.Module) -> Iterator[ast.AST]:
        walked.extend(type(statement).__name__ for statement in module.body)
        return ast.walk(module)

    module = ast.parse(text)
    assert set(depends_targets(module, "app.api", text, spy)) == {"app.db.get_db", "app.db.get_auth"}
    assert walked == ["ImportFrom", "FunctionDef", "ClassDef"]  # not helper() nor the second import


def _write(root: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


DB = """\
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker()


def get_db():
    db = SessionLocal()
    return db
"""


def _fix_db(root: Path, files: list[Path]) -> str | None:
    codemods = codemods_for([ID])
    facts = collect_project([(f.read_bytes(), module_name(f, root)) for f in files], codemods)
    db = root / "app" / "db.py"
    result = fix_source(db.read_bytes(), str(db), codemods, module=module_name(db, root), project=facts)
    assert result.error is None
    return result.new_text


def test_cross_file_dependency_is_rewritten(tmp_path: Path) -> None:
    for line in ("from app.db import get_db", "from .db import get_db"):
        routes = f"from fastapi import Depends\n{line}\n\n\ndef read(db=Depends(get_db)):\n    pass\n"
        files = _write(tmp_path, {"app/__init__.py": "", "app/db.py": DB, "app/routes.py": routes})
        assert _fix_db(tmp_path, files) == DB.replace(
            "    return db\n", "    try:\n        yield db\n    finally:\n        db.close()\n"
        )


def test_same_file_alone_is_left_unchanged(tmp_path: Path) -> None:
    files = _write(tmp_path, {"app/__init__.py": "", "app/db.py": DB})
    assert _fix_db(tmp_path, files) is None


def test_dependency_of_a_same_named_function_elsewhere_does_not_count(tmp_path: Path) -> None:
    routes = "from fastapi import Depends\nfrom app.other import get_db\n\n\ndef read(db=Depends(get_db)):\n    pass\n"
    files = _write(tmp_path, {"app/db.py": DB, "app/routes.py": routes})
    assert _fix_db(tmp_path, files) is None


def test_dependency_defined_in_a_package_init_and_imported_relatively(tmp_path: Path) -> None:
    """`from .db import get_db` in app/__init__.py means app.db, as Python resolves it."""
    app = tmp_path / "app"
    (app / "api").mkdir(parents=True)
    (app / "db.py").write_text("SessionLocal = sessionmaker()\n\n\ndef get_db():\n    db = SessionLocal()\n    return db\n")
    (app / "__init__.py").write_text("from fastapi import Depends\nfrom .db import get_db\n\nDB = Depends(get_db)\n")
    (app / "api" / "__init__.py").write_text("")
    codemods = codemods_for(["dependency-cleanup"])
    files = sorted(app.rglob("*.py"))
    project = collect_project([(f.read_bytes(), module_name(f, tmp_path)) for f in files], codemods)
    assert project["dependency-cleanup"] == frozenset({"app.db.get_db"})
    db = app / "db.py"
    result = fix_source(db.read_bytes(), str(db), codemods, module=module_name(db, tmp_path), project=project)
    assert result.changed and "yield db" in result.new_text
