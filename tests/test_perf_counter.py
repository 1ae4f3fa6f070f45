"""perf-counter: time.time() pairs that measure a duration become time.perf_counter()."""

from __future__ import annotations

import pytest

from tests.helpers import assert_rewrites, assert_unchanged, codemods_for, rewrite, run


def test_start_and_subtraction_in_a_sync_function() -> None:
    assert_rewrites(
        """\
        import time
        def f():
            start = time.time()
            work()
            return time.time() - start
        """,
        """\
        import time
        def f():
            start = time.perf_counter()
            work()
            return time.perf_counter() - start
        """,
        "perf-counter",
    )


def test_end_minus_start_and_laps() -> None:
    assert_rewrites(
        """\
        import time as t
        async def f():
            start = t.time()
            await work()
            end = t.time()
            first = end - start
            start = t.time()
            await work()
            return first, round(t.time() - start, 3) > 1.0
        """,
        """\
        import time as t
        async def f():
            start = t.perf_counter()
            await work()
            end = t.perf_counter()
            first = end - start
            start = t.perf_counter()
            await work()
            return first, round(t.perf_counter() - start, 3) > 1.0
        """,
        "perf-counter",
    )


def test_from_import_alias_is_replaced_when_unused() -> None:
    assert_rewrites(
        """\
        from time import time as now
        def f():
            began = now()
            while now() - began < 5:
                poll()
        """,
        """\
        from time import perf_counter
        def f():
            began = perf_counter()
            while perf_counter() - began < 5:
                poll()
        """,
        "perf-counter",
    )


def test_keyword_named_like_the_variable_is_not_a_use() -> None:
    assert_rewrites(
        """\
        import time
        def f():
            start = time.time()
            report(start=1, took=time.time() - start)
        """,
        """\
        import time
        def f():
            start = time.perf_counter()
            report(start=1, took=time.perf_counter() - start)
        """,
        "perf-counter",
    )


def test_timestamp_and_timer_in_one_function() -> None:
    after = rewrite(
        """\
        import time
        def f():
            created = time.time()
            start = time.time()
            work()
            return {"created": created, "took": time.time() - start, "now": time.time()}
        """,
        "perf-counter",
    )
    assert "created = time.time()" in after
    assert "start = time.perf_counter()" in after
    assert '"took": time.perf_counter() - start, "now": time.time()}' in after


def test_crlf_and_tabs() -> None:
    data = b"import time\r\ndef f():\r\n\tstart = time.time()\r\n\treturn time.time() - start\r\n"
    result = run(data, codemods_for(["perf-counter"]))
    assert result.new_bytes() == b"import time\r\ndef f():\r\n\tstart = time.perf_counter()\r\n\treturn time.perf_counter() - start\r\n"


@pytest.mark.parametrize(
    "use",
    [
        "log(start)",
        "return start",
        "self.started = start",
        "return start > deadline",
        "return start + 5",
        "return time.time() - start - pause",
        'return f"{start}"',
        "return (lambda: time.time() - start)()",
        "del start",
        "start += 1",
    ],
)
def test_a_start_used_as_a_timestamp_keeps_both_ends(use: str) -> None:
    assert_unchanged(
        f"""\
        import time
        def f(deadline, pause):
            start = time.time()
            took = time.time() - start
            {use}
        """,
        "perf-counter",
    )


@pytest.mark.parametrize(
    "source",
    [
        # module-level start, global start, parameter
        "import time\nSTART = time.time()\ndef f():\n    return time.time() - START\n",
        "import time\ndef f():\n    global START\n    START = time.time()\n    return time.time() - START\n",
        "import time\ndef f(start):\n    start = time.time()\n    return time.time() - start\n",
        # assigned something else too; subtracted from something that is not a clock
        "import time\ndef f(x):\n    start = time.time()\n    if x:\n        start = x\n    return time.time() - start\n",
        "import time\ndef f(last):\n    now = time.time()\n    return now - last\n",
        # assigned but never part of a subtraction
        "import time\ndef f():\n    start = time.time()\n    work()\n",
        # an end that is also used as a timestamp drags its start along
        "import time\ndef f():\n    start = time.time()\n    end = time.time()\n    log(end)\n    return end - start\n",
        # names that only share the spelling
        "def f(time):\n    start = time.time()\n    return time.time() - start\n",
        "import datetime\ndef f(clock):\n    start = clock.time()\n    return clock.time() - start\n",
        # suppressed on either end
        "import time\ndef f():\n    start = time.time()  # fastfix: ignore[perf-counter]\n    return time.time() - start\n",
        "import time\ndef f():\n    start = time.time()\n    return time.time() - start  # fastfix: ignore\n",
        # perf_counter already
        "import time\ndef f():\n    start = time.perf_counter()\n    return time.perf_counter() - start\n",
    ],
)
def test_left_alone(source: str) -> None:
    assert_unchanged(source, "perf-counter")


def test_start_in_an_outer_function_used_by_a_nested_one_stays() -> None:
    assert_unchanged(
        """\
        import time
        def outer():
            start = time.time()
            def elapsed():
                return time.time() - start
            return elapsed
        """,
        "perf-counter",
    )


def test_default_pipeline_composes_with_the_thread_rewrites() -> None:
    assert_rewrites(
        """\
        import asyncio
        import time
        async def f(path):
            start = time.time()
            data = await asyncio.get_event_loop().run_in_executor(None, read, path)
            return data, time.time() - start
        """,
        """\
        import asyncio
        import time
        async def f(path):
            start = time.perf_counter()
            data = await asyncio.to_thread(read, path)
            return data, time.perf_counter() - start
        """,
    )
