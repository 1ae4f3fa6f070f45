"""The shared thread-offloading rewrite used by the blocking-work codemods."""

from __future__ import annotations

import textwrap

import pytest

from fastfix.parsing import parse_module
from fastfix.threads import offload
from fastfix.tree import calls


def _offloaded(source: str, helper: str = "asyncio.to_thread") -> str:
    tree = parse_module("async def f():\n" + textwrap.indent(textwrap.dedent(source), "    "))
    offload(next(calls(tree)), helper)
    return textwrap.dedent(str(tree).split("\n", 1)[1])


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("requests.get(url)\n", "await asyncio.to_thread(requests.get, url)\n"),
        ("x = fetch()\n", "x = await asyncio.to_thread(fetch)\n"),
        (
            "r = requests.post(url, *parts, json=body, **options)\n",
            "r = await asyncio.to_thread(requests.post, url, *parts, json=body, **options)\n",
        ),
        (
            "subprocess.run(\n    cmd,  # the command\n    check=True,\n)\n",
            "await asyncio.to_thread(\n    subprocess.run,\n    cmd,  # the command\n    check=True,\n)\n",
        ),
        ("data = requests.get(url).json()\n", "data = (await asyncio.to_thread(requests.get, url)).json()\n"),
        ("conn.execute(q)\n", "await asyncio.to_thread(conn.execute, q)\n"),
    ],
)
def test_offload_keeps_every_argument_and_comment(before: str, after: str) -> None:
    assert _offloaded(before) == after


def test_offload_with_run_in_threadpool() -> None:
    assert _offloaded("requests.get(url)\n", "run_in_threadpool") == "await run_in_threadpool(requests.get, url)\n"
