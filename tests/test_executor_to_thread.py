"""executor-to-thread: run_in_executor(None, ...) and one-call thread pools become asyncio.to_thread."""

from __future__ import annotations

import pytest

from fastfix.registry import by_id
from tests.helpers import assert_rewrites, assert_unchanged, codemods_for, rewrite, run


def test_local_loop_is_removed_with_the_call() -> None:
    assert_rewrites(
        """\
        import asyncio
        async def f(a, *rest):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, work, a, *rest)
        """,
        """\
        import asyncio
        async def f(a, *rest):
            return await asyncio.to_thread(work, a, *rest)
        """,
        "executor-to-thread",
    )


def test_loop_still_used_stays() -> None:
    assert_rewrites(
        """\
        import asyncio
        async def f():
            loop = asyncio.get_running_loop()
            x = await loop.run_in_executor(None, work)
            y = await loop.run_in_executor(None, work)
            return x, y, loop.time()
        """,
        """\
        import asyncio
        async def f():
            loop = asyncio.get_running_loop()
            x = await asyncio.to_thread(work)
            y = await asyncio.to_thread(work)
            return x, y, loop.time()
        """,
        "executor-to-thread",
    )


def test_second_call_removes_the_loop_once_unused() -> None:
    assert_rewrites(
        """\
        import asyncio
        async def f():
            loop = asyncio.get_event_loop()
            x = await loop.run_in_executor(None, work)
            return x, (await loop.run_in_executor(None, work)).value
        """,
        """\
        import asyncio
        async def f():
            x = await asyncio.to_thread(work)
            return x, (await asyncio.to_thread(work)).value
        """,
        "executor-to-thread",
    )


def test_loop_assignment_with_a_comment_stays() -> None:
    assert_rewrites(
        """\
        import asyncio
        async def f():
            # the loop of this request
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, work)
        """,
        """\
        import asyncio
        async def f():
            # the loop of this request
            loop = asyncio.get_running_loop()
            return await asyncio.to_thread(work)
        """,
        "executor-to-thread",
    )


def test_from_imports_of_loop_and_partial_go() -> None:
    assert_rewrites(
        """\
        from asyncio import get_running_loop
        from functools import partial
        async def f(url):
            return await get_running_loop().run_in_executor(None, partial(fetch, url, timeout=3))
        """,
        """\
        import asyncio
        async def f(url):
            return await asyncio.to_thread(fetch, url, timeout=3)
        """,
        "executor-to-thread",
    )


def test_partial_with_star_arguments_and_trailing_comma() -> None:
    assert_rewrites(
        """\
        import asyncio, functools
        async def f(args, kwargs):
            return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fetch, *args, **kwargs),)
        """,
        """\
        import asyncio
        async def f(args, kwargs):
            return await asyncio.to_thread(fetch, *args, **kwargs,)
        """,
        "executor-to-thread",
    )


def test_partial_used_elsewhere_keeps_its_import() -> None:
    after = rewrite(
        """\
        import asyncio
        from functools import partial
        later = partial(print, "x")
        async def f():
            return await asyncio.get_running_loop().run_in_executor(None, partial(print, "y"))
        """,
        "executor-to-thread",
    )
    assert "from functools import partial\n" in after
    assert 'await asyncio.to_thread(print, "y")' in after


def test_one_call_pool_with_alias_imports() -> None:
    assert_rewrites(
        """\
        import asyncio as aio
        from concurrent.futures import ThreadPoolExecutor as Pool, as_completed
        async def f(path):
            loop = aio.get_running_loop()
            with Pool(4) as pool:
                data = await loop.run_in_executor(pool, read, path)
            return data, as_completed
        """,
        """\
        import asyncio as aio
        from concurrent.futures import as_completed
        async def f(path):
            data = await aio.to_thread(read, path)
            return data, as_completed
        """,
        "executor-to-thread",
    )


def test_one_line_with_block_and_comments_around_it() -> None:
    assert_rewrites(
        """\
        import asyncio
        from concurrent.futures import ThreadPoolExecutor
        async def f(path):
            loop = asyncio.get_running_loop()
            # read it in a thread
            with ThreadPoolExecutor() as pool: data = await loop.run_in_executor(pool, read, path)  # slow
            # then return it
            return data
        """,
        """\
        import asyncio
        async def f(path):
            # read it in a thread
            data = await asyncio.to_thread(read, path)  # slow
            # then return it
            return data
        """,
        "executor-to-thread",
    )


def test_multi_line_statement_moves_left_with_the_block() -> None:
    assert_rewrites(
        """\
        import asyncio
        from concurrent.futures import ThreadPoolExecutor
        async def f(path):
            loop = asyncio.get_running_loop()
            with ThreadPoolExecutor() as pool:
                data = await loop.run_in_executor(
                    pool,
                    read,  # the reader
                    path,
                )
            return data
        """,
        """\
        import asyncio
        async def f(path):
            data = await asyncio.to_thread(
                read,  # the reader
                path,
            )
            return data
        """,
        "executor-to-thread",
    )


def test_last_statement_of_the_function() -> None:
    assert_rewrites(
        """\
        import asyncio
        import concurrent.futures
        async def f(path):
            loop = asyncio.get_running_loop()
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                await loop.run_in_executor(pool, write, path)

        x = 1
        """,
        """\
        import asyncio
        async def f(path):
            await asyncio.to_thread(write, path)

        x = 1
        """,
        "executor-to-thread",
    )


@pytest.mark.parametrize(
    "source",
    [
        # shared executors: module level, attribute, parameter, used twice, other settings
        (
            "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\nPOOL = ThreadPoolExecutor()\n"
            "async def f():\n    return await asyncio.get_running_loop().run_in_executor(POOL, work)\n"
        ),
        "import asyncio\nasync def f(self):\n    return await asyncio.get_running_loop().run_in_executor(self.pool, work)\n",
        "import asyncio\nasync def f(pool):\n    return await asyncio.get_running_loop().run_in_executor(pool, work)\n",
        (
            "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\nasync def f():\n"
            "    loop = asyncio.get_running_loop()\n    with ThreadPoolExecutor() as pool:\n"
            "        x = await loop.run_in_executor(pool, work, pool)\n    return x\n"
        ),
        (
            "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\nasync def f():\n"
            "    loop = asyncio.get_running_loop()\n    with ThreadPoolExecutor(initializer=setup) as pool:\n"
            "        x = await loop.run_in_executor(pool, work)\n    return x\n"
        ),
        (
            "import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\nasync def f():\n"
            "    loop = asyncio.get_running_loop()\n    with ThreadPoolExecutor() as pool:\n"
            "        # a comment inside the block\n        x = await loop.run_in_executor(pool, work)\n    return x\n"
        ),
        # process pools
        (
            "import asyncio\nfrom concurrent.futures import ProcessPoolExecutor\nasync def f():\n"
            "    loop = asyncio.get_running_loop()\n    with ProcessPoolExecutor() as pool:\n"
            "        return await loop.run_in_executor(pool, work)\n"
        ),
        # not awaited right away; in sync code; loop of unknown origin
        "import asyncio\nasync def f():\n    fut = asyncio.get_running_loop().run_in_executor(None, work)\n    return await fut\n",
        "import asyncio\ndef f():\n    return asyncio.get_event_loop().run_in_executor(None, work)\n",
        "async def f(loop):\n    return await loop.run_in_executor(None, work)\n",
        "import asyncio\nasync def f():\n    loop = make_loop()\n    return await loop.run_in_executor(None, work)\n",
        # keyword arguments (run_in_executor takes none) and a starred callable
        "import asyncio\nasync def f():\n    return await asyncio.get_running_loop().run_in_executor(None, work, x=1)\n",
        "import asyncio\nasync def f(a):\n    return await asyncio.get_running_loop().run_in_executor(None, *a)\n",
        # asyncio shadowed where to_thread would be written
        (
            "from asyncio import get_running_loop\nasync def f(asyncio):\n"
            "    return await get_running_loop().run_in_executor(None, work)\n"
        ),
        # suppressed (the with header case is a golden case)
        "import asyncio\nasync def f():\n    return await asyncio.get_running_loop().run_in_executor(None, work)  # fastfix: ignore\n",
    ],
)
def test_left_alone(source: str) -> None:
    assert_unchanged(source, "executor-to-thread")


def test_safety_is_review() -> None:
    assert by_id()["executor-to-thread"].safety == "review"


def test_crlf_bytes() -> None:
    data = (
        b"import asyncio\r\nfrom concurrent.futures import ThreadPoolExecutor\r\n"
        b"async def f():\r\n\tloop = asyncio.get_running_loop()\r\n"
        b"\twith ThreadPoolExecutor() as pool:\r\n\t\tx = await loop.run_in_executor(pool, work)\r\n\treturn x\r\n"
    )
    result = run(data, codemods_for(["executor-to-thread"]))
    assert result.new_bytes() == b"import asyncio\r\nasync def f():\r\n\tx = await asyncio.to_thread(work)\r\n\treturn x\r\n"


def test_default_pipeline_composes_with_running_loop_and_blocking_to_thread() -> None:
    source = """\
        import asyncio
        import requests
        from concurrent.futures import ThreadPoolExecutor
        async def f(url):
            loop = asyncio.get_event_loop()
            with ThreadPoolExecutor() as pool:
                first = await loop.run_in_executor(pool, requests.get, url)
            second = requests.get(url, timeout=5)
            return first, second, asyncio.get_event_loop().time()
        """
    if "blocking-to-thread" not in by_id():
        pytest.skip("blocking-to-thread is not there yet")
    assert_rewrites(
        source,
        """\
        import asyncio
        import requests
        async def f(url):
            first = await asyncio.to_thread(requests.get, url)
            second = await asyncio.to_thread(requests.get, url, timeout=5)
            return first, second, asyncio.get_running_loop().time()
        """,
    )


def test_the_call_is_not_wrapped_again_by_blocking_to_thread() -> None:
    assert_rewrites(
        """\
        import asyncio
        import subprocess
        async def f(cmd):
            return await asyncio.get_running_loop().run_in_executor(None, subprocess.check_output, cmd)
        """,
        """\
        import asyncio
        import subprocess
        async def f(cmd):
            return await asyncio.to_thread(subprocess.check_output, cmd)
        """,
    )


def test_the_coroutines_own_import_of_asyncio_is_used() -> None:
    assert_rewrites(
        """\
        async def f(load):
            import asyncio

            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, load)
        """,
        """\
        async def f(load):
            import asyncio

            return await asyncio.to_thread(load)
        """,
    )


def test_a_local_asyncio_imported_later_or_conditionally_is_left_alone() -> None:
    # the local name shadows any module-level import, and may not be bound yet at the call
    assert_unchanged(
        """\
        async def f(load, fast):
            if fast:
                import asyncio
            return await asyncio.get_running_loop().run_in_executor(None, load)
        """,
    )
