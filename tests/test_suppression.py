"""`# fastfix: ignore[...]` and `# noqa: CODE` comments."""

from __future__ import annotations

from tests.helpers import assert_rewrites, assert_unchanged


def test_ignore_all_ignore_one_and_noqa_codes() -> None:
    assert_unchanged(
        """\
        import time
        async def f():
            time.sleep(1)  # fastfix: ignore
            time.sleep(2)  # fastfix: ignore[async-sleep]
            time.sleep(3)  # noqa: ASYNC251
            time.sleep(4)  # noqa: E501, ASYNC251
            time.sleep(5)  # noqa
        """
    )


def test_other_ids_and_codes_do_not_suppress() -> None:
    assert_rewrites(
        """\
        import time
        async def f():
            time.sleep(1)  # fastfix: ignore[await-call-next]
            time.sleep(2)  # noqa: E501
            time.sleep(3)  # a comment that mentions noqa-like words: fastfix
        """,
        """\
        import asyncio
        async def f():
            await asyncio.sleep(1)  # fastfix: ignore[await-call-next]
            await asyncio.sleep(2)  # noqa: E501
            await asyncio.sleep(3)  # a comment that mentions noqa-like words: fastfix
        """,
    )


def test_comment_on_the_last_line_of_a_multiline_call_suppresses() -> None:
    assert_unchanged(
        """\
        import time
        async def f():
            time.sleep(
                1,
            )  # noqa: ASYNC251
        """
    )
