"""The code of a text alone (fastfix.lexing), which the prefilter's text stage reads."""

from __future__ import annotations

import io
import tokenize

import pytest

from fastfix.lexing import code_only
from fastfix.source import SourceFile
from tests.helpers import stdlib_failures


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("x = 1  # time.sleep(1)\n", "x = 1  #" + " " * 14 + "\n"),
        ("# it's\ny = 'a'\n", "#     \ny = ' '\n"),  # a quote in a comment opens no string
        ("s = 'a # b'\nz = 2\n", "s = '     '\nz = 2\n"),  # a `#` in a string starts no comment
        ('d = """\n  execute("x")\n"""\n', 'd = """\n' + " " * 14 + '\n"""\n'),
        ("b = rb'\\d' + B'x' + u'y'\n", "b = rb'  ' + B' ' + u' '\n"),
        ('e = "a\\"b" + r"\\"" + "c"\n', 'e = "    " + r"  " + " "\n'),  # escaped quotes, raw ones too
        ("t = '''a\\''''\n", "t = '''   '''\n"),
        ('u = "a\\\nb"\n', 'u = "  \n "\n'),  # a backslash continues a one-line string
        ('f = f"plain" + F"{x}" + rf"{y!r:>{w}}"\n', 'f = f"     " + F"{x}" + rf"{y!r:>{w}}"\n'),
        ("g = f\"{d['k']}\" + 'z'\n", "g = f\"{d['k']}\" + ' '\n"),  # fields kept, lexing goes on after
        ('h = f"{{x}}" + t"{v}"\n', 'h = f"{{x}}" + t"{v}"\n'),  # braces that may be fields: kept
        ('if"x":\n  pass\n', 'if" ":\n  pass\n'),  # a keyword is no prefix
        ("a = 'x'\r\n# c\r\nb = 1\r\n", "a = ' '\r\n#  \r\nb = 1\r\n"),
    ],
)
def test_comments_and_strings_are_blanked_where_code_is_certain(text: str, code: str) -> None:
    assert code_only(text) == code
    assert len(code) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        'v = f"{d["key"]}" + "time.sleep(1)"\n',  # 3.12: a field reuses the string's own quote
        "v = f'{x['}'][g('k')](y)}' + '#'\n",
        "w = f'{x:'>10}'\n",  # a quote as the fill character
        "s = 'never closed\nt = 1\n",
        's = """never closed\n',
    ],
)
def test_a_text_that_cannot_be_lexed_for_sure_is_its_own_code(text: str) -> None:
    assert code_only(text) is text


def test_stdlib_code_tokens_are_never_blanked() -> None:
    """Oracle: on every file of the standard library, what Python's tokenizer reads as code
    stays as it is, and so do each string's prefix and quotes, and f-strings with fields."""
    assert stdlib_failures(_check_file) == []


def _check_file(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            text = SourceFile.decode(file.read(), path).text
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except Exception:  # noqa: BLE001 - not Python this interpreter reads: nothing to compare
        return None
    code = code_only(text)
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    for found in tokens:
        start = starts[found.start[0] - 1] + found.start[1]
        end = starts[found.end[0] - 1] + found.end[1]
        if found.type == tokenize.STRING:
            head, tail = _kept_ends(found.string)
        else:  # a comment keeps its `#`, code all of itself
            head, tail = (1, 0) if found.type == tokenize.COMMENT else (len(found.string), 0)
        if code[start : start + head] != text[start : start + head] or code[end - tail : end] != text[end - tail : end]:
            return f"{path}:{found.start[0]}: {found.string[:40]!r} changed where it must stay"
    return None


def _kept_ends(string: str) -> tuple[int, int]:
    """How much of a string token stays at each end: its prefix and quotes; all of an f-string
    with a field."""
    prefix = len(string) - len(string.lstrip("rRbBuUfFtT"))
    quotes = 3 if string[prefix : prefix + 3] in ('"""', "'''") else 1
    if "f" in string[:prefix].lower() and "{" in string:
        return len(string), 0
    return prefix + quotes, quotes
