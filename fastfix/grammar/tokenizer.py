"""Tokenizing Python source for fastfix's grammar: fissix's pgen2 tokenizer with two changes,
and names and operators, most tokens, found first (in 0.7 of the time, the same tokens).

- `async` and `await` are always keywords (ASYNC and AWAIT tokens), as since Python 3.7; fissix
  only knows them inside `async def`, so `(x async for x in y)` in a plain `def` failed.
- An f-string or t-string is read whole into one STRING token (as fissix did for the f-strings
  it could read) following PEP 701: replacement fields may reuse the string's quotes, nest
  f-strings, span lines, and hold comments and backslashes. fissix's regular expressions end
  `f"{d["key"]}"` at the second quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from fissix.pgen2 import tokenize as _fissix
from fissix.pgen2.token import (
    ASYNC,
    AWAIT,
    COMMENT,
    DEDENT,
    ENDMARKER,
    ERRORTOKEN,
    INDENT,
    NAME,
    NEWLINE,
    NL,
    NUMBER,
    OP,
    STRING,
)
from fissix.pgen2.tokenize import TokenError

Token = tuple[int, str, tuple[int, int], tuple[int, int], str]

# An f-string or t-string opening, tried before every other token so that it is never split.
_TEMPLATE_PREFIXES = {"f", "F", "t", "T"} | {a + b for a in "fFtT" for b in "rR"} | {b + a for a in "fFtT" for b in "rR"}
_TEMPLATE_OPENERS = {prefix + quote for prefix in _TEMPLATE_PREFIXES for quote in ("'''", '"""', "'", '"')}
_TemplateStart = r"(?:[fFtT][rR]?|[rR][fFtT])(?:'''|\"\"\"|'|\")"
# Identifiers may hold characters `\w` does not match (combining marks, variation selectors);
# any non-ASCII run is read as one and checked with str.isidentifier().
_Name = r"(?:\w|[^\x00-\x7f])+"
# The alternatives are fissix's, but names and operators, most tokens, come first, each guarded
# so that it matches only where none before it in fissix's order would: a name that does not
# start with a digit (a number may) nor is one or two letters before a quote (a string prefix),
# and an operator that is not a `.` before a digit (a number). What a guard leaves out goes on
# in fissix's order (where the operators came just after the numbers).
_FirstName = r"(?!\d)(?![A-Za-z]{1,2}['\"])" + _Name
_FirstFunny = r"(?!\.\d)" + _fissix.Funny
_pseudoprog = re.compile(
    _fissix.Whitespace
    + _fissix.group(
        _FirstName, _FirstFunny, _TemplateStart, _fissix.PseudoExtras, _fissix.Number, _fissix.ContStr, _Name
    )
)
_KEYWORD_TOKENS = {"async": ASYNC, "await": AWAIT}

# Inside a replacement field: where a string starts, and the rest of a plain string.
_STRING_PREFIXES = {"", "r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt"}
_OPENING = re.compile(r"([A-Za-z]{0,2})('''|\"\"\"|'|\")")
_TAILS = {
    "'": re.compile(r"[^'\\\r\n]*(?:\\(?:\r\n|.)[^'\\\r\n]*)*'", re.DOTALL),
    '"': re.compile(r'[^"\\\r\n]*(?:\\(?:\r\n|.)[^"\\\r\n]*)*"', re.DOTALL),
    "'''": re.compile(r"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''", re.DOTALL),
    '"""': re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""', re.DOTALL),
}
_LITERAL_RUN = re.compile(r"[^\\{}'\"\r\n]+")
_EXPRESSION_RUN = re.compile(r"[^\\()\[\]{}'\"#:\w]+")
_WORD = re.compile(r"\w+")


class _StringScanner:
    """Reads one string literal from `line`, pulling further lines from `readline` while it is
    unfinished; `text` holds every line it touched."""

    def __init__(self, line: str, readline: Callable[[], str], position: tuple[int, int]) -> None:
        self.text = line
        self.readline = readline
        self.position = position
        self.extra_lines = 0
        self.last_line_start = 0

    def _char(self, index: int) -> str:
        while index >= len(self.text):
            self._more()
        return self.text[index]

    def _more(self) -> None:
        try:
            line = self.readline()
        except StopIteration:
            line = ""
        if not line:
            raise TokenError("EOF in multi-line string", self.position)
        self.last_line_start = len(self.text)
        self.text += line
        self.extra_lines += 1

    def _error(self, message: str) -> TokenError:
        return TokenError(message, self.position)

    def string(self, index: int) -> int:
        """The index just past the string literal (any prefix) that starts at `index`."""
        opening = _OPENING.match(self.text, index)
        prefix, quote = opening.group(1).lower(), opening.group(2)
        if "f" in prefix or "t" in prefix:
            return self._template(opening.end(), quote, "r" in prefix)
        tail = _TAILS[quote]
        while True:
            end = tail.match(self.text, opening.end())
            if end:
                return end.end()
            if len(quote) == 1 and not self.text.endswith(("\\\n", "\\\r\n")):
                raise self._error("unterminated string literal")
            self._more()

    def _template(self, index: int, quote: str, raw: bool) -> int:
        while True:
            index = self._literal(index, quote, raw, spec=False)
            if self.text[index] != "{":
                return index + len(quote)
            index = self._field(index + 1, quote, raw)

    def _literal(self, index: int, quote: str, raw: bool, spec: bool) -> int:
        """Skip literal text; stop at the closing quote, at a `{` that opens a replacement field
        or, in a format spec, at the `}` that closes its field."""
        while True:
            char = self._char(index)
            if char == "\\":
                following = self._char(index + 1)
                if following in "{}":  # a backslash does not escape a brace
                    index += 1
                elif following == "N" and not raw and self._char(index + 2) == "{":
                    index = self.text.find("}", index)
                    if index < 0:
                        raise self._error("unterminated \\N{...} escape in f-string")
                    index += 1
                else:
                    index += 2
            elif char == "{":
                if spec or self._char(index + 1) != "{":
                    return index
                index += 2
            elif char == "}":
                if spec:
                    return index
                index += 2 if self._char(index + 1) == "}" else 1
            elif char == quote[0] and self.text.startswith(quote, index):
                return index
            elif char in "\r\n" and len(quote) == 1:
                raise self._error("unterminated f-string literal")
            else:
                run = _LITERAL_RUN.match(self.text, index)
                index = run.end() if run else index + 1

    def _field(self, index: int, quote: str, raw: bool) -> int:
        """Skip a replacement field's expression, conversion and format spec; return the index
        after its closing `}`."""
        depth = 0
        while True:
            char = self._char(index)
            if char in "([{":
                depth += 1
                index += 1
            elif char in ")]}":
                if char == "}" and depth == 0:
                    return index + 1
                depth = max(depth - 1, 0)
                index += 1
            elif char in "'\"":
                index = self.string(index)
            elif char == "#":  # a comment, in a field that goes on on the next line
                end = self.text.find("\n", index)
                index = end if end >= 0 else len(self.text)
            elif char == ":" and depth == 0:
                index = self._literal(index + 1, quote, raw, spec=True)
                while self.text[index] == "{":
                    index = self._literal(self._field(index + 1, quote, raw), quote, raw, spec=True)
                if self.text[index] != "}":
                    raise self._error("f-string: expecting '}'")
                return index + 1
            elif char == "\\":
                index += 2
            elif char.isidentifier() or char.isdigit():
                word = _WORD.match(self.text, index)
                end = word.end() if word else index + 1
                if self.text[index:end].lower() in _STRING_PREFIXES and self._char(end) in "'\"":
                    index = self.string(index)
                else:
                    index = end
            else:
                run = _EXPRESSION_RUN.match(self.text, index)
                index = run.end() if run else index + 1


def generate_tokens(readline: Callable[[], str]) -> Iterator[Token]:
    """fissix's `generate_tokens`, with the changes in the module docstring."""
    lnum = parenlev = continued = 0
    numchars = "0123456789"
    contstr, needcont = "", 0
    contline = None
    indents = [0]
    endprog = strstart = None

    while True:  # loop over lines in stream
        try:
            line = readline()
        except StopIteration:
            line = ""
        lnum += 1
        pos, max = 0, len(line)

        if contstr:  # continued string
            if not line:
                raise TokenError("EOF in multi-line string", strstart)
            endmatch = endprog.match(line)
            if endmatch:
                pos = end = endmatch.end(0)
                yield (STRING, contstr + line[:end], strstart, (lnum, end), contline + line)
                contstr, needcont = "", 0
                contline = None
            elif needcont and line[-2:] != "\\\n" and line[-3:] != "\\\r\n":
                yield (ERRORTOKEN, contstr + line, strstart, (lnum, len(line)), contline)
                contstr = ""
                contline = None
                continue
            else:
                contstr = contstr + line
                contline = contline + line
                continue

        elif parenlev == 0 and not continued:  # new statement
            if not line:
                break
            column = 0
            while pos < max:  # measure leading whitespace
                if line[pos] == " ":
                    column += 1
                elif line[pos] == "\t":
                    column = (column // _fissix.tabsize + 1) * _fissix.tabsize
                elif line[pos] == "\f":
                    column = 0
                else:
                    break
                pos += 1
            if pos == max:
                break

            if line[pos] in "#\r\n":  # skip comments or blank lines
                if line[pos] == "#":
                    comment_token = line[pos:].rstrip("\r\n")
                    nl_pos = pos + len(comment_token)
                    yield (COMMENT, comment_token, (lnum, pos), (lnum, nl_pos), line)
                    yield (NL, line[nl_pos:], (lnum, nl_pos), (lnum, len(line)), line)
                else:
                    yield (NL, line[pos:], (lnum, pos), (lnum, len(line)), line)
                continue

            if column > indents[-1]:  # count indents or dedents
                indents.append(column)
                yield (INDENT, line[:pos], (lnum, 0), (lnum, pos), line)
            while column < indents[-1]:
                if column not in indents:
                    raise IndentationError(
                        "unindent does not match any outer indentation level",
                        ("<tokenize>", lnum, pos, line),
                    )
                indents = indents[:-1]
                yield (DEDENT, "", (lnum, pos), (lnum, pos), line)

        else:  # continued statement
            if not line:
                raise TokenError("EOF in multi-line statement", (lnum, 0))
            continued = 0

        while pos < max:
            pseudomatch = _pseudoprog.match(line, pos)
            if pseudomatch:  # scan for tokens
                start, end = pseudomatch.span(1)
                spos, epos, pos = (lnum, start), (lnum, end), end
                token, initial = line[start:end], line[start]

                if token.isidentifier():  # the commonest token first: as the names' branch below
                    yield (_KEYWORD_TOKENS.get(token, NAME), token, spos, epos, line)
                elif initial in numchars or (initial == "." and token != "."):  # ordinary number
                    yield (NUMBER, token, spos, epos, line)
                elif initial in "\r\n":
                    yield (NL if parenlev > 0 else NEWLINE, token, spos, epos, line)
                elif initial == "#":
                    yield (COMMENT, token, spos, epos, line)
                elif token in _TEMPLATE_OPENERS:
                    scanner = _StringScanner(line, readline, spos)
                    end = scanner.string(start)
                    text = scanner.text
                    if scanner.extra_lines:  # go on after it, on its last line
                        lnum += scanner.extra_lines
                        line = text[scanner.last_line_start :]
                        pos, max = end - scanner.last_line_start, len(line)
                    else:
                        pos = end
                    yield (STRING, text[start:end], spos, (lnum, pos), text)
                elif token in _fissix.triple_quoted:
                    endprog = _fissix.endprogs[token]
                    endmatch = endprog.match(line, pos)
                    if endmatch:  # all on one line
                        pos = endmatch.end(0)
                        yield (STRING, line[start:pos], spos, (lnum, pos), line)
                    else:
                        strstart = (lnum, start)  # multiple lines
                        contstr = line[start:]
                        contline = line
                        break
                elif (
                    initial in _fissix.single_quoted
                    or token[:2] in _fissix.single_quoted
                    or token[:3] in _fissix.single_quoted
                ):
                    if token[-1] == "\n":  # continued string
                        strstart = (lnum, start)
                        endprog = _fissix.endprogs[initial] or _fissix.endprogs[token[1]] or _fissix.endprogs[token[2]]
                        contstr, needcont = line[start:], 1
                        contline = line
                        break
                    yield (STRING, token, spos, epos, line)
                elif initial.isidentifier() or not initial.isascii():  # ordinary name
                    kind = NAME if token.isascii() or token.isidentifier() else ERRORTOKEN
                    yield (_KEYWORD_TOKENS.get(token, kind), token, spos, epos, line)
                elif initial == "\\":  # continued stmt
                    yield (NL, token, spos, (lnum, pos), line)
                    continued = 1
                else:
                    if initial in "([{":
                        parenlev += 1
                    elif initial in ")]}":
                        parenlev -= 1
                    yield (OP, token, spos, epos, line)
            else:
                yield (ERRORTOKEN, line[pos], (lnum, pos), (lnum, pos + 1), line)
                pos += 1

    for _ in indents[1:]:  # pop remaining indent levels
        yield (DEDENT, "", (lnum, 0), (lnum, 0), "")
    yield (ENDMARKER, "", (lnum, 0), (lnum, 0), "")
