"""Source decoding/encoding and parsing: everything fastfix does not rewrite stays byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest
from fissix.pgen2 import token

from fastfix.errors import FastfixError
from fastfix.grammar import parser
from fastfix.parsing import parse_module, parse_statements, tree_text
from fastfix.source import SourceFile
from tests.helpers import codemods_for, run

ROUND_TRIPS = [
    b"",
    b"# only a comment\n",
    b"# only a comment, no newline",
    b"x = 1",
    b"x = 1\r\ny = 2\r\n",
    b"x = 1\r\ny = 2\n",  # mixed endings are kept as they are
    b"\xef\xbb\xbfx = 'bom'\n",
    b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
    b"def f():\n\tif x:\n\t\treturn 1  # tab\n",
    b"session.exec(select(User))\nprint('hi', file=out)\nexec = 1\n",
]


@pytest.mark.parametrize("data", ROUND_TRIPS)
def test_decode_parse_encode_round_trips_bytes(data: bytes) -> None:
    source = SourceFile.decode(data, "x.py")
    tree = parse_module(source.text, "x.py")
    assert source.encode(str(tree)) == data


@pytest.mark.parametrize("data", ROUND_TRIPS)
def test_unchanged_files_come_out_unchanged(data: bytes) -> None:
    result = run(data, codemods_for())
    assert result.error is None
    assert not result.changed


def test_crlf_file_gets_crlf_in_new_lines_too() -> None:
    data = b"import time\r\n\r\nasync def f():\r\n    time.sleep(1)\r\n"
    result = run(data, codemods_for(["async-sleep"]))
    assert result.new_bytes() == b"import asyncio\r\n\r\nasync def f():\r\n    await asyncio.sleep(1)\r\n"


def test_latin1_file_is_written_back_in_latin1() -> None:
    data = b"# -*- coding: latin-1 -*-\nimport time\nasync def f():\n    time.sleep(1)  # caf\xe9\n"
    result = run(data, codemods_for(["async-sleep"]))
    assert result.new_bytes().endswith(b"await asyncio.sleep(1)  # caf\xe9\n")


def test_undecodable_file_names_the_line_and_byte() -> None:
    with pytest.raises(FastfixError) as info:
        SourceFile.decode(b"x = 1\ny = '\xff'\n", "bad.py")
    assert str(info.value) == "bad.py:2: not valid utf-8: byte 0xff (invalid start byte)"


def test_unknown_encoding_cookie_is_reported() -> None:
    with pytest.raises(FastfixError, match="bad.py:1: bad encoding declaration: unknown encoding: klingon"):
        SourceFile.decode(b"# -*- coding: klingon -*-\n", "bad.py")


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("def f(:\n    pass\n", 1, "unexpected ':'"),
        ("x = (1,\n", 2, "EOF in multi-line statement"),
        ("if x:\n    a\n  b\n", 3, "unindent does not match"),
        ("def f(:\n    pass\nx = \"\"\"\n", 1, "unexpected ':'"),  # the first error, not the tokenizer's
    ],
)
def test_parse_errors_name_the_line(source: str, line: int, message: str) -> None:
    with pytest.raises(FastfixError) as info:
        parse_module(source, "bad.py")
    assert info.value.line == line
    assert message in info.value.message


def test_a_parse_that_loses_text_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    tokenize = parser.tokenizer.generate_tokens

    def losing_comments_last_character(readline):  # as a tokenizer bug would
        for kind, value, *rest in tokenize(readline):
            yield (kind, value[:-1] if kind == token.COMMENT else value, *rest)

    monkeypatch.setattr(parser.tokenizer, "generate_tokens", losing_comments_last_character)
    assert str(parse_module("x = 1\n")) == "x = 1\n"
    with pytest.raises(FastfixError, match="cannot parse losslessly") as info:
        parse_module("x = 1  # note\n", "odd.py")
    assert info.value.path == "odd.py"


def test_the_parser_reads_the_tokens_as_it_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's tokens are not all held at once (a long file's would double the parse's memory),
    and reading stops at the first error."""
    tokenize, read = parser.tokenizer.generate_tokens, []

    def counted(readline):
        for read_token in tokenize(readline):
            read.append(read_token)
            yield read_token

    monkeypatch.setattr(parser.tokenizer, "generate_tokens", counted)
    with pytest.raises(parser.ParseError):
        parser.parse_string("def f(:\n    pass\n" + "x = 1\n" * 1000)
    assert len(read) < 10


def test_parse_error_in_one_file_is_a_result_not_an_exception() -> None:
    result = run(b"import time\nasync def f(:\n    time.sleep(1)\n", codemods_for())
    assert result.error is not None and result.error.line == 2
    assert not result.changed


def test_parse_statements_indents_and_allows_await() -> None:
    statements = parse_statements("try:\n    yield x\nfinally:\n    await x.close()\n", "\t")
    assert "".join(map(str, statements)) == "\ttry:\n\t    yield x\n\tfinally:\n\t    await x.close()\n"


def test_tree_text_is_what_fissix_prints_for_a_file_and_each_node() -> None:
    golden = sorted((Path(__file__).resolve().parent.parent / "golden").glob("*/*.py"))
    assert len(golden) > 100
    for case in golden:
        tree = parse_module(SourceFile.decode(case.read_bytes(), str(case)).text)
        assert tree_text(tree) == str(tree)
        for node in tree.pre_order():
            assert tree_text(node) == str(node), (case, node)
