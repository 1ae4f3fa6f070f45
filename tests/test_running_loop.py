"""running-loop: asyncio.get_event_loop() directly inside async def becomes get_running_loop()."""

from __future__ import annotations

import pytest

from tests.helpers import assert_rewrites, assert_unchanged, codemods_for, run


def test_chained_and_assigned_uses() -> None:
    assert_rewrites(
        """\
        import asyncio
        async def f():
            loop = asyncio.get_event_loop()
            at = asyncio.get_event_loop().time()
            return await asyncio.get_event_loop().run_in_executor(None, len, "x")
        """,
        """\
        import asyncio
        async def f():
            loop = asyncio.get_running_loop()
            at = asyncio.get_running_loop().time()
            return await asyncio.get_running_loop().run_in_executor(None, len, "x")
        """,
        "running-loop",
    )


def test_module_alias_keeps_its_spelling() -> None:
    assert_rewrites(
        """\
        import asyncio as aio
        async def f():
            return aio.get_event_loop()
        """,
        """\
        import asyncio as aio
        async def f():
            return aio.get_running_loop()
        """,
        "running-loop",
    )


def test_from_import_is_replaced_when_unused() -> None:
    assert_rewrites(
        """\
        from asyncio import get_event_loop
        async def f():
            return get_event_loop().time()
        """,
        """\
        from asyncio import get_running_loop
        async def f():
            return get_running_loop().time()
        """,
        "running-loop",
    )


def test_from_import_stays_while_sync_code_uses_it() -> None:
    assert_rewrites(
        """\
        from asyncio import get_event_loop as gel
        def sync():
            return gel()
        async def f():
            return gel()
        """,
        """\
        from asyncio import get_running_loop
        from asyncio import get_event_loop as gel
        def sync():
            return gel()
        async def f():
            return get_running_loop()
        """,
        "running-loop",
    )


def test_crlf_and_tabs() -> None:
    result = run(b"import asyncio\r\nasync def f():\r\n\treturn asyncio.get_event_loop()\r\n", codemods_for(["running-loop"]))
    assert result.new_bytes() == b"import asyncio\r\nasync def f():\r\n\treturn asyncio.get_running_loop()\r\n"


@pytest.mark.parametrize(
    "source",
    [
        # module level and plain def: no loop may be running
        "import asyncio\nloop = asyncio.get_event_loop()\ndef f():\n    return asyncio.get_event_loop()\n",
        # nested def, lambda and class body inside a coroutine
        (
            "import asyncio\nasync def f():\n    def g():\n        return asyncio.get_event_loop()\n"
            "    h = lambda: asyncio.get_event_loop()\n    class C:\n        loop = asyncio.get_event_loop()\n"
        ),
        # names that only share the spelling
        "import asyncio\nasync def f(policy):\n    return policy.get_event_loop()\n",
        "def get_event_loop():\n    return 1\nasync def f():\n    return get_event_loop()\n",
        "async def f(asyncio):\n    return asyncio.get_event_loop()\n",
        # an argument: not asyncio's no-argument call
        "import asyncio\nasync def f():\n    return asyncio.get_event_loop(1)\n",
        # suppressed
        "import asyncio\nasync def f():\n    return asyncio.get_event_loop()  # fastfix: ignore[running-loop]\n",
    ],
)
def test_left_alone(source: str) -> None:
    assert_unchanged(source, "running-loop")


def test_from_import_shadowed_in_the_coroutine_is_left_alone() -> None:
    assert_unchanged(
        """\
        from asyncio import get_event_loop
        async def f(get_running_loop):
            return get_event_loop(), get_running_loop
        """,
        "running-loop",
    )


def test_default_pipeline_then_replaces_the_executor_call() -> None:
    assert_rewrites(
        """\
        import asyncio
        async def f(path):
            loop = asyncio.get_event_loop()
            return await loop.run_in_executor(None, len, path)
        """,
        """\
        import asyncio
        async def f(path):
            return await asyncio.to_thread(len, path)
        """,
    )
