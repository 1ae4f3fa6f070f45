"""async-dispatch: a plain `def dispatch` of a BaseHTTPMiddleware subclass becomes `async def`."""

from __future__ import annotations

from tests.helpers import assert_rewrites, assert_unchanged, rewrite


def test_plain_dispatch_becomes_async() -> None:
    assert_rewrites(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(BaseHTTPMiddleware):
            def dispatch(self, request, call_next):
                return call_next(request)
        """,
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(BaseHTTPMiddleware):
            async def dispatch(self, request, call_next):
                return call_next(request)
        """,
        "async-dispatch",
    )


def test_pipeline_then_awaits_call_next() -> None:
    source = """\
        import starlette.middleware.base as smb
        class M(smb.BaseHTTPMiddleware):
            def dispatch(self, request, call_next):
                response = call_next(request)
                response.headers["X-Frame-Options"] = "DENY"
                return response
        """
    expected = """\
        import starlette.middleware.base as smb
        class M(smb.BaseHTTPMiddleware):
            async def dispatch(self, request, call_next):
                response = await call_next(request)
                response.headers["X-Frame-Options"] = "DENY"
                return response
        """
    assert_rewrites(source, expected)
    assert_rewrites(source, expected, "async-dispatch", "await-call-next")


def test_pipeline_awaits_a_renamed_call_next_with_trailers() -> None:
    assert rewrite(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware as Base
        class M(Base):
            @staticmethod
            def helper(): ...
            def dispatch(self, request, forward):
                def later():
                    return forward(request)
                return forward(request).body
        """
    ) == (
        "from starlette.middleware.base import BaseHTTPMiddleware as Base\n"
        "class M(Base):\n"
        "    @staticmethod\n"
        "    def helper(): ...\n"
        "    async def dispatch(self, request, forward):\n"
        "        def later():\n"
        "            return forward(request)\n"
        "        return (await forward(request)).body\n"
    )


def test_decorated_dispatch_keeps_decorator_and_comments() -> None:
    assert_rewrites(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(BaseHTTPMiddleware):
            @traced  # why
            # before the def
            def dispatch(self, request, call_next):  # after
                return None
        """,
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(BaseHTTPMiddleware):
            @traced  # why
            # before the def
            async def dispatch(self, request, call_next):  # after
                return None
        """,
        "async-dispatch",
    )


def test_base_among_other_bases_and_keywords() -> None:
    assert_rewrites(
        """\
        import starlette.middleware.base
        class M(Mixin, starlette.middleware.base.BaseHTTPMiddleware, metaclass=Meta):
            def dispatch(self, request, call_next): return call_next(request)
        """,
        """\
        import starlette.middleware.base
        class M(Mixin, starlette.middleware.base.BaseHTTPMiddleware, metaclass=Meta):
            async def dispatch(self, request, call_next): return call_next(request)
        """,
        "async-dispatch",
    )


def test_class_defined_inside_a_function() -> None:
    assert_rewrites(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        def build():
            class Local(BaseHTTPMiddleware):
                def dispatch(self, request, call_next):
                    return call_next(request)
            return Local
        """,
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        def build():
            class Local(BaseHTTPMiddleware):
                async def dispatch(self, request, call_next):
                    return call_next(request)
            return Local
        """,
        "async-dispatch",
    )


def test_unrelated_classes_are_left_alone() -> None:
    assert_unchanged(
        """\
        from mylib import BaseHTTPMiddleware
        from starlette.middleware import base
        class A(BaseHTTPMiddleware):
            def dispatch(self, request, call_next): ...
        class B(base.Middleware):
            def dispatch(self, request, call_next): ...
        class C(Generic[T]):
            def dispatch(self, request, call_next): ...
        class D:
            def dispatch(self, request, call_next): ...
        """,
        "async-dispatch",
    )


def test_bases_defined_in_the_same_file_are_followed() -> None:
    assert_rewrites(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(Logging):
            def dispatch(self, request, call_next):
                return call_next(request)
        def build():
            class Inner(BaseHTTPMiddleware):
                pass
        class Logging(Other, Base):
            pass
        class Base(BaseHTTPMiddleware):
            pass
        """,
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(Logging):
            async def dispatch(self, request, call_next):
                return call_next(request)
        def build():
            class Inner(BaseHTTPMiddleware):
                pass
        class Logging(Other, Base):
            pass
        class Base(BaseHTTPMiddleware):
            pass
        """,
        "async-dispatch",
    )


def test_cyclic_local_bases_terminate() -> None:
    assert_unchanged(
        """\
        class A(B):
            def dispatch(self, request, call_next): ...
        class B(A):
            pass
        """,
        "async-dispatch",
    )


def test_nested_def_named_dispatch_and_async_dispatch_stay() -> None:
    assert_unchanged(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(BaseHTTPMiddleware):
            async def dispatch(self, request, call_next):
                def dispatch(event):
                    return event
                dispatch("start")
                return await call_next(request)
            def helper(self):
                def dispatch():
                    pass
        """,
        "async-dispatch",
    )


def test_suppressed_on_the_def_line() -> None:
    assert_unchanged(
        """\
        from starlette.middleware.base import BaseHTTPMiddleware
        class M(BaseHTTPMiddleware):
            def dispatch(self, request, call_next):  # fastfix: ignore[async-dispatch]
                return call_next(request)
        """,
        "async-dispatch",
    )
