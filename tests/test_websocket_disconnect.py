"""websocket-disconnect: which endpoints and loops are wrapped, what is reported, and the rewritten
endpoints run with FastAPI's TestClient: a client disconnect no longer escapes the endpoint."""

from __future__ import annotations

import runpy
import textwrap
from pathlib import Path

import pytest

from tests.helpers import assert_rewrites, assert_unchanged, codemods_for, rewrite, run

ID = "websocket-disconnect"


def findings(source: str) -> list[tuple[str, int, str]]:
    result = run(textwrap.dedent(source).encode(), codemods_for([ID]))
    return [(finding.rule, finding.line, finding.message) for finding in result.findings]


def test_off_by_default() -> None:
    assert ID not in {codemod.id for codemod in codemods_for()}


def test_loop_after_accept_is_wrapped_and_ends_quietly() -> None:
    assert_rewrites(
        """\
        from fastapi import FastAPI, WebSocket

        app = FastAPI()


        @app.websocket("/ws")
        async def echo(websocket: WebSocket):
            await websocket.accept()
            while True:
                data = await websocket.receive_text()
                await websocket.send_text(data)
        """,
        """\
        from fastapi import FastAPI, WebSocket, WebSocketDisconnect

        app = FastAPI()


        @app.websocket("/ws")
        async def echo(websocket: WebSocket):
            await websocket.accept()
            try:
                while True:
                    data = await websocket.receive_text()
                    await websocket.send_text(data)
            except WebSocketDisconnect:
                pass
        """,
        ID,
    )


def test_code_after_the_loop_stays_after_the_try_and_is_skipped_on_disconnect() -> None:
    assert_rewrites(
        """\
        from fastapi import WebSocket, WebSocketDisconnect


        async def endpoint(ws: WebSocket):
            await ws.accept()
            while True:  # until "bye"
                if await ws.receive_text() == "bye":
                    break
                # more
            # the client said bye
            await ws.send_text("bye")
            await ws.close()
        """,
        """\
        from fastapi import WebSocket, WebSocketDisconnect


        async def endpoint(ws: WebSocket):
            await ws.accept()
            try:
                while True:  # until "bye"
                    if await ws.receive_text() == "bye":
                        break
                    # more
            except WebSocketDisconnect:
                return
            # the client said bye
            await ws.send_text("bye")
            await ws.close()
        """,
        ID,
    )


def test_nested_loop_inside_a_block_and_two_loops() -> None:
    assert_rewrites(
        """\
        import fastapi


        @router.websocket("/ws")
        async def endpoint(ws: fastapi.WebSocket, flag: bool):
            await ws.accept()
            if flag:
                while True:
                    while True:
                        await ws.receive_bytes()
            while 1:
                await ws.receive_json()
        """,
        """\
        import fastapi


        @router.websocket("/ws")
        async def endpoint(ws: fastapi.WebSocket, flag: bool):
            await ws.accept()
            if flag:
                try:
                    while True:
                        while True:
                            await ws.receive_bytes()
                except fastapi.WebSocketDisconnect:
                    return
            try:
                while 1:
                    await ws.receive_json()
            except fastapi.WebSocketDisconnect:
                pass
        """,
        ID,
    )


def test_starlette_websocket_gets_starlettes_exception() -> None:
    assert_rewrites(
        """\
        from starlette.websockets import WebSocket


        async def endpoint(websocket: WebSocket) -> None:
            await websocket.accept()
            while True:
                await websocket.receive_text()
        """,
        """\
        from starlette.websockets import WebSocket, WebSocketDisconnect


        async def endpoint(websocket: WebSocket) -> None:
            await websocket.accept()
            try:
                while True:
                    await websocket.receive_text()
            except WebSocketDisconnect:
                pass
        """,
        ID,
    )
    # a Starlette route passes the WebSocket unannotated
    assert "from starlette.websockets import WebSocketDisconnect" in rewrite(
        """\
        from starlette.applications import Starlette

        app = Starlette()


        @app.websocket_route("/ws")
        async def endpoint(socket):
            await socket.accept()
            while True:
                await socket.receive_text()
        """,
        ID,
    )


def test_an_existing_import_is_reused() -> None:
    after = rewrite(
        """\
        from typing import Annotated

        from fastapi import WebSocket
        from starlette.websockets import WebSocketDisconnect as Gone


        async def endpoint(ws: Annotated[WebSocket, "socket"]):
            await ws.accept()
            while True:
                await ws.receive_text()
        """,
        ID,
    )
    assert "    except Gone:\n        pass\n" in after and after.count("import") == 3


@pytest.mark.parametrize(
    "source",
    [
        # handles WebSocketDisconnect somewhere in the function
        ("from fastapi import WebSocket, WebSocketDisconnect\nasync def e(ws: WebSocket):\n    await ws.accept()\n"
         "    while True:\n        try:\n            await ws.receive_text()\n        except (KeyError, WebSocketDisconnect):\n"
         "            return\n"),
        ("import starlette.websockets\nfrom fastapi import WebSocket\nasync def e(ws: WebSocket):\n    await ws.accept()\n"
         "    try:\n        while True:\n            await ws.receive_text()\n"
         "    except starlette.websockets.WebSocketDisconnect:\n        pass\n"),
        # never accepts
        "from fastapi import WebSocket\nasync def e(ws: WebSocket):\n    while True:\n        await ws.receive_text()\n",
        # accepts after the loop
        ("from fastapi import WebSocket\nasync def e(ws: WebSocket):\n    while True:\n        await ws.receive_text()\n"
         "    await ws.accept()\n"),
        # sync code
        "from fastapi import WebSocket\ndef e(ws: WebSocket):\n    ws.accept()\n    while True:\n        ws.receive_text()\n",
        # not an endpoint: no WebSocket annotation, no websocket decorator
        "async def e(ws):\n    await ws.accept()\n    while True:\n        await ws.receive_text()\n",
        "@app.get('/')\nasync def e(ws):\n    await ws.accept()\n    while True:\n        await ws.receive_text()\n",
        # a WebSocket of the same spelling that is not Starlette's
        ("from aiohttp.web import WebSocketResponse as WebSocket\nasync def e(ws: WebSocket):\n    await ws.accept()\n"
         "    while True:\n        await ws.receive_text()\n"),
        # loops that end by themselves or do not raise
        ("from fastapi import WebSocket\nasync def e(ws: WebSocket):\n    await ws.accept()\n"
         "    async for text in ws.iter_text():\n        print(text)\n"),
        ("from fastapi import WebSocket\nasync def e(ws: WebSocket):\n    await ws.accept()\n    while True:\n"
         "        if (await ws.receive())['type'] == 'websocket.disconnect':\n            break\n"),
        # not a `while True` loop, or receiving in a nested function
        ("from fastapi import WebSocket\nasync def e(ws: WebSocket):\n    await ws.accept()\n    while ws.client_state:\n"
         "        await ws.receive_text()\n"),
        ("from fastapi import WebSocket\nasync def e(ws: WebSocket):\n    await ws.accept()\n    while True:\n"
         "        async def inner():\n            await ws.receive_text()\n        await inner()\n"),
        # another name receives
        ("from fastapi import WebSocket\nasync def e(ws: WebSocket, other):\n    await ws.accept()\n    while True:\n"
         "        await other.receive_text()\n"),
        # suppressed
        ("from fastapi import WebSocket\nasync def e(ws: WebSocket):\n    await ws.accept()\n"
         "    while True:  # fastfix: ignore[websocket-disconnect]\n        await ws.receive_text()\n"),
    ],
)
def test_left_alone(source: str) -> None:
    assert_unchanged(source, ID)
    assert findings(source) == []


def test_a_broad_except_around_the_receive_is_reported() -> None:
    source = """\
    import logging

    from fastapi import WebSocket


    async def logged(ws: WebSocket):
        await ws.accept()
        try:
            while True:
                await ws.receive_text()
        except Exception:
            logging.exception("failed")


    async def bare(ws: WebSocket):
        await ws.accept()
        while True:
            try:
                await ws.receive_text()
            except:  # noqa: E722
                continue


    async def elsewhere(ws: WebSocket):
        try:
            await ws.accept()
        except BaseException:
            raise
        while True:
            await ws.receive_text()
    """
    message = (
        "WebSocketDisconnect is caught here by a broad except and handled as an error; "
        "catch WebSocketDisconnect before it"
    )
    assert findings(source) == [(ID, 11, message), (ID, 20, message)]
    after = rewrite(source, ID)
    assert after.count("except WebSocketDisconnect:") == 1  # only `elsewhere`, whose except is not around the loop


def test_change_is_described_on_the_loop_line() -> None:
    data = b"from fastapi import WebSocket\n\n\nasync def e(ws: WebSocket):\n    await ws.accept()\n    while True:\n        await ws.receive_text()\n"
    assert [(c.codemod, c.line, c.description) for c in run(data, codemods_for([ID])).changes] == [
        (ID, 6, "a client disconnect raises out of ws's receive loop: end quietly")
    ]


# --- runtime: FastAPI's TestClient -------------------------------------------------------------

APP = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/echo")
async def echo(websocket: WebSocket):
    await websocket.accept()
    while True:
        message = await websocket.receive_text()
        await websocket.send_text(message.upper())


@app.websocket("/upload")
async def upload(websocket: WebSocket):
    await websocket.accept()
    size = 0
    while True:
        chunk = await websocket.receive_bytes()
        if not chunk:
            break
        size += len(chunk)
    await websocket.send_json({"size": size})
    await websocket.close()
"""


def _client(source: str, path: Path):
    """A TestClient over the module's app, and the exceptions that escaped the app."""
    from fastapi.testclient import TestClient

    path.write_text(source)
    app = runpy.run_path(str(path))["app"]
    escaped: list[BaseException] = []

    async def recording(scope, receive, send):
        try:
            await app(scope, receive, send)
        except BaseException as exc:
            escaped.append(exc)
            raise

    return TestClient(recording), escaped


def test_runtime_original_endpoint_lets_the_disconnect_escape(tmp_path: Path) -> None:
    from fastapi import WebSocketDisconnect

    client, escaped = _client(APP, tmp_path / "before.py")
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/echo") as ws:
        ws.send_text("hi")
        assert ws.receive_text() == "HI"
    assert [type(exc) for exc in escaped] == [WebSocketDisconnect]


def test_runtime_rewritten_endpoints_end_cleanly(tmp_path: Path) -> None:
    rewritten = rewrite(APP, ID)
    assert rewritten.count("except WebSocketDisconnect:") == 2
    client, escaped = _client(rewritten, tmp_path / "after.py")
    with client.websocket_connect("/echo") as ws:
        ws.send_text("hi")
        assert ws.receive_text() == "HI"
    with client.websocket_connect("/upload") as ws:  # disconnects mid-upload
        ws.send_bytes(b"abc")
    with client.websocket_connect("/upload") as ws:  # the code after the loop still runs after `break`
        ws.send_bytes(b"abc")
        ws.send_bytes(b"")
        assert ws.receive_json() == {"size": 3}
    assert escaped == []
