"""lifespan: on_event startup/shutdown handlers of a module-level app become one lifespan."""

from __future__ import annotations

import runpy
import textwrap
import warnings
from pathlib import Path

import pytest

from tests.helpers import assert_rewrites, assert_unchanged, codemods_for, rewrite, run

RUNTIME_APP = """
    import asyncio

    from fastapi import FastAPI

    events = []
    app = FastAPI(title="Runtime")


    @app.on_event("startup")
    def read_config():
        events.append("startup 1: sync")


    @app.on_event("startup")
    async def open_pool():
        await asyncio.sleep(0)
        events.append("startup 2: async")


    @app.get("/events")
    def read_events():
        return events


    @app.on_event("startup")
    async def warm_cache():
        if not events:
            return
        events.append("startup 3: kept, returns early")


    @app.on_event("shutdown")
    async def close_pool():
        await asyncio.sleep(0)
        events.append("shutdown 1: async")


    @app.on_event("shutdown")
    def flush(): events.append("shutdown 2: sync")
"""


def _serve(source: str, directory: Path) -> list[str]:
    """Run `source` as a module and its app's lifespan under TestClient, one request inside."""
    from fastapi.testclient import TestClient

    path = directory / f"service_{len(list(directory.iterdir()))}.py"
    path.write_text(textwrap.dedent(source))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # on_event
        namespace = runpy.run_path(str(path))
        with TestClient(namespace["app"]) as client:
            namespace["events"].append(f"request sees {len(client.get('/events').json())} events")
    return namespace["events"]


def test_rewritten_app_runs_startup_and_shutdown_in_the_original_order(tmp_path: Path) -> None:
    after = rewrite(RUNTIME_APP, "lifespan")
    assert "on_event" not in after and "lifespan=lifespan" in after
    assert "    await warm_cache()\n" in after  # returns early: kept and called
    expected = [
        "startup 1: sync",
        "startup 2: async",
        "startup 3: kept, returns early",
        "request sees 3 events",
        "shutdown 1: async",
        "shutdown 2: sync",
    ]
    assert _serve(RUNTIME_APP, tmp_path) == expected
    assert _serve(after, tmp_path) == expected
    assert rewrite(after, "lifespan") == after


def test_reported_reason_holds_on_event_handlers_of_an_app_with_a_lifespan_never_run(tmp_path: Path) -> None:
    source = """
        from contextlib import asynccontextmanager

        from fastapi import FastAPI

        events = []


        @asynccontextmanager
        async def lifespan(app):
            events.append("lifespan")
            yield


        app = FastAPI(lifespan=lifespan)


        @app.on_event("startup")
        def never():
            events.append("on_event")


        @app.get("/events")
        def read_events():
            return events
    """
    assert _findings(source) == [(18, "app already has lifespan=, so FastAPI never runs this handler: move its code there")]
    assert _serve(source, tmp_path) == ["lifespan", "request sees 1 events"]


def test_only_shutdown_handlers_and_a_bare_app() -> None:
    assert_rewrites(
        """
        from fastapi import FastAPI

        from .db import pool

        app = FastAPI()


        @app.on_event("shutdown")
        async def close():
            await pool.close()
        """,
        """
        from contextlib import asynccontextmanager
        from fastapi import FastAPI

        from .db import pool


        @asynccontextmanager
        async def lifespan(app):
            yield
            await pool.close()


        app = FastAPI()
        """.replace("FastAPI()\n", "FastAPI(lifespan=lifespan)\n"),
        "lifespan",
    )


def test_existing_names_are_reused_or_avoided() -> None:
    assert_rewrites(
        """
        import contextlib

        from fastapi import FastAPI

        lifespan = "a setting that happens to be called lifespan"
        app: FastAPI = FastAPI(debug=True)


        @app.on_event("startup")
        def start():
            print(lifespan)
        """,
        """
        import contextlib

        from fastapi import FastAPI

        lifespan = "a setting that happens to be called lifespan"


        @contextlib.asynccontextmanager
        async def lifespan_(app):
            print(lifespan)
            yield


        app: FastAPI = FastAPI(debug=True, lifespan=lifespan_)
        """,
        "lifespan",
    )


def test_handlers_that_cannot_be_merged_are_called() -> None:
    assert_rewrites(
        """
        from fastapi import FastAPI

        __all__ = ["app", "exported"]
        app = FastAPI()
        counter = 0


        @app.on_event("startup")
        async def connect(retries=3):
            await open_connection(retries)


        @app.on_event("startup")
        def count():
            global counter
            counter += 1


        @app.on_event("startup")
        def exported():
            print("exported")


        @app.on_event("shutdown")
        def count_down():
            connect = None
            print(connect)
        """,
        """
        from contextlib import asynccontextmanager
        from fastapi import FastAPI

        __all__ = ["app", "exported"]


        @asynccontextmanager
        async def lifespan(app):
            await connect()
            count()
            exported()
            yield
            count_down()


        app = FastAPI(lifespan=lifespan)
        counter = 0


        async def connect(retries=3):
            await open_connection(retries)


        def count():
            global counter
            counter += 1


        def exported():
            print("exported")


        def count_down():
            connect = None
            print(connect)
        """,
        "lifespan",
    )


def test_two_apps_in_one_module() -> None:
    after = rewrite(
        """
        from fastapi import FastAPI

        public = FastAPI()
        admin = FastAPI()


        @public.on_event("startup")
        def start_public():
            print("public")


        @admin.on_event("startup")
        def start_admin():
            print("admin")
        """,
        "lifespan",
    )
    assert "public = FastAPI(lifespan=lifespan)" in after and "admin = FastAPI(lifespan=lifespan_)" in after
    assert 'async def lifespan_(app):\n    print("admin")\n    yield\n' in after


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            """
            from fastapi import FastAPI
            app = FastAPI(on_startup=[print])


            @app.on_event("shutdown")
            def stop():
                pass
            """,
            [(3, "FastAPI(on_startup=[print]) may register handlers or a lifespan: the on_event handlers of app are left as they are (FastAPI runs none of them once the app has a lifespan)")],
        ),
        (
            """
            from fastapi import FastAPI
            app = FastAPI(**settings)


            @app.on_event("shutdown")
            def stop():
                pass
            """,
            [(3, "FastAPI(**settings) may register handlers or a lifespan: the on_event handlers of app are left as they are (FastAPI runs none of them once the app has a lifespan)")],
        ),
        (
            """
            from fastapi import FastAPI
            app = FastAPI()
            if DEBUG:
                @app.on_event("startup")
                def debug():
                    pass
            """,
            [(5, "the handler is not a module-level function: the on_event handlers of app are left as they are (FastAPI runs none of them once the app has a lifespan)")],
        ),
        (
            """
            from fastapi import FastAPI
            app = FastAPI()


            @app.on_event("startup")
            @retry(times=3)
            def connect():
                pass
            """,
            [(6, "the handler has other decorators: the on_event handlers of app are left as they are (FastAPI runs none of them once the app has a lifespan)")],
        ),
        (
            """
            from fastapi import FastAPI
            app = FastAPI()


            @app.router.on_event("startup")
            def connect():
                pass
            """,
            [(6, "registered on app.router: the on_event handlers of app are left as they are (FastAPI runs none of them once the app has a lifespan)")],
        ),
        (
            """
            from fastapi import FastAPI
            app = FastAPI()


            @app.on_event("startup")
            def connect():
                pass


            def connect():
                pass
            """,
            [(6, "connect is bound more than once in the module: the on_event handlers of app are left as they are (FastAPI runs none of them once the app has a lifespan)")],
        ),
    ],
    ids=["on_startup-argument", "kwargs", "conditional", "other-decorators", "app-router", "bound-twice"],
)
def test_apps_left_whole_are_reported(source: str, expected: list[tuple[int, str]]) -> None:
    assert_unchanged(source, "lifespan")
    assert _findings(source) == expected


def test_objects_that_are_not_apps_are_left_alone_silently() -> None:
    source = """
        from fastapi import FastAPI

        scheduler = build_scheduler()
        hooks = {}
        FastAPI = dict


        @scheduler.on_event("startup")
        def start():
            pass


        @hooks.on_event("startup")
        def hook():
            pass


        app = FastAPI()


        @app.on_event("startup")
        def not_fastapi():
            pass
        """
    assert_unchanged(source, "lifespan")
    assert _findings(source) == []


def test_golden_report_cases() -> None:
    golden = Path(__file__).resolve().parent.parent / "golden" / "lifespan"
    lines = {
        name: [line for line, _ in _findings((golden / f"{name}.input.py").read_text(), dedent=False)]
        for name in ("existing_lifespan", "router_handlers", "registered_in_functions", "add_event_handler", "computed_event")
    }
    assert lines == {
        "existing_lifespan": [20],
        "router_handlers": [8],
        "registered_in_functions": [7, 11, 19],
        "add_event_handler": [7],
        "computed_event": [8],
    }
    assert _findings((golden / "router_handlers.input.py").read_text(), dedent=False)[0][1].startswith("on_event handler of APIRouter router")
    assert _findings((golden / "shared_spelling.input.py").read_text(), dedent=False) == []
    assert _findings((golden / "suppressed.input.py").read_text(), dedent=False) == []


def test_crlf_and_tabs() -> None:
    source = 'from fastapi import FastAPI\r\napp = FastAPI()\r\n\r\n\r\n@app.on_event("startup")\r\nasync def go():\r\n\tawait ready()\r\n'
    result = run(source.encode(), codemods_for(["lifespan"]))
    assert result.new_bytes() == (
        b"from contextlib import asynccontextmanager\r\nfrom fastapi import FastAPI\r\n\r\n\r\n"
        b"@asynccontextmanager\r\nasync def lifespan(app):\r\n\tawait ready()\r\n\tyield\r\n\r\n\r\n"
        b"app = FastAPI(lifespan=lifespan)\r\n"
    )


def _findings(source: str, dedent: bool = True) -> list[tuple[int, str]]:
    data = (textwrap.dedent(source) if dedent else source).encode()
    return [(f.line, f.message) for f in run(data, codemods_for(["lifespan"])).findings if f.rule == "lifespan"]
