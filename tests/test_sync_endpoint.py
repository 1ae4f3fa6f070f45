"""sync-endpoint (off by default): async path operations that never await but block become def."""

from __future__ import annotations

import textwrap

import pytest

from fastfix.pipeline import fix_source
from fastfix.registry import by_id
from tests.helpers import assert_rewrites, assert_unchanged, codemods_for, rewrite, run

HEADER = """\
import asyncio
import time
import requests
from fastapi import APIRouter, FastAPI
app = FastAPI()
router = APIRouter()
"""


def test_off_by_default_and_ordered_before_the_other_blocking_rewrites() -> None:
    codemods = by_id()
    assert codemods["sync-endpoint"].default is False
    assert codemods["sync-endpoint"].safety == "review"
    for later in ("async-sleep", "blocking-to-thread", "blocking-io-block"):
        if later in codemods:
            assert codemods["sync-endpoint"].order < codemods[later].order
    assert_unchanged(HEADER + '@app.get("/")\nasync def f():\n    time.sleep(1)\n', "async-dispatch")


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route"])
def test_every_http_verb(verb: str) -> None:
    assert_rewrites(
        HEADER + f'@router.{verb}("/x")\nasync def f():\n    return requests.get("https://example.com").json()\n',
        HEADER + f'@router.{verb}("/x")\ndef f():\n    return requests.get("https://example.com").json()\n',
        "sync-endpoint",
    )


def test_decorator_comments_and_method_endpoints() -> None:
    assert_rewrites(
        """\
        import subprocess
        from fastapi import FastAPI
        app = FastAPI()

        class Views:
            @app.post("/run")  # the route
            # above the def
            async def run(self, cmd: list[str]):  # after the def
                return subprocess.run(cmd, check=True).returncode
        """,
        """\
        import subprocess
        from fastapi import FastAPI
        app = FastAPI()

        class Views:
            @app.post("/run")  # the route
            # above the def
            def run(self, cmd: list[str]):  # after the def
                return subprocess.run(cmd, check=True).returncode
        """,
        "sync-endpoint",
    )


def test_nested_async_def_inside_does_not_count_as_awaiting() -> None:
    assert_rewrites(
        HEADER + '@app.get("/")\nasync def f():\n    async def later():\n        await g()\n    time.sleep(1)\n    return later\n',
        HEADER + '@app.get("/")\ndef f():\n    async def later():\n        await g()\n    time.sleep(1)\n    return later\n',
        "sync-endpoint",
    )


def test_crlf_and_tabs() -> None:
    data = (HEADER + '@app.get("/")\nasync def f():\n\twith open("x") as fh:\n\t\treturn fh.read()\n').replace("\n", "\r\n")
    result = run(data.encode(), codemods_for(["sync-endpoint"]))
    assert result.new_bytes() == data.replace("async def", "def").encode()


@pytest.mark.parametrize(
    "body",
    [
        "await asyncio.sleep(0)\n    time.sleep(1)",
        "async with lock:\n        time.sleep(1)",
        "async for x in stream():\n        time.sleep(1)",
        "xs = [x async for x in stream()]\n    time.sleep(1)",
        "time.sleep(1)\n    yield 1",
        "loop = asyncio.get_running_loop()\n    time.sleep(1)",
        "return {'sum': sum(range(10))}",
        "def inner():\n        time.sleep(1)\n    return inner",
        "return lambda: time.sleep(1)",
        "time.sleep(1)  # noqa: ASYNC251",
        "time.sleep(1)  # fastfix: ignore[sync-endpoint]",
        "requests.get('https://example.com')  # noqa",
    ],
)
def test_endpoint_bodies_left_alone(body: str) -> None:
    assert_unchanged(HEADER + f'@app.get("/")\nasync def f():\n    {body}\n', "sync-endpoint")


@pytest.mark.parametrize(
    "decorators",
    [
        '@app.websocket("/ws")',
        '@app.middleware("http")',
        '@app.on_event("startup")',
        '@app.get("/")\n@cache',
        "@app.get",
        '@app.router.get("/")',
        '@client.get("/")',  # client = something else
        '@settings.get("/")',  # imported from a module that is not in the run
        '@app.get("/")  # fastfix: ignore[sync-endpoint]',
    ],
)
def test_functions_that_are_not_plain_path_operations(decorators: str) -> None:
    assert_unchanged(
        HEADER + f"from .config import settings\nclient = object()\n{decorators}\nasync def f():\n    time.sleep(1)\n",
        "sync-endpoint",
    )


def test_suppression_on_the_def_line() -> None:
    assert_unchanged(HEADER + '@app.get("/")\nasync def f():  # noqa: ASYNC251\n    time.sleep(1)\n', "sync-endpoint")


def test_app_that_only_shares_the_name() -> None:
    assert_unchanged(
        """\
        import time
        def make(app):
            @app.get("/")
            async def f():
                time.sleep(1)
            return f
        app = {"get": print}
        @app.get("/")
        async def g():
            time.sleep(1)
        """,
        "sync-endpoint",
    )


def test_awaited_by_other_code_in_the_file() -> None:
    assert_unchanged(
        HEADER + '@app.get("/")\nasync def f():\n    time.sleep(1)\nasync def g():\n    return await f()\n', "sync-endpoint"
    )


def test_module_level_asyncio_objects_keep_the_endpoint_on_the_loop() -> None:
    assert_unchanged(
        HEADER + 'lock = asyncio.Lock()\n@app.get("/")\nasync def f():\n    time.sleep(1)\n    return lock.locked()\n',
        "sync-endpoint",
    )


def test_router_made_in_another_file_of_the_run() -> None:
    routes = textwrap.dedent(
        """\
        import time
        from .routing import api
        @api.get("/")
        async def f():
            time.sleep(1)
        """
    )
    codemods = codemods_for(["sync-endpoint"])
    project = {"sync-endpoint": frozenset({"app.routing.api"})}
    result = fix_source(routes.encode(), "app/routes.py", codemods, module="app.routes", project=project)
    assert result.new_text == routes.replace("async def", "def")
    other = {"sync-endpoint": frozenset({"app.other.api"})}
    assert not fix_source(routes.encode(), "app/routes.py", codemods, module="app.routes", project=other).changed


def test_collects_apps_and_routers() -> None:
    import ast

    text = "import fastapi\nfrom fastapi import APIRouter as R\napp = fastapi.FastAPI()\nr: R = R()\nx = f()\n"
    assert set(by_id()["sync-endpoint"]().collect(ast.parse(text), "pkg.main", text)) == {"pkg.main.app", "pkg.main.r"}


def test_pipeline_with_async_sleep_and_blocking_to_thread() -> None:
    """Selected with them, sync-endpoint judges each endpoint as written: one that only blocks
    (time.sleep included) becomes def and is left alone by the others; one that awaits stays async
    and gets their rewrites."""
    source = """\
        import time
        import requests
        from fastapi import FastAPI, Request
        app = FastAPI()

        @app.get("/sync")
        async def only_blocks(url: str):
            time.sleep(1)
            return requests.get(url).json()

        @app.get("/sleep")
        async def only_sleeps():
            time.sleep(1)

        @app.post("/async")
        async def awaits(url: str, request: Request):
            body = await request.body()
            time.sleep(1)
            return requests.post(url, data=body).json()
        """
    if "blocking-to-thread" not in by_id():
        pytest.skip("blocking-to-thread is not there yet")
    assert_rewrites(
        source,
        """\
        import asyncio
        import time
        import requests
        from fastapi import FastAPI, Request
        app = FastAPI()

        @app.get("/sync")
        def only_blocks(url: str):
            time.sleep(1)
            return requests.get(url).json()

        @app.get("/sleep")
        def only_sleeps():
            time.sleep(1)

        @app.post("/async")
        async def awaits(url: str, request: Request):
            body = await request.body()
            await asyncio.sleep(1)
            return (await asyncio.to_thread(requests.post, url, data=body)).json()
        """,
        "sync-endpoint",
        "async-sleep",
        "blocking-to-thread",
    )
    # without sync-endpoint the same file is made to await instead
    without = rewrite(source, "async-sleep", "blocking-to-thread")
    assert "async def only_blocks" in without and "async def only_sleeps" in without


def test_every_codemod_selected_converges() -> None:
    ids = [codemod.id for codemod in codemods_for(list(by_id()))]
    assert "sync-endpoint" in ids
    assert_rewrites(
        HEADER + '@app.get("/")\nasync def f():\n    time.sleep(1)\n    return requests.get("u").json()\n',
        HEADER + '@app.get("/")\ndef f():\n    time.sleep(1)\n    return requests.get("u").json()\n',
        *ids,
    )
