"""The two-stage prefilter (fastfix/prefilter.py): for each rule, a file it changes or reports on,
which the prefilter must keep it for, and near misses, which it drops. Every case is also run
through the pipeline with the prefilter off, so a kept case shows the rule really acts there and a
dropped one that it really does not. (test_golden.py compares every golden input with and
without the prefilter; bench/prefilter_oracle.py does it over real code bases.)"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from fastfix.ast_index import build_index
from fastfix.pipeline import FileResult, collect_project, fix_source, survey_source
from fastfix.prefilter import COROUTINE, Selection, calls_to, confirmed, method_calls, select
from fastfix.registry import all_checks, all_codemods
from fastfix.runner import Source, run_sources


def rules(ids: tuple[str, ...], settings: dict[str, dict[str, Any]] | None = None) -> list[Any]:
    """The named codemods and checks, configured, in the order the pipeline runs them."""
    settings = settings or {}
    return [rule(settings.get(rule.id)) for rule in (*all_codemods(), *all_checks()) if rule.id in ids]


def decide(
    source: str, ids: tuple[str, ...], module: str = "app.main", others: dict[str, str] | None = None, **settings: Any
) -> tuple[set[str], Selection, set[str]]:
    """The rules that change or report something in the file with the prefilter off, what the
    prefilter decides for it, and the rules that act on it in a run as the CLI makes it (a survey
    of every file, then the fix); the cross-file facts come from the file and `others` (module: source)."""
    chosen = rules(ids, settings)
    text = textwrap.dedent(source)
    files = {**(others or {}), module: text}
    project = collect_project([(textwrap.dedent(body).encode(), name) for name, body in files.items()], chosen)
    result = fix_source(text.encode(), "example.py", chosen, module=module, project=project, prefilter=False)
    assert result.error is None, str(result.error)
    sources = [Source(f"{name}.py", name, textwrap.dedent(body).encode()) for name, body in files.items()]
    in_run = run_sources(sources, chosen).results[-1]
    return _acting(result), select(chosen, text, module, project), _acting(in_run)


def _acting(result: FileResult) -> set[str]:
    return {change.codemod for change in result.changes} | {finding.rule for finding in result.findings}


def kept(rule: str, source: str, *others: str, **options: Any) -> None:
    acting, selection, in_run = decide(source, (rule, *others), **options)
    assert rule in acting, f"{rule} does not act on the case: not a case to keep"
    assert rule in {r.id for r in selection.active}, f"the prefilter drops {rule} for a file it acts on"
    assert rule in in_run, f"a run drops {rule} for a file it acts on"


def dropped(rule: str, source: str, stage: str, *others: str, **options: Any) -> None:
    """`stage` is where the prefilter drops it: "text" (stage 1) or "ast" (stage 2)."""
    acting, selection, _ = decide(source, (rule, *others), **options)
    assert rule not in acting, f"{rule} acts on the case: not a near miss"
    assert rule not in {r.id for r in selection.active}, f"the prefilter keeps {rule} for a near miss"
    assert (rule in {r.id for r in selection.passed_text}) == (stage == "ast"), f"not dropped by stage {stage}"


# --- names through the imports ----------------------------------------------------------------


def test_an_aliased_sleep_in_a_coroutine_is_kept() -> None:
    kept("async-sleep", """\
        from time import sleep as nap


        async def poll():
            nap(1)
        """)


def test_a_module_alias_is_kept() -> None:
    kept("async-sleep", """\
        import time as t


        async def poll():
            t.sleep(1)
        """)


def test_sleep_in_a_plain_def_next_to_a_coroutine_is_dropped_by_the_ast() -> None:
    dropped("async-sleep", """\
        import time


        def wait():
            time.sleep(1)


        async def other():
            pass
        """, "ast")


def test_sleep_in_a_function_nested_in_a_coroutine_is_dropped() -> None:
    dropped("async-sleep", """\
        import time


        async def poll():
            def wait():
                time.sleep(1)
            return wait
        """, "ast")


def test_sleep_in_a_lambda_or_class_in_a_coroutine_is_dropped() -> None:
    dropped("async-sleep", """\
        import time


        async def poll():
            wait = lambda: time.sleep(1)
            class Waiter:
                pause = time.sleep(0)
            return wait, Waiter
        """, "ast")


def test_an_attribute_that_only_ends_like_the_name_is_dropped() -> None:
    dropped("async-sleep", """\
        async def poll(self):
            self.time.sleep(1)
        """, "ast")


def test_sleep_without_a_coroutine_in_the_file_is_dropped_by_the_text() -> None:
    dropped("async-sleep", """\
        import time


        def wait():
            time.sleep(1)  # not async here
        """, "text")


@pytest.mark.parametrize("call", ["(time.sleep  # a comment (\n    (1))", "time.sleep \\\n    (1)", "(time.\n    sleep\n    (1))"])
def test_a_call_split_over_lines_comments_and_continuations_is_kept(call: str) -> None:
    kept("async-sleep", "import time\n\n\nasync def poll():\n    " + call + "\n")


def test_a_name_from_a_relative_import_in_its_own_package_is_kept() -> None:
    kept("sqlalchemy-text", """\
        from .session import Session


        def count(db: Session):
            return db.execute("SELECT count(*) FROM items")
        """, module="sqlalchemy.orm.helpers")


def test_a_module_used_without_an_import_resolves_to_itself_and_is_kept() -> None:
    kept("blocking-to-thread", """\
        async def fetch(url):
            return requests.get(url)
        """)


# --- codemods ----------------------------------------------------------------------------------


def test_a_function_imported_from_requests_in_a_coroutine_is_kept() -> None:
    kept("blocking-to-thread", """\
        from requests import get


        async def fetch(url):
            return get(url).json()
        """)


def test_a_function_imported_from_requests_in_a_plain_def_is_dropped() -> None:
    dropped("blocking-to-thread", """\
        from requests import get


        def fetch(url):
            return get(url).json()


        async def ping():
            pass
        """, "ast")


def test_requests_named_only_in_prose_is_dropped_by_the_text() -> None:
    dropped("blocking-to-thread", '''\
        async def serve(cache, key):
            """Serve the cached answer to repeated requests.
            Nothing here calls out."""
            return cache.get(key)
        ''', "text")


def test_names_added_with_the_extend_setting_are_kept() -> None:
    kept("blocking-to-thread", """\
        import mylib


        async def fetch():
            return mylib.fetch_all()
        """, **{"blocking-to-thread": {"extend": ["mylib.fetch_all"]}})


def test_a_method_of_an_object_made_by_a_blocking_constructor_is_kept() -> None:
    kept("blocking-to-thread", """\
        import sqlite3


        async def read():
            connection = sqlite3.connect("db.sqlite", check_same_thread=False)
            return connection.execute("SELECT 1").fetchall()
        """)


def test_with_open_in_a_coroutine_is_kept_and_in_a_plain_def_dropped() -> None:
    kept("blocking-io-block", """\
        async def read(path):
            with open(path) as f:
                data = f.read()
            return data
        """)
    dropped("blocking-io-block", """\
        def read(path):
            with open(path) as f:
                data = f.read()
            return data


        async def other(lock):
            async with lock:
                pass
        """, "ast")


def test_path_io_needs_pathlib() -> None:
    kept("blocking-io-block", """\
        from pathlib import Path


        async def read(name: str):
            return Path(name).read_text()
        """)
    dropped("blocking-io-block", """\
        async def read(blob):
            return blob.read_text()
        """, "text")


def test_executor_calls_in_a_coroutine_are_kept_in_a_plain_def_dropped() -> None:
    kept("executor-to-thread", """\
        import asyncio


        async def run(fn):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, fn)
        """)
    dropped("executor-to-thread", """\
        import asyncio


        def run(fn, loop):
            return loop.run_in_executor(None, fn)


        async def other():
            pass
        """, "ast")


def test_get_event_loop_aliased_in_a_coroutine_is_kept_at_module_level_dropped() -> None:
    kept("running-loop", """\
        from asyncio import get_event_loop as current


        async def now():
            return current().time()
        """)
    dropped("running-loop", """\
        import asyncio

        loop = asyncio.get_event_loop()


        async def now():
            return 1
        """, "ast")


def test_perf_counter_needs_a_timer_assigned_in_a_function() -> None:
    kept("perf-counter", """\
        import time as t


        def job(work):
            start = t.time()
            work()
            return t.time() - start
        """)
    kept("perf-counter", """\
        from time import time as now


        def job(work):
            start = now()
            work()
            return now() - start
        """)
    dropped("perf-counter", """\
        import time


        def stamp():
            return {"at": time.time()}
        """, "text")
    dropped("perf-counter", """\
        import time


        class Job:
            def start(self):
                self.started = time.time()
        """, "text")  # an attribute, not a name
    dropped("perf-counter", """\
        import time


        def start():
            started = stamped = time.time()
            return started, stamped
        """, "ast")  # two names


@pytest.mark.parametrize(
    "assignment",
    ["start: float = time.time()", "start: \\\n        numbers.Real = time.time()", "start = \\\n        time.time()"],
)
def test_perf_counter_stage_1_keeps_what_stage_2_keeps(assignment: str) -> None:
    source = f"import numbers\nimport time\n\n\ndef job(work):\n    {assignment}\n    work()\n    return time.time() - start\n"
    query = rules(("perf-counter",))[0].prefilter
    index = build_index(source)
    assert index is not None and query.match(index, "", frozenset())
    assert query.text(source, "", frozenset())
    dropped("perf-counter", """\
        import datetime
        import time

        STARTED = time.time()


        def midnight():
            value = datetime.time()
            return value
        """, "ast")


def test_a_dependency_defined_in_one_file_and_injected_in_another_is_kept() -> None:
    routes = """\
        from fastapi import Depends

        from app.db import get_db


        def index(db=Depends(get_db)):
            return db
        """
    db = """\
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker()


        def get_db():
            db = SessionLocal()
            return db
        """
    kept("dependency-cleanup", db, module="app.db", others={"app.routes": routes})
    # the same function where the facts do not name it: another module, or no Depends anywhere
    dropped("dependency-cleanup", db, "text", module="app.other", others={"app.routes": routes})
    dropped("dependency-cleanup", db, "text", module="app.db")
    decorated = "from functools import cache\n" + textwrap.dedent(db).replace("def get_db", "@cache\ndef get_db")
    dropped("dependency-cleanup", decorated, "ast", module="app.db", others={"app.routes": routes})


def test_middleware_dispatch_is_kept_for_both_codemods() -> None:
    source = """\
        from starlette.middleware.base import BaseHTTPMiddleware


        class Timing(BaseHTTPMiddleware):
            def dispatch(self, request, call_next):
                response = call_next(request)
                return response
        """
    kept("async-dispatch", source)
    kept("await-call-next", source, "async-dispatch")


def test_a_subclass_of_a_subclass_in_the_same_file_is_kept() -> None:
    kept("async-dispatch", """\
        from starlette.middleware import base


        class Logged(base.BaseHTTPMiddleware):
            pass


        class Timed(Logged):
            def dispatch(self, request, handler):
                return handler(request)
        """)


def test_a_dispatch_next_to_base_http_middleware_in_another_class_is_dropped() -> None:
    source = """\
        from starlette.middleware.base import BaseHTTPMiddleware

        MIDDLEWARE = [BaseHTTPMiddleware]


        class Router:
            def dispatch(self, request, handler):
                return handler(request)
        """
    dropped("async-dispatch", source, "ast")
    dropped("await-call-next", source, "ast")


def test_a_dispatch_method_of_another_class_is_dropped() -> None:
    source = """\
        class Router:
            def dispatch(self, request, handler):
                return handler(request)
        """
    dropped("async-dispatch", source, "text")
    dropped("await-call-next", source, "text")


def test_an_http_middleware_function_is_kept() -> None:
    kept("await-call-next", """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.middleware("http")
        async def add_header(request, handler):
            response = handler(request)
            return response
        """)


def test_blocking_calls_in_a_dispatch_that_async_dispatch_makes_a_coroutine_are_kept() -> None:
    # no `async` anywhere: the coroutine exists only once async-dispatch has run
    source = """\
        import time

        from starlette.middleware.base import BaseHTTPMiddleware


        class Slow(BaseHTTPMiddleware):
            def dispatch(self, request, call_next):
                time.sleep(1)
                return call_next(request)
        """
    kept("async-sleep", source, "async-dispatch")


def test_file_io_in_a_startup_handler_that_lifespan_moves_into_a_coroutine_is_kept() -> None:
    source = """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.on_event("startup")
        def load():
            open("settings.json").close()
        """
    kept("blocking-file-io", source, "lifespan")


def test_lifespan_keeps_handlers_added_with_add_event_handler() -> None:
    # reported, not rewritten: the tokens once held only `on_event`, and skipped this file
    kept("lifespan", """\
        from fastapi import FastAPI

        app = FastAPI()


        def load():
            pass


        app.add_event_handler("startup", load)
        """)


def test_lifespan_drops_a_registration_on_something_else() -> None:
    dropped("lifespan", """\
        class App:
            def on_event(self, event_type):
                return self.router.on_event(event_type)
        """, "text")
    dropped("lifespan", '''\
        from fastapi import FastAPI


        def attach(app: FastAPI, kind):
            """Register print on an app: app = FastAPI()."""
            app.router.on_event(kind)(print)
        ''', "text")  # the assignment is in a docstring: not code
    dropped("lifespan", """\
        from fastapi import FastAPI


        def attach(kind):
            app = FastAPI() if kind else None
            app.router.on_event(kind)(print)
        """, "ast")  # the call is not the whole value assigned
    dropped("lifespan", """\
        from fastapi import APIRouter


        class App:
            def __init__(self):
                self.router: APIRouter = APIRouter()

            def on_event(self, event_type: str = "startup"):
                return self.router.on_event(event_type)
        """, "text")  # an attribute assigned (annotated), and a method defined, not called


def test_method_calls_are_calls_of_attributes() -> None:
    dropped("await-call-next", """\
        class Stack:
            def middleware(self, kind="http"):
                return self.add(kind)

            async def run(self):
                pass
        """, "text")  # `def middleware(` is no call of it
    for call in ("app.\\\n    middleware('http')", "(app\n    .middleware('http'))"):
        source = f"from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@{call}\nasync def timed(request, call_next):\n    return call_next(request)\n"
        query = rules(("await-call-next",))[0].prefilter
        index = build_index(source)
        assert index is not None and query.match(index, "", frozenset())
        assert query.text(source, "", frozenset())


def test_sqlalchemy_text_keeps_sessions_and_drops_cursors_and_statements() -> None:
    kept("sqlalchemy-text", """\
        from sqlalchemy.orm import Session


        def count(db: Session):
            return db.execute("SELECT count(*) FROM items")
        """)
    kept("sqlalchemy-text", """\
        from sqlalchemy import create_engine

        engine = create_engine("sqlite://")


        def count(table):
            with engine.connect() as connection:
                return connection.execute(f"SELECT count(*) FROM {table}")
        """)
    dropped("sqlalchemy-text", """\
        from sqlalchemy import create_engine

        engine = create_engine("sqlite://")


        def count(dbapi_connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
        """, "text")  # the text shows what made the cursor
    dropped("sqlalchemy-text", """\
        from sqlalchemy import create_engine

        engine = create_engine("sqlite://")


        def count(dbapi_connection):
            cursor = dbapi_connection.cursor() if dbapi_connection else None
            cursor.execute("SELECT 1")
        """, "ast")  # what made it is not the whole value: only `ast` tells
    dropped("sqlalchemy-text", """\
        from sqlalchemy import select
        from sqlalchemy.orm import Session


        def names(db: Session, table):
            return db.execute(select(table.c.name, "unused"))
        """, "text")
    dropped("sqlalchemy-text", """\
        from sqlalchemy.orm import Session


        def count(db: Session):
            return db.execute(b"SELECT 1")
        """, "ast")


@pytest.mark.parametrize(
    "lines",
    [
        "with dbapi_connection.cursor() as cursor:\n        cursor.execute('SELECT 1')",
        "with engine.connect() as conn, conn.connection.cursor() as cursor:\n        cursor.execute('SELECT 1')",
        "(cursor := dbapi_connection.cursor()).close()\n    cursor.execute('SELECT 1')",
        "cursor = dbapi_connection.cursor  # a method\n    cursor().execute('SELECT 1')",
        "self.session.execute('SELECT 1')",  # on an attribute, not a plain name
        "dbapi_connection.execute('SELECT 1')",  # a parameter with no annotation
        "def inner(\n        cursor: Optional[Cursor],\n    ) -> Cursor:\n        cursor.execute('SELECT 1')",
    ],
)
def test_sqlalchemy_text_drops_by_the_text_a_receiver_made_or_annotated_otherwise(lines: str) -> None:
    dropped("sqlalchemy-text", f"""\
from typing import Optional

from sqlalchemy import create_engine

from app.db import Cursor

engine = create_engine("sqlite://")


def count(self, dbapi_connection):
    {lines}
""", "text")


@pytest.mark.parametrize(
    "function",
    [
        "def count():\n    db = Session()\n    return db.execute('SELECT 1')",
        "def count():\n    db = other = Session()\n    return db.execute('SELECT 1')",
        "def count():\n    with engine.begin() as db:\n        return db.execute('SELECT 1')",
        "def count():\n    with engine.connect(\n        # from the pool\n    ) as db:\n        return db.execute('SELECT 1')",
        "def count(db: Session):\n    return (\n        db\n        .execute('SELECT 1')\n    )",
    ],
)
def test_sqlalchemy_text_keeps_a_receiver_the_text_may_make_a_session(function: str) -> None:
    kept("sqlalchemy-text", f"""\
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

engine = create_engine("sqlite://")


{function}
""")


@pytest.mark.parametrize(
    "source",
    [
        "def f(db: Session):\n    (db).execute('SELECT 1')",
        "def f():\n    db = engine. \\\n        connect()\n    db.execute('SELECT 1')",
        "def f():\n    db = (engine.connect())\n    db.execute('SELECT 1')",
        "def f():\n    db = pool.get(x).connect()\n    db.execute('SELECT 1')",
        "def f():\n    db = engine.connect(f'{x})').x\n    db = engine.connect()\n    db.execute('SELECT 1')",
        "def f():\n    with engine.connect(f'{x})') as db:\n        db.execute('SELECT 1')",
        "def f():\n    (db) = engine.connect()\n    db.execute('SELECT 1')",
        "def f():\n    if (db := engine.connect()):\n        db.execute('SELECT 1')",
        "(db): Session\ndef f():\n    db.execute('SELECT 1')",
        "def f(\n    db: Session,\n):\n    db \\\n        .execute('SELECT 1')",
        "def f(\n    db: Optional[\n        Session\n    ],\n):\n    db.execute('SELECT 1')",
        "DB: TypeAlias = Session\ndef f(\n    db: DB,\n):\n    db.execute('SELECT 1')",
        "def f(\n    db: sqlalchemy.orm.Session,\n):\n    db.execute('SELECT 1')",
        "def f(\n    db: 'Session',\n):\n    db.execute('SELECT 1')",
    ],
)
def test_sqlalchemy_text_stage_1_keeps_what_stage_2_keeps(source: str) -> None:
    # forms the codemod need not act on, but which stage 2 counts: stage 1 must never be stricter
    source = f"import sqlalchemy.orm\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.orm import Session\n\nengine = create_engine()\n{source}\n"
    query = rules(("sqlalchemy-text",))[0].prefilter
    index = build_index(source)
    assert index is not None and query.match(index, "", frozenset())
    assert query.text(source, "", frozenset())


_SESSION_ANNOTATIONS = [  # (the file's other lines, the annotation of `db`): each declares a session
    ("from sqlalchemy.orm import Session", "Session"),
    ("from sqlalchemy.ext.asyncio import AsyncSession", "AsyncSession"),
    ("from sqlalchemy import orm", "orm.Session"),
    ("from sqlalchemy import orm", '"orm.Session"'),
    ("from sqlalchemy.orm import Session", '"Session"'),
    ("from sqlalchemy.orm import Session", "Optional[Session]"),
    ("from sqlalchemy.orm import Session", "Session | None"),
    ("from sqlalchemy.orm import Session", "Annotated[Session, Depends(get_db)]"),
    ("from sqlalchemy.ext.asyncio import AsyncSession\nDB = Annotated[AsyncSession, Depends(get_db)]", "DB"),
    # an alias of an alias, an alias in an alias
    ("from sqlalchemy.orm import Session\nBase = Annotated[Session, Depends(get_db)]\nDB = Base", "DB"),
    ("from sqlalchemy.orm import Session\nKind = Session\nDB = Annotated[Kind, Depends(get_db)]", "DB"),
    ("from sqlalchemy.orm import Session as S", "S"),
    ("import sqlalchemy.orm", "sqlalchemy.orm.Session"),
]


@pytest.mark.parametrize(("lines", "annotation"), _SESSION_ANNOTATIONS)
def test_sqlalchemy_text_keeps_a_receiver_annotated_as_a_session(lines: str, annotation: str) -> None:
    header = "from typing import Annotated, Optional\n\nfrom fastapi import Depends\n\nfrom app.db import get_db\n"
    kept("sqlalchemy-text", f'{header}{lines}\n\n\ndef count(db: {annotation}):\n    return db.execute("SELECT 1")\n')


@pytest.mark.parametrize("annotation", ["Cursor", "Optional[Cursor]", "DB", "Loop", '"Cursor"'])
def test_sqlalchemy_text_drops_a_receiver_annotated_as_something_else(annotation: str) -> None:
    # a session annotated on another parameter does not make the cursor one, nor an alias of something else
    dropped("sqlalchemy-text", f"""\
        from typing import Annotated, Optional

        from fastapi import Depends
        from sqlalchemy.orm import Session

        from app.db import Cursor, get_cursor

        DB = Annotated[Cursor, Depends(get_cursor)]
        Loop = Again
        Again = Loop


        def count(cursor: {annotation}, db: Session):
            cursor.execute("SELECT 1")
            return db.scalar(cursor.fetchone())
        """, "ast")


def test_annotation_names_read_strings_and_follow_aliases() -> None:
    index = build_index(textwrap.dedent("""\
        A = B
        B = Annotated["orm.Session", Depends(get_db)]
        C = A | None
        Loop = Loop


        def f(db: C, cursor: "a.class.B", other: "Optional['S']", looped: Loop):
            pass
        """))
    assert index is not None
    assert index.annotation_names("db") == {"C", "A", "B", "Annotated", "orm.Session", "Depends", "get_db"}
    assert index.annotation_names("cursor") == {"a.class.B"}  # not code: its dotted words
    assert index.annotation_names("other") == {"Optional", "S"}
    assert index.annotation_names("looped") == {"Loop"}
    assert index.annotation_names("f") == set()


def test_method_calls_receiver_annotated_narrows_the_annotations_that_count() -> None:
    source = "from sqlalchemy.orm import Session as S\ndef f(db: S, cursor: Cursor):\n    {}.execute('SELECT 1')\n"
    session, cursor = build_index(source.format("db")), build_index(source.format("cursor"))
    assert session is not None and cursor is not None
    narrowed = method_calls("execute", receiver_annotated=["sqlalchemy.orm.Session"])
    assert narrowed.match(session, "", frozenset()) and not narrowed.match(cursor, "", frozenset())
    made = method_calls("execute", receiver_made_by=["connect"], receiver_annotated=["sqlalchemy.orm.Session"])
    assert not made.match(cursor, "", frozenset())
    assert method_calls("execute", receiver_made_by=["connect"]).match(cursor, "", frozenset()), "any annotation counts"


def test_sqlalchemy_text_keeps_sql_built_from_a_string_and_drops_strings_in_calls() -> None:
    for sql in ('("SELECT * FROM " + table)', 'wrap(")") + " WHERE 1"', '"SELECT {}".format(table)'):
        kept("sqlalchemy-text", f"""\
            from sqlalchemy.orm import Session


            def rows(db: Session, table):
                return db.execute({sql})
            """)
    for sql in ('text("SELECT 1")', 'DDL("DROP TABLE x")', 'text(")"), "x"', "query.format(table)"):
        dropped("sqlalchemy-text", f"""\
            from sqlalchemy import DDL, text
            from sqlalchemy.orm import Session


            def rows(db: Session, table, query):
                return db.execute({sql})
            """, "text")


def test_sqlalchemy_text_drops_a_call_in_a_comment() -> None:
    dropped("sqlalchemy-text", """\
        from sqlalchemy.orm import Session


        def count(db: Session, query):
            return db.scalar(query)  # was: db.execute("SELECT 1")
        """, "text")


def test_async_sessionmaker_needs_a_call() -> None:
    kept("async-sessionmaker", """\
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import sessionmaker

        Maker = sessionmaker(class_=AsyncSession)
        """)
    dropped("async-sessionmaker", """\
        from sqlalchemy.ext.asyncio import AsyncSession

        # was: Maker = sessionmaker(class_=AsyncSession)
        Maker = None
        """, "text")
    dropped("async-sessionmaker", """\
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import sessionmaker

        # was: Maker = sessionmaker(class_=AsyncSession)
        Maker = sessionmaker
        """, "text")  # the only call is in a comment
    dropped("async-sessionmaker", """\
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import sessionmaker

        Maker = sessionmaker
        Other = factories.sessionmaker(class_=AsyncSession)
        """, "ast")  # a call of another sessionmaker


_WEBSOCKET = """\
    from fastapi import FastAPI, WebSocket

    app = FastAPI()


    @app.websocket("/ws")
    async def echo(websocket: WebSocket):
        await websocket.accept()
        while True:
            message = await websocket.receive_text()
            await websocket.send_text(message)
    """


@pytest.mark.parametrize("rule", ["websocket-disconnect", "websocket-no-disconnect"])
def test_websocket_endpoints_need_accept_and_receive(rule: str) -> None:
    kept(rule, _WEBSOCKET)
    dropped(rule, _WEBSOCKET.replace("await websocket.accept()", "pass"), "text")


def test_sync_endpoint_needs_a_blocking_call_in_an_async_path_operation() -> None:
    source = """\
        import time

        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/")
        async def index():
            time.sleep(1)
            return {}
        """
    kept("sync-endpoint", source)
    dropped("sync-endpoint", source.replace("time.sleep(1)", "pass"), "text")
    helper = textwrap.dedent(source).replace("time.sleep(1)", "wait()") + "\n\ndef wait():\n    time.sleep(1)\n"
    dropped("sync-endpoint", helper, "ast")


# --- checks --------------------------------------------------------------------------------------


def test_checks_keep_what_they_report_and_drop_near_misses() -> None:
    kept("async-engine-echo", """\
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine("postgresql+asyncpg://db", echo=True)
        """)
    dropped("async-engine-echo", """\
        from sqlalchemy import create_engine

        engine = create_engine("sqlite://", echo=True)
        """, "text")
    kept("asynccontextmanager-sync-def", """\
        from contextlib import asynccontextmanager


        @asynccontextmanager
        def lifespan(app):
            yield
        """)
    dropped("asynccontextmanager-sync-def", """\
        from contextlib import asynccontextmanager, contextmanager


        @contextmanager
        def lifespan(app):
            yield
        """, "ast")
    dropped("asynccontextmanager-sync-def", """\
        from contextlib import asynccontextmanager


        @asynccontextmanager
        async def lifespan(app):
            yield
        """, "ast", "sync-endpoint")
    kept("uvicorn-reload", """\
        import uvicorn

        uvicorn.run("app:app", reload=True)
        """)
    dropped("uvicorn-reload", """\
        import uvicorn

        config = uvicorn.Config("app:app", reload=True)
        """, "text")
    kept("base-http-middleware", """\
        from starlette.middleware.base import BaseHTTPMiddleware


        class Size(BaseHTTPMiddleware):
            async def dispatch(self, request, call_next):
                response = await call_next(request)
                chunks = [chunk async for chunk in response.body_iterator]
                return response
        """)


def test_blocking_file_io_in_a_coroutine_is_kept_in_a_lambda_dropped() -> None:
    kept("blocking-file-io", """\
        import os


        async def files(path):
            return os.listdir(path)
        """)
    dropped("blocking-file-io", """\
        import os


        async def files(path):
            return lambda: os.listdir(path)
        """, "ast")


def test_a_process_pool_made_at_module_level_and_waited_for_in_a_coroutine_is_kept() -> None:
    source = """\
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor()


        async def squares(numbers):
            return list(pool.map(abs, numbers))
        """
    kept("process-pool-in-async", source)
    dropped("process-pool-in-async", source.replace("ProcessPoolExecutor", "ThreadPoolExecutor"), "text")


def test_path_operation_checks() -> None:
    kept("sync-db-in-async", """\
        import sqlite3

        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/")
        async def index():
            return sqlite3.connect("db.sqlite").execute("SELECT 1").fetchall()
        """)
    dropped("sync-db-in-async", """\
        import sqlite3

        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/")
        def index():
            return sqlite3.connect("db.sqlite").execute("SELECT 1").fetchall()


        async def other():
            pass
        """, "ast")
    kept("unbounded-query", """\
        from fastapi import FastAPI
        from sqlalchemy.orm import Session

        app = FastAPI()


        @app.get("/users")
        def users(db: Session):
            return db.query(User).all()
        """)
    dropped("unbounded-query", """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/users")
        def users(db):
            return db.query(User).all()
        """, "text")


def test_dependency_returns_none_uses_the_facts() -> None:
    source = """\
        from fastapi import Depends


        def current_user(token: str):
            print(token)


        def index(user=Depends(current_user)):
            return user
        """
    kept("dependency-returns-none", source)
    dropped("dependency-returns-none", source.replace("user=Depends(current_user)", "user=None"), "text")


# --- the engine ---------------------------------------------------------------------------------


def test_a_file_ast_cannot_parse_is_not_filtered_by_stage_two() -> None:
    # `type X = ...` is Python 3.12: under an older Python `ast` fails, fissix parses it
    text = "import time\n\ntype Seconds = float\n\n\ndef wait():\n    time.sleep(1)\n\n\nasync def other():\n    pass\n"
    selection = select(rules(("async-sleep",)), text)
    if build_index(text) is None:
        assert not selection.indexed
        assert [rule.id for rule in selection.active] == ["async-sleep"]
    broken = "import time\n\nasync def poll(:\n    time.sleep(1)\n"
    assert build_index(broken) is None
    assert [rule.id for rule in select(rules(("async-sleep",)), broken).active] == ["async-sleep"]
    result = fix_source(broken.encode(), "broken.py", rules(("async-sleep",)))
    assert result.error is not None  # fissix read it and reported it


def test_a_first_look_leaves_a_rule_on_the_facts_pending_on_the_names_it_asks_about() -> None:
    """Before the facts are collected, dependency-cleanup cannot be decided: it waits on the
    functions the file defines, without making the file worth an `ast` index."""
    db = "def get_db():\n    db = SessionLocal()\n    return db\n\n\ndef helper():\n    return 1\n"
    chosen = rules(("dependency-cleanup", "async-sleep"))
    first = select(chosen, db, "app.db", facts_known=False)
    assert first.pending == {"dependency-cleanup": frozenset({"get_db", "helper"})}
    assert first.active == [] and not first.indexed
    assert confirmed(first.pending, "app.db", {"dependency-cleanup": frozenset({"app.db.get_db"})}) == ["dependency-cleanup"]
    assert confirmed(first.pending, "app.db", {"dependency-cleanup": frozenset({"app.other.get_db"})}) == []
    assert confirmed(first.pending, "app.db", {}) == []
    # a rule that does not ask about the facts is decided as usual, with the index
    sleeper = "import time\n\n\nasync def poll():\n    time.sleep(1)\n    return 1\n"
    first = select(chosen, sleeper, "app.poll", facts_known=False)
    assert [rule.id for rule in first.active] == ["async-sleep"] and first.indexed
    assert first.pending == {"dependency-cleanup": frozenset({"poll"})}


def test_a_survey_keeps_a_pending_rule_that_the_files_own_facts_confirm() -> None:
    """The run's facts can only add to the file's own: what they confirm is kept at once."""
    chosen = rules(("dependency-cleanup", "async-sleep"))
    db = "from fastapi import Depends\n\n\ndef get_db():\n    return 1\n\n\ndef index(db=Depends(get_db)):\n    return db\n"
    survey = survey_source(db.encode(), "app/db.py", chosen, "app.db")
    assert survey.kept == ("dependency-cleanup",) and survey.pending == {}
    elsewhere = db.replace("def get_db", "def get_session").replace("(get_db)", "(other.get_db)")
    survey = survey_source(elsewhere.encode(), "app/db.py", chosen, "app.db")
    assert survey.kept == () and survey.pending == {"dependency-cleanup": frozenset({"get_session", "index"})}


def test_prefilter_off_runs_every_rule_on_every_file() -> None:
    data = b"def broken(:\n    pass\n"  # no rule's tokens: skipped with the prefilter, parsed without
    assert fix_source(data, "x.py", rules(("async-sleep",))).error is None
    assert fix_source(data, "x.py", rules(("async-sleep",)), prefilter=False).error is not None


def test_the_index_places_calls_where_they_run() -> None:
    index = build_index(textwrap.dedent("""\
        import time as t
        from asyncio import sleep as pause

        t.a()


        async def outer(x=t.b()):
            t.c()
            [t.d() for _ in range(2)]
            f = lambda: t.e()

            @t.f()
            def inner():
                t.g()

            class Inner:
                t.h()


        class Middleware:
            def dispatch(self):
                t.i()
        """))
    assert index is not None
    assert index.imports == {"t": {"time"}, "pause": {"asyncio.sleep"}}
    coroutine, function, elsewhere = 4, 2, 1
    places = {name[2:]: where for name, where in index.calls.items() if name.startswith("t.")}
    assert places == {
        "a": elsewhere, "b": elsewhere, "c": coroutine, "d": coroutine, "e": elsewhere, "f": coroutine,
        "g": function, "h": elsewhere, "i": coroutine,
    }
    assert index.spellings("asyncio.sleep") == {"asyncio.sleep", "pause"}


# (source, whether stage 1 of the query passes), for `method_calls("execute", string_argument=True)`
_SQL_CASES = [
    ('db: Session\ndb.execute(text("SELECT 1"))', False),  # a call: `_stringy` does not look inside
    ('db: Session\ndb.execute(DDL("x"))', False),
    ('db: Session\ndb.execute(rows[")"] or {"(": 1}, "x")', False),  # a subscript, a dict; a comma at its level
    ('db: Session\ndb.execute(text(")"), "x")', False),  # a bracket in a string does not count
    ('db: Session\ndb.execute(text("""a)""" # ")\n), "x")', False),  # nor one in a comment
    ("db: Session\ndb.execute(query.format(x))", False),
    ('db: Session\ndb.execute(("SELECT " + x))', True),  # grouping parentheses
    ('db: Session\ndb.execute("a" % b)', True),
    ('db: Session\ndb.execute("SELECT {}".format(x))', True),
    ('db: Session\ndb.execute(wrap(")") + "x")', True),
    ('db: Session\ndb.execute(wrap(f"{x}"))', True),  # an f-string in a skipped call: cannot tell
    ("db: Session\ndb.execute(wrap(", True),  # the text ends in a skipped call: cannot tell
    ('db: Session\nx = 1  # db.execute("SELECT 1")', False),  # a comment
    ('db: Session\nx = "#"; db.execute("SELECT 1")', True),
    ('db: Session\nsql = f"""\n# {db.execute("SELECT 1")}"""', True),  # a `#` in a string, then a field
]


@pytest.mark.parametrize(("source", "passes"), _SQL_CASES)
def test_method_calls_needs_a_string_argument_in_the_text(source: str, passes: bool) -> None:
    query = method_calls("execute", string_argument=True)
    assert query.text(source, "", frozenset()) == passes
    index = build_index(source)
    assert index is None or not query.match(index, "", frozenset()) or passes, "the text condition is not a necessary one"


def test_a_query_is_a_necessary_condition_on_the_text_too() -> None:
    query = calls_to("time.sleep", where=COROUTINE)
    assert query.text("import time\nasync def f():\n    time.sleep(1)\n", "", frozenset())
    assert not query.text("import time\ndef f():\n    time.sleep(1)\n", "", frozenset())
    assert not query.text("async def f(time):\n    time.wait(1)\n", "", frozenset())
    # `sleep` only in prose: no call, no import that renames it
    assert not query.text('import time\nasync def f():\n    """time to sleep."""\n', "", frozenset())
