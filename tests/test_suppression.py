"""`# fastfix: ignore[...]` and `# noqa: CODE` comments."""

from __future__ import annotations

import textwrap

from fastfix.parsing import parse_module
from fastfix.suppression import ALL, Suppressions
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


def test_noqa_in_upper_case_suppresses() -> None:
    assert_unchanged(
        """\
        import time
        async def f():
            time.sleep(1)  # NOQA: async251
        """
    )


def test_fastfix_ignore_in_upper_case_suppresses() -> None:
    assert_unchanged(
        """\
        import time
        async def f():
            time.sleep(1)  # FASTFIX: IGNORE
        """
    )


def test_a_marker_in_a_string_is_no_comment() -> None:
    assert_rewrites(
        """\
        import time
        async def f():
            time.sleep(len("# noqa"))
            time.sleep(len('''
        # fastfix: ignore
        '''))
        """,
        """\
        import asyncio
        async def f():
            await asyncio.sleep(len("# noqa"))
            await asyncio.sleep(len('''
        # fastfix: ignore
        '''))
        """,
    )


def test_comments_on_lines_of_their_own_in_blocks_and_at_the_end_of_the_file() -> None:
    # in the prefix of an INDENT, of a DEDENT, of the next token inside brackets, of a NEWLINE
    # (after code) and of the ENDMARKER
    text = textwrap.dedent(
        """\
        def f():
            # noqa: A1
            x = "# noqa: S1"
            # fastfix: ignore[a]
        # noqa: B2
        y = (  # fastfix: ignore[b]
            # noqa: C3
            2,
        )  # noqa
        # fastfix: ignore
        """
    )
    suppressions = Suppressions(parse_module(text), text)
    assert suppressions.noqa == {2: {"A1"}, 5: {"B2"}, 7: {"C3"}, 9: {ALL}}
    assert suppressions.fastfix == {4: {"a"}, 6: {"b"}, 10: {ALL}}


def test_found_tells_whether_a_file_has_any_suppression_comment() -> None:
    cases = {
        "x = 1  # a comment\n": False,
        'x = "# noqa"\n': False,  # a marker in a string is no comment
        "x = 1  # noqa\n": True,
        "# fastfix: ignore[a]\nx = 1\n": True,
    }
    for text, found in cases.items():
        assert Suppressions(parse_module(text), text).found is found
