"""blocking-io-block: inline edge cases, both helpers, the pipeline, and a runtime check that the
moved blocks run in a worker thread and give back exactly the values the original code bound."""

from __future__ import annotations

import asyncio
import json
import textwrap
from pathlib import Path

import pytest

from fastfix.parsing import parse_module
from fastfix.threads import plan_move
from fastfix.tree import syms
from tests.helpers import assert_rewrites, assert_unchanged, rewrite

ID = "blocking-io-block"


def test_run_in_threadpool_helper() -> None:
    assert_rewrites(
        """\
        import json


        async def load(path):
            with open(path) as f:
                data = json.load(f)
            return data
        """,
        """\
        from starlette.concurrency import run_in_threadpool
        import json


        async def load(path):
            def _read_file():
                with open(path) as f:
                    data = json.load(f)
                return data
            data = await run_in_threadpool(_read_file)
            return data
        """,
        ID,
        **{ID: {"helper": "run_in_threadpool"}},
    )


def test_one_line_block_and_nested_blocks_move_whole() -> None:
    assert_rewrites(
        """\
        import asyncio


        async def backup(path):
            with open(path) as f: data = f.read()
            with open(path) as src:
                with open(path + ".bak", "w") as dst:
                    dst.write(src.read())
            return data
        """,
        """\
        import asyncio


        async def backup(path):
            def _read_file():
                with open(path) as f: data = f.read()
                return data
            data = await asyncio.to_thread(_read_file)
            def _read_file_2():
                with open(path) as src:
                    with open(path + ".bak", "w") as dst:
                        dst.write(src.read())
            await asyncio.to_thread(_read_file_2)
            return data
        """,
        ID,
    )


def test_names_bound_before_and_read_in_the_block_are_passed_in() -> None:
    assert_rewrites(
        """\
        import asyncio


        async def count(paths):
            lines, longest = 0, ""
            for path in paths:
                with open(path) as f:
                    for line in f:
                        lines += 1
                        if len(line) > len(longest):
                            longest = line
                        if line.startswith("__END__"):
                            break
            return lines, longest
        """,
        """\
        import asyncio


        async def count(paths):
            lines, longest = 0, ""
            for path in paths:
                def _read_file(lines, longest):
                    with open(path) as f:
                        for line in f:
                            lines += 1
                            if len(line) > len(longest):
                                longest = line
                            if line.startswith("__END__"):
                                break
                    return lines, longest
                lines, longest = await asyncio.to_thread(_read_file, lines, longest)
            return lines, longest
        """,
        ID,
    )


def test_temporary_names_may_be_deleted() -> None:
    assert_rewrites(
        """\
        import asyncio


        async def size(path):
            with open(path, "rb") as f:
                raw = f.read()
                total = len(raw)
                del raw  # free the buffer early
            return total
        """,
        """\
        import asyncio


        async def size(path):
            def _read_file():
                with open(path, "rb") as f:
                    raw = f.read()
                    total = len(raw)
                    del raw  # free the buffer early
                return total
            total = await asyncio.to_thread(_read_file)
            return total
        """,
        ID,
    )


def test_blocks_that_cannot_run_as_a_function_stay() -> None:
    assert_unchanged(
        """\
        import threading

        lock = threading.Lock()


        class Store:
            async def load(self, path, other):
                with open(path) as f:
                    data = super().decode(f.read())
                with lock, open(path) as f:
                    other.write(f.read())
                async with other.session() as session:
                    session.write(data)
                counter = 0

                async def bump():
                    nonlocal counter
                    with open(path) as f:
                        nonlocal counter
                        counter += len(f.read())
                return data
        """,
        ID,
    )


def test_path_calls_on_known_paths_only() -> None:
    assert_rewrites(
        """\
        import anyio
        from pathlib import Path


        async def copy(source: Path | None, target, name: str):
            text = source.read_text()
            target.write_text(text)
            name.read_text()
            here = Path(name)
            here = here.parent
            here.read_text()
            await anyio.Path(name).read_text()
            Path(name).with_suffix(".bak").write_text(text)
        """,
        """\
        import asyncio
        import anyio
        from pathlib import Path


        async def copy(source: Path | None, target, name: str):
            text = await asyncio.to_thread(source.read_text)
            target.write_text(text)
            name.read_text()
            here = Path(name)
            here = here.parent
            here.read_text()
            await anyio.Path(name).read_text()
            await asyncio.to_thread(Path(name).with_suffix(".bak").write_text, text)
        """,
        ID,
    )


def test_with_blocking_to_thread_and_async_sleep_in_the_pipeline() -> None:
    assert_rewrites(
        """\
        import json
        import time

        import requests


        async def sync_settings(url, path):
            remote = requests.get(url, timeout=5).json()
            with open(path) as f:
                local = json.load(f)
            time.sleep(0.1)
            return {**local, **remote}
        """,
        """\
        import asyncio
        import json

        import requests


        async def sync_settings(url, path):
            remote = (await asyncio.to_thread(requests.get, url, timeout=5)).json()
            def _read_file():
                with open(path) as f:
                    local = json.load(f)
                return local
            local = await asyncio.to_thread(_read_file)
            await asyncio.sleep(0.1)
            return {**local, **remote}
        """,
    )


RUNTIME_SOURCE = """\
import json
import threading
from pathlib import Path


async def handler(path: Path, retries: int):
    seen = 0
    loop_thread = threading.get_ident()
    with open(path) as f:
        config = json.load(f)
        name, size = config["name"], len(config["items"])
        thread = threading.get_ident()
    for attempt in range(retries):
        with open(path) as f:
            for line in f:
                seen += len(line)
                if attempt and seen > 10_000:
                    break
    with open(path.with_suffix(".out"), "w") as out:
        out.write(name.upper())
    echoed = path.with_suffix(".out").read_text()
    return name, size, seen, echoed, thread != loop_thread
"""


def test_moved_blocks_bind_back_the_right_values_at_runtime(tmp_path: Path) -> None:
    """The rewritten coroutine returns what the original returns; its blocks ran in another thread."""
    rewritten = rewrite(RUNTIME_SOURCE, ID)
    assert rewritten.count("await asyncio.to_thread(") == 4
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"name": "shop", "items": [1, 2, 3]}, indent=2))

    def call(source: str) -> tuple:
        namespace: dict = {}
        exec(compile(textwrap.dedent(source), "<rewritten>", "exec"), namespace)  # noqa: S102 - our own test module
        return asyncio.run(namespace["handler"](path, 3))

    original, moved = call(RUNTIME_SOURCE), call(rewritten)
    assert original[:4] == moved[:4] == ("shop", 3, 3 * len(path.read_text()), "SHOP")
    assert original[4] is False and moved[4] is True


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # read only in the block: nothing to exchange
        ("with open(p) as f:\n    print(f.read())\nreturn 1\n", ((), ())),
        # bound in the block, read after it: returned
        ("with open(p) as f:\n    a = f.read()\n    b = len(a)\nreturn b, a\n", ((), ("a", "b"))),
        # read and rebound in the block, bound before it: passed in and returned
        ("n = 0\nwith open(p) as f:\n    for line in f:\n        n += 1\nreturn n\n", (("n",), ("n",))),
        # bound only on some paths, with an earlier value the coroutine reads: passed in
        ("data = None\nwith open(p) as f:\n    if f.readable():\n        data = f.read()\nreturn data\n", (("data",), ("data",))),
        # bound on every path that completes (the other one raises)
        ("with open(p) as f:\n    try:\n        data = f.read()\n    except OSError:\n        raise\nreturn data\n", ((), ("data",))),
        # the coroutine's other reads of `f` belong to another block's own `f`
        ("with open(p) as f:\n    a = f.read()\nwith open(p) as f:\n    b = f.read()\nreturn a, b\n", ((), ("a",))),
        # read in a nested function defined after the block: returned
        ("with open(p) as f:\n    a = f.read()\ndef later():\n    return a\nreturn later\n", ((), ("a",))),
        # a bound-on-some-paths name without an earlier value, read later: cannot move
        ("with open(p) as f:\n    for line in f:\n        last = line\nreturn last\n", None),
        # the with target itself is used after the block (the codemod refuses it, plan_move reports it)
        ("with open(p) as f:\n    a = f.read()\nreturn f.closed\n", ((), ("f",))),
        ("with open(p) as f:\n    await f.read()\n", None),
        ("while True:\n    with open(p) as f:\n        break\n", None),
        ("with open(p) as f:\n    global g\n    g = f.read()\n", None),
    ],
)
def test_plan_move_exchanges_exactly_the_names_needed(body: str, expected: tuple | None) -> None:
    tree = parse_module("async def handler(p):\n" + textwrap.indent(body, "    "))
    funcdef = tree.children[0].children[1]
    statement = next(node for node in funcdef.pre_order() if node.type == syms.with_stmt)  # the first
    move = plan_move(funcdef, [statement])
    assert (move and (move.parameters, move.results)) == expected
