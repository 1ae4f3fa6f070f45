"""async-sessionmaker: sessionmaker(..., class_=AsyncSession) becomes async_sessionmaker(...)."""

from __future__ import annotations

import asyncio
import runpy
import textwrap
from pathlib import Path

import pytest

from tests.helpers import assert_rewrites, assert_unchanged, rewrite

IMPORTS = "from sqlalchemy.ext.asyncio import AsyncSession\nfrom sqlalchemy.orm import sessionmaker\n"
NEW_IMPORT = "from sqlalchemy.ext.asyncio import async_sessionmaker\n"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("sessionmaker(class_=AsyncSession)", "async_sessionmaker()"),
        ("sessionmaker(engine, class_=AsyncSession)", "async_sessionmaker(engine)"),
        ("sessionmaker(class_=AsyncSession, bind=engine)", "async_sessionmaker(bind=engine)"),
        ("sessionmaker(engine, class_=AsyncSession, autoflush=False)", "async_sessionmaker(engine, autoflush=False)"),
        ("sessionmaker(engine, class_=AsyncSession,)", "async_sessionmaker(engine,)"),
        ("sessionmaker(\n    class_=AsyncSession,\n)", "async_sessionmaker()"),
        ("sessionmaker(\n    engine,\n    class_=AsyncSession\n)", "async_sessionmaker(\n    engine\n)"),
        (
            "sessionmaker(\n    engine,\n    class_=AsyncSession,  # async\n    autoflush=False,\n)",
            "async_sessionmaker(\n    engine,\n    # async\n    autoflush=False,\n)",
        ),
        (
            "sessionmaker(\n    # the class\n    class_=AsyncSession,\n    bind=engine,\n)",
            "async_sessionmaker(\n    # the class\n    bind=engine,\n)",
        ),
        (
            "sessionmaker(\n    engine,  # the engine\n    class_=AsyncSession  # async\n)",
            "async_sessionmaker(\n    engine  # the engine\n    # async\n)",
        ),
    ],
    ids=["only", "last", "first", "middle", "trailing-comma", "only-multiline", "last-multiline", "comment-after", "comment-above", "comments-both"],
)
def test_class_argument_goes_with_its_comma(call: str, expected: str) -> None:
    assert_rewrites(f"{IMPORTS}Factory = {call}\n", f"{NEW_IMPORT}Factory = {expected}\n", "async-sessionmaker")


def test_imports_still_used_stay() -> None:
    assert_rewrites(
        """
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import Session, sessionmaker

        AsyncFactory = sessionmaker(async_engine, class_=AsyncSession)
        SyncFactory = sessionmaker(sync_engine, class_=Session)


        async def get_session() -> AsyncSession:
            async with AsyncFactory() as session:
                yield session
        """,
        """
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
        from sqlalchemy.orm import Session, sessionmaker

        AsyncFactory = async_sessionmaker(async_engine)
        SyncFactory = sessionmaker(sync_engine, class_=Session)


        async def get_session() -> AsyncSession:
            async with AsyncFactory() as session:
                yield session
        """,
        "async-sessionmaker",
    )


def test_existing_async_sessionmaker_import_is_reused() -> None:
    assert_rewrites(
        """
        from sqlalchemy import orm
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        Factory = orm.sessionmaker(engine, class_=AsyncSession)
        Other = async_sessionmaker(engine)
        """,
        """
        from sqlalchemy import orm
        from sqlalchemy.ext.asyncio import async_sessionmaker

        Factory = async_sessionmaker(engine)
        Other = async_sessionmaker(engine)
        """,
        "async-sessionmaker",
    )


@pytest.mark.parametrize(
    "source",
    [
        IMPORTS + "Factory = sessionmaker(engine)\n",
        IMPORTS + "from sqlalchemy.orm import Session\nFactory = sessionmaker(engine, class_=Session)\n",
        IMPORTS + "Factory = sessionmaker(engine, **{'class_': AsyncSession})\n",
        # names that only share the spelling
        "from sqlalchemy.ext.asyncio import AsyncSession\nfrom fakes import sessionmaker\nF = sessionmaker(e, class_=AsyncSession)\n",
        "from sqlalchemy.orm import sessionmaker\nclass AsyncSession: ...\nF = sessionmaker(e, class_=AsyncSession)\n",
        IMPORTS + "def build(sessionmaker):\n    return sessionmaker(e, class_=AsyncSession)\n",
        # the name the rewrite needs is taken where it would go
        IMPORTS + "def build(async_sessionmaker):\n    return sessionmaker(e, class_=AsyncSession)\n",
        IMPORTS + "F = sessionmaker(e, class_=AsyncSession)  # fastfix: ignore[async-sessionmaker]\n",
    ],
    ids=["no-class", "sync-class", "class-in-kwargs", "other-sessionmaker", "local-asyncsession", "parameter", "shadowed-target", "suppressed"],
)
def test_left_alone(source: str) -> None:
    assert_unchanged(source, "async-sessionmaker")


RUNTIME = """
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
    from sqlalchemy.orm import sessionmaker

    engine = create_async_engine("sqlite+aiosqlite://")
    SessionLocal = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


    async def select_one():
        try:
            async with SessionLocal() as session:
                plain = (await session.execute(text("SELECT 1"))).scalar_one()
            async with SessionLocal.begin() as session:
                in_transaction = (await session.execute(text("SELECT 1"))).scalar_one()
            return isinstance(session, AsyncSession), plain, in_transaction
        finally:
            await engine.dispose()
"""


def _call(source: str, name: str, path: Path):
    path.write_text(textwrap.dedent(source))
    return asyncio.run(runpy.run_path(str(path))[name]())


def test_rewritten_factory_makes_async_sessions_that_run_queries(tmp_path: Path) -> None:
    after = rewrite(RUNTIME, "async-sessionmaker")
    assert "SessionLocal = async_sessionmaker(engine, expire_on_commit=False)" in after
    assert "from sqlalchemy.orm import sessionmaker" not in after
    assert _call(after, "select_one", tmp_path / "after.py") == (True, 1, 1)
    assert _call(RUNTIME, "select_one", tmp_path / "before.py") == (True, 1, 1)  # what the original factory did
    assert rewrite(after, "async-sessionmaker") == after
