"""sqlalchemy-text: which receivers are known to be SQLAlchemy's, what is wrapped, what is reported,
and the rewritten code run against a real SQLite database (sync, and async with aiosqlite)."""

from __future__ import annotations

import asyncio
import runpy
import textwrap
from pathlib import Path

import pytest

from tests.helpers import assert_rewrites, assert_unchanged, codemods_for, rewrite, run

ID = "sqlalchemy-text"


def findings(source: str) -> list[tuple[str, int, str]]:
    result = run(textwrap.dedent(source).encode(), codemods_for([ID]))
    return [(finding.rule, finding.line, finding.message) for finding in result.findings]


# --- receivers known by annotation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("imports", "annotation"),
    [
        ("from sqlalchemy.orm import Session", "Session"),
        ("from sqlalchemy.orm.session import Session", "Session"),
        ("from sqlalchemy.ext.asyncio import AsyncSession", "AsyncSession"),
        ("from sqlalchemy import Connection", "Connection"),
        ("from sqlalchemy.engine import Connection", "Connection"),
        ("from sqlalchemy.ext.asyncio import AsyncConnection", "AsyncConnection"),
        ("from sqlmodel import Session", "Session"),
        ("from sqlalchemy import orm", "orm.Session"),
        ("from sqlalchemy.orm import Session as DB", "DB"),
        ("from sqlalchemy.orm import Session", '"Session"'),
        ("from sqlalchemy.orm import Session", "Session | None"),
        ("from typing import Optional\nfrom sqlalchemy.orm import Session", "Optional[Session]"),
        ("from typing import Annotated\nfrom fastapi import Depends\nfrom sqlalchemy.orm import Session", "Annotated[Session, Depends(get_db)]"),
        ("import typing_extensions as te\nfrom sqlalchemy.orm import Session", "te.Annotated[Session, 'db']"),
        ("from sqlalchemy import orm", '"orm.Session"'),
        ("import sqlalchemy.orm", "sqlalchemy.orm.Session"),
        # an alias of an alias, an alias in an alias
        ("import typing\nfrom sqlalchemy.orm import Session\nBase = typing.Annotated[Session, 1]\nDB = Base", "DB"),
        ("import typing\nfrom sqlalchemy.orm import Session\nKind = Session\nDB = typing.Annotated[Kind, 1]", "DB"),
    ],
)
def test_annotated_parameters(imports: str, annotation: str) -> None:
    before = f'{imports}\nfrom sqlalchemy import text\n\n\ndef f(db: {annotation}):\n    db.execute("SELECT 1")\n'
    assert rewrite(before, ID) == before.replace('execute("SELECT 1")', 'execute(text("SELECT 1"))')


def test_annotated_alias_and_annotated_variable() -> None:
    assert_rewrites(
        """\
        from typing import Annotated

        from fastapi import Depends
        from sqlalchemy.ext.asyncio import AsyncSession

        DB = Annotated[AsyncSession, Depends(get_session)]


        async def route(db: DB):
            await db.execute("SELECT 1")


        def other(factory):
            session: AsyncSession = factory()
            session.execute("SELECT 2")
        """,
        """\
        from sqlalchemy import text
        from typing import Annotated

        from fastapi import Depends
        from sqlalchemy.ext.asyncio import AsyncSession

        DB = Annotated[AsyncSession, Depends(get_session)]


        async def route(db: DB):
            await db.execute(text("SELECT 1"))


        def other(factory):
            session: AsyncSession = factory()
            session.execute(text("SELECT 2"))
        """,
        ID,
    )


# --- receivers known by origin -----------------------------------------------------------------


def test_origins() -> None:
    assert_rewrites(
        """\
        import sqlalchemy
        from alembic import op
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
        from sqlalchemy.orm import Session, sessionmaker

        engine = sqlalchemy.create_engine("sqlite://")
        aengine = create_async_engine("sqlite+aiosqlite://")
        Maker = sessionmaker(engine)
        AsyncMaker = async_sessionmaker(aengine)


        def upgrade():
            conn = op.get_bind()
            conn.execute("UPDATE a SET b = 1")


        def sync():
            with engine.connect() as c1, engine.begin() as c2:
                c1.execute("SELECT 1")
                c2.execute("SELECT 2")
            with Session(engine) as s1:
                s1.execute("SELECT 3")
            with Maker.begin() as s2:
                s2.execute("SELECT 4")
            s3 = Maker()
            s3.execute("SELECT 5")
            c3 = engine.connect()
            c3.execute("SELECT 6")


        async def asynchronous():
            async with AsyncMaker() as s4:
                await s4.execute("SELECT 7")
            async with aengine.begin() as c4:
                await c4.execute("SELECT 8")
        """,
        """\
        import sqlalchemy
        from alembic import op
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
        from sqlalchemy.orm import Session, sessionmaker

        engine = sqlalchemy.create_engine("sqlite://")
        aengine = create_async_engine("sqlite+aiosqlite://")
        Maker = sessionmaker(engine)
        AsyncMaker = async_sessionmaker(aengine)


        def upgrade():
            conn = op.get_bind()
            conn.execute(sqlalchemy.text("UPDATE a SET b = 1"))


        def sync():
            with engine.connect() as c1, engine.begin() as c2:
                c1.execute(sqlalchemy.text("SELECT 1"))
                c2.execute(sqlalchemy.text("SELECT 2"))
            with Session(engine) as s1:
                s1.execute(sqlalchemy.text("SELECT 3"))
            with Maker.begin() as s2:
                s2.execute(sqlalchemy.text("SELECT 4"))
            s3 = Maker()
            s3.execute(sqlalchemy.text("SELECT 5"))
            c3 = engine.connect()
            c3.execute(sqlalchemy.text("SELECT 6"))


        async def asynchronous():
            async with AsyncMaker() as s4:
                await s4.execute(sqlalchemy.text("SELECT 7"))
            async with aengine.begin() as c4:
                await c4.execute(sqlalchemy.text("SELECT 8"))
        """,
        ID,
    )


def test_a_module_level_connection_used_in_a_function() -> None:
    assert_rewrites(
        """\
        from sqlalchemy import create_engine, text

        conn = create_engine("sqlite://").connect()


        def f():
            return conn.execute("SELECT 1")
        """,
        """\
        from sqlalchemy import create_engine, text

        conn = create_engine("sqlite://").connect()


        def f():
            return conn.execute(text("SELECT 1"))
        """,
        ID,
    )


@pytest.mark.parametrize(
    "source",
    [
        # DB-API drivers take strings
        "import sqlite3\nconn = sqlite3.connect('x')\nconn.execute('SELECT 1')\nconn.cursor().execute('SELECT 2')\n",
        "import sqlite3\ncur = sqlite3.connect('x').cursor()\ncur.execute('SELECT 1')\n",
        "import psycopg2\nwith psycopg2.connect('') as conn:\n    conn.cursor().execute('SELECT 1')\n",
        "import asyncpg\nasync def f():\n    conn = await asyncpg.connect('')\n    await conn.execute('SELECT 1')\n",
        # Alembic's op.execute and exec_driver_sql take strings
        "from alembic import op\nop.execute('UPDATE a SET b = 1')\nop.get_bind().exec_driver_sql('SELECT 1')\n",
        "from alembic import op\nconn = op.get_bind()\nconn.exec_driver_sql('SELECT 1')\n",
        # origin unknown: parameters without annotation, attributes, imported engines and sessions
        "def f(session):\n    session.execute('SELECT 1')\n",
        "def f(self):\n    self.session.execute('SELECT 1')\n",
        "from app.db import engine\nwith engine.connect() as conn:\n    conn.execute('SELECT 1')\n",
        "from app.db import SessionLocal\nwith SessionLocal() as s:\n    s.execute('SELECT 1')\n",
        "from app.db import session\nsession.execute('SELECT 1')\n",
        # begin() outside `with` is a context manager, not a connection
        "import sqlalchemy as sa\nengine = sa.create_engine('x')\nc = engine.begin()\nc.execute('SELECT 1')\n",
        # two origins, one of them not SQLAlchemy's
        (
            "import sqlite3\nimport sqlalchemy as sa\ndef f(flag):\n    conn = sa.create_engine('x').connect()\n"
            "    if flag:\n        conn = sqlite3.connect('y')\n    conn.execute('SELECT 1')\n"
        ),
        # names that only share the spelling
        "from cassandra.cluster import Session\ndef f(session: Session):\n    session.execute('SELECT 1')\n",
        "class Session:\n    pass\ndef f(session: Session):\n    session.execute('SELECT 1')\n",
        "def f(Session, engine):\n    with Session(engine) as s:\n        s.execute('SELECT 1')\n",
        # not a plain str literal as first argument
        (
            "from sqlalchemy import text\nfrom sqlalchemy.orm import Session\ndef f(s: Session, q):\n"
            "    s.execute(text('SELECT 1'))\n    s.execute(q)\n    s.execute(b'SELECT 2')\n"
            "    s.execute(statement='SELECT 3')\n    s.execute()\n"
        ),
        "from sqlalchemy.orm import Session\ndef f(s: Session):\n    s.query.execute('SELECT 1')\n    s.execute_many('SELECT 2')\n",
    ],
)
def test_left_alone(source: str) -> None:
    assert_unchanged(source, ID)
    assert findings(source) == []


# --- the string and the text() name --------------------------------------------------------------


def test_concatenated_triple_quoted_and_prefixed_strings_keep_their_layout() -> None:
    assert_rewrites(
        '''\
        from sqlalchemy import text
        from sqlalchemy.orm import Session


        def f(db: Session):
            db.execute("SELECT a "
                       "FROM t")
            db.execute(
                # the report
                ("SELECT b "
                 "FROM t"),
                {"x": 1},
            )
            db.execute("SELECT c " + 'FROM t')
            db.execute(r"""
                SELECT d FROM t WHERE e LIKE '\\_%'
            """)
            db.execute(u'SELECT e')
        ''',
        '''\
        from sqlalchemy import text
        from sqlalchemy.orm import Session


        def f(db: Session):
            db.execute(text("SELECT a "
                            "FROM t"))
            db.execute(
                # the report
                text("SELECT b "
                     "FROM t"),
                {"x": 1},
            )
            db.execute(text("SELECT c " + 'FROM t'))
            db.execute(text(r"""
                SELECT d FROM t WHERE e LIKE '\\_%'
            """))
            db.execute(text(u'SELECT e'))
        ''',
        ID,
    )


def test_text_import_reuses_aliases_and_avoids_shadowed_names() -> None:
    assert_rewrites(
        """\
        from sqlalchemy import text as sql
        from sqlalchemy.orm import Session


        def f(db: Session):
            db.execute("SELECT 1")
        """,
        """\
        from sqlalchemy import text as sql
        from sqlalchemy.orm import Session


        def f(db: Session):
            db.execute(sql("SELECT 1"))
        """,
        ID,
    )
    assert_rewrites(
        """\
        from sqlalchemy.orm import Session


        def f(db: Session, text: str):
            db.execute("SELECT 1")
        """,
        """\
        import sqlalchemy
        from sqlalchemy.orm import Session


        def f(db: Session, text: str):
            db.execute(sqlalchemy.text("SELECT 1"))
        """,
        ID,
    )


def test_no_spelling_of_text_is_free_reports() -> None:
    source = """\
    from sqlalchemy.orm import Session


    def f(db: Session, text, sqlalchemy):
        db.execute("SELECT 1")
    """
    assert_unchanged(source, ID)
    assert findings(source) == [
        (ID, 5, "plain SQL string passed to db.execute(): wrap it in sqlalchemy.text() (the names text and sqlalchemy are taken here)")
    ]


# --- reported, not rewritten -------------------------------------------------------------------


def test_sql_built_from_values_is_reported() -> None:
    source = """\
    from sqlalchemy.orm import Session


    def f(db: Session, name, table):
        db.execute(f"SELECT * FROM users WHERE name = '{name}'")
        db.execute("SELECT * FROM {}".format(table))
        db.execute("SELECT * FROM users WHERE name = '%s'" % name)
        db.execute(("SELECT * FROM " + table))
        db.execute("SELECT 1 " f"FROM {table}")
    """
    assert_unchanged(source, ID)
    message = (
        "SQL built from values passed to db.execute(): SQL injection risk; "
        'use bound parameters: text("... :name"), {"name": value}'
    )
    assert findings(source) == [(ID, line, message) for line in (5, 6, 7, 8, 9)]


def test_db_api_placeholders_with_parameters_are_reported() -> None:
    source = """\
    from sqlalchemy import Connection


    def f(conn: Connection, user_id):
        conn.execute("SELECT * FROM users WHERE id = %s", (user_id,))
        conn.execute("SELECT * FROM users WHERE id = ?", [user_id])
        conn.execute("SELECT * FROM users WHERE id = %(id)s", {"id": user_id})
    """
    assert_unchanged(source, ID)
    message = (
        "SQL with DB-API placeholders passed to conn.execute(): text() binds :name parameters; "
        "use exec_driver_sql() or rewrite the placeholders"
    )
    assert findings(source) == [(ID, line, message) for line in (5, 6, 7)]


def test_suppressions() -> None:
    assert_unchanged(
        """\
        from sqlalchemy.orm import Session


        def f(db: Session):
            db.execute("SELECT 1")  # fastfix: ignore[sqlalchemy-text]
            db.execute(
                "SELECT 2",
            )  # fastfix: ignore
            db.execute(f"SELECT {db}")  # fastfix: ignore[sqlalchemy-text]
        """,
        ID,
    )
    assert findings('from sqlalchemy.orm import Session\ndef f(db: Session):\n    db.execute(f"{db}")  # fastfix: ignore\n') == []


def test_change_is_described_on_its_line() -> None:
    result = run(b"from sqlalchemy.orm import Session\n\n\ndef f(db: Session):\n    db.execute('SELECT 1')\n", codemods_for([ID]))
    assert [(change.codemod, change.line, change.description) for change in result.changes] == [
        (ID, 5, "a plain SQL string in db.execute() fails on SQLAlchemy 2: wrap it in text()")
    ]


# --- runtime: the original fails on SQLAlchemy 2, the rewrite runs ---------------------------------

SYNC_APP = '''\
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(bind=engine)


def setup():
    with engine.begin() as conn:
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price INTEGER)")
        conn.execute(
            "INSERT INTO items (name, price) VALUES (:name, :price)",
            [{"name": "apple", "price": 3}, {"name": "pear", "price": 5}],
        )


def names(session: Session) -> list:
    return session.execute("SELECT name FROM items ORDER BY name").scalars().all()


def cheaper_than(limit: int) -> list:
    with SessionLocal() as session:
        return session.execute(
            """
            SELECT name FROM items
             WHERE price < :limit
            """,
            {"limit": limit},
        ).scalars().all()
'''

ASYNC_APP = '''\
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


async def setup():
    async with engine.begin() as conn:
        await conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, price INTEGER)")
        await conn.execute("INSERT INTO items (price) VALUES (:price)", [{"price": 3}, {"price": 5}])


async def total(session: AsyncSession) -> int:
    result = await session.execute("SELECT sum(price) FROM items WHERE price > :floor", {"floor": 1})
    return result.scalar_one()


async def main():
    try:
        await setup()
        async with SessionLocal() as session:
            return await total(session)
    finally:
        await engine.dispose()
'''


def _load(source: str, url: str, path: Path) -> dict:
    """Run a module's source with DATABASE_URL set and return its globals."""
    path.write_text(source)
    return runpy.run_path(str(path), init_globals={"DATABASE_URL": url})


def test_runtime_sync_session_and_connection(tmp_path: Path) -> None:
    from sqlalchemy.exc import ArgumentError, ObjectNotExecutableError
    from sqlalchemy.orm import Session

    original = _load(SYNC_APP, f"sqlite:///{tmp_path / 'before.db'}", tmp_path / "before.py")
    with pytest.raises(ObjectNotExecutableError):
        original["setup"]()  # Connection.execute("...")
    with original["engine"].begin() as conn:
        conn.exec_driver_sql("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price INTEGER)")
    with Session(original["engine"]) as session, pytest.raises(ArgumentError, match="text"):
        original["names"](session)  # Session.execute("...")
    with pytest.raises(ArgumentError):
        original["cheaper_than"](4)

    rewritten = rewrite(SYNC_APP, ID)
    assert rewritten.count("text(") == 4 and rewritten.startswith("from sqlalchemy import create_engine, text\n")
    fixed = _load(rewritten, f"sqlite:///{tmp_path / 'after.db'}", tmp_path / "after.py")
    fixed["setup"]()
    with Session(fixed["engine"]) as session:
        assert fixed["names"](session) == ["apple", "pear"]
    assert fixed["cheaper_than"](4) == ["apple"]
    fixed["engine"].dispose()
    original["engine"].dispose()


def test_runtime_async_session_with_aiosqlite(tmp_path: Path) -> None:
    from sqlalchemy.exc import ArgumentError

    original = _load(ASYNC_APP, f"sqlite+aiosqlite:///{tmp_path / 'before.db'}", tmp_path / "before.py")
    with pytest.raises(ArgumentError):
        asyncio.run(original["main"]())

    rewritten = rewrite(ASYNC_APP, ID)
    assert rewritten.count("text(") == 3
    fixed = _load(rewritten, f"sqlite+aiosqlite:///{tmp_path / 'after.db'}", tmp_path / "after.py")
    assert asyncio.run(fixed["main"]()) == 8
