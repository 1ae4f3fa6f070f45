"""await-call-next: `call_next(request)` in async HTTP middleware gets awaited."""

from __future__ import annotations

from tests.helpers import assert_rewrites, assert_unchanged


def test_return_assignment_and_argument() -> None:
    assert_rewrites(
        """\
        @app.middleware("http")
        async def mw(request, call_next):
            if request.url.path == "/a":
                return call_next(request)
            if request.url.path == "/b":
                return wrap(call_next(request), status=call_next(request))
            response = call_next(request)
            return response
        """,
        """\
        @app.middleware("http")
        async def mw(request, call_next):
            if request.url.path == "/a":
                return await call_next(request)
            if request.url.path == "/b":
                return wrap(await call_next(request), status=await call_next(request))
            response = await call_next(request)
            return response
        """,
        "await-call-next",
    )


def test_trailers_get_parentheses() -> None:
    assert_rewrites(
        """\
        @app.middleware('http')
        async def mw(request, call_next):
            call_next(request).headers["X-A"] = "1"
            return call_next(request)
        """,
        """\
        @app.middleware('http')
        async def mw(request, call_next):
            (await call_next(request)).headers["X-A"] = "1"
            return await call_next(request)
        """,
        "await-call-next",
    )


def test_second_positional_parameter_under_another_name() -> None:
    assert_rewrites(
        """\
        @other
        @api.app.middleware("http")
        async def mw(req: Request, nxt: Callable = None, *, call_next=None):
            return nxt(req)
        """,
        """\
        @other
        @api.app.middleware("http")
        async def mw(req: Request, nxt: Callable = None, *, call_next=None):
            return await nxt(req)
        """,
        "await-call-next",
    )


def test_dispatch_method_with_call_next_parameter() -> None:
    assert_rewrites(
        """\
        class Anything:
            async def dispatch(self, request, call_next):
                return call_next(request)
        """,
        """\
        class Anything:
            async def dispatch(self, request, call_next):
                return await call_next(request)
        """,
        "await-call-next",
    )


def test_fstring_and_handed_on_coroutines_stay() -> None:
    # an f-string is one token to fissix: its expressions are not rewritten
    assert_unchanged(
        """\
        import asyncio as aio
        from anyio import to_thread
        @app.middleware("http")
        async def mw(request, call_next):
            logger.info(f"calling {call_next(request)!r}")
            task = aio.create_task(call_next(request))
            future = loop.create_task(call_next(request))
            done = await aio.wait_for(aio.shield(call_next(request)), 5)
            await helper(wrap(call_next(request)))
            results = await aio.gather(call_next(request), other())
            await to_thread.run_sync(call_next(request))
            return await other(request, call_next)
        """,
        "await-call-next",
    )


def test_nested_scopes_and_rebound_names_stay() -> None:
    assert_unchanged(
        """\
        @app.middleware("http")
        async def mw(request, call_next):
            later = lambda: call_next(request)
            def inner():
                return call_next(request)
            gen = (call_next(r) for r in [request])
            return await call_next(request)
        """,
        "await-call-next",
    )


def test_outer_await_of_a_longer_chain_gets_an_inner_await() -> None:
    # the outer `await` belongs to `.body()`; call_next(request) itself was never awaited
    assert_rewrites(
        """\
        @app.middleware("http")
        async def mw(request, call_next):
            return await call_next(request).body()
        """,
        """\
        @app.middleware("http")
        async def mw(request, call_next):
            return await (await call_next(request)).body()
        """,
        "await-call-next",
    )


def test_not_middleware() -> None:
    assert_unchanged(
        """\
        from hooks import call_next
        @app.middleware("http")
        def sync_mw(request, call_next):
            return call_next(request)
        @app.middleware("websocket")
        async def ws(request, call_next):
            return call_next(request)
        @middleware("http")
        async def bare(request, call_next):
            return call_next(request)
        async def run(request, call_next):
            return call_next(request)
        async def dispatch(request, call_next):
            return call_next(request)
        @app.middleware("http")
        async def uses_import(request, forward):
            call_next(request)
            return await forward(request)
        """,
        "await-call-next",
    )


def test_third_parameter_only_in_base_http_middleware_subclasses() -> None:
    assert_rewrites(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class Mid(BaseHTTPMiddleware):
            pass
        class M(Mid):
            async def dispatch(self, request, handler):
                return handler(request)
        class Bus:
            async def dispatch(self, event, handler):
                handler(event)
        """,
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class Mid(BaseHTTPMiddleware):
            pass
        class M(Mid):
            async def dispatch(self, request, handler):
                return await handler(request)
        class Bus:
            async def dispatch(self, event, handler):
                handler(event)
        """,
        "await-call-next",
    )


def test_sync_dispatch_is_left_for_async_dispatch() -> None:
    assert_unchanged(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(BaseHTTPMiddleware):
            def dispatch(self, request, call_next):
                return call_next(request)
        """,
        "await-call-next",
    )


def test_suppression() -> None:
    assert_rewrites(
        """\
        @app.middleware("http")
        async def mw(request, call_next):
            first = call_next(request)  # fastfix: ignore[await-call-next]
            return call_next(request)
        """,
        """\
        @app.middleware("http")
        async def mw(request, call_next):
            first = call_next(request)  # fastfix: ignore[await-call-next]
            return await call_next(request)
        """,
        "await-call-next",
    )
