"""The code of a text alone: comments and the contents of strings blanked, for the prefilter.

A docstring that shows `session.execute("SELECT 1")` or a comment that names `time.sleep` is not
a call; looking for calls in the code alone spares such files an `ast` parse. The blanked text
keeps every offset and line break, and each string's prefix and quotes (`execute("   ")` still
passes a string), so that the prefilter's patterns read it as they read the text.

What cannot be told for sure is left as code, since code only ever passes more files: an f- or
t-string with replacement fields is kept whole (its fields are code). When the text cannot be
lexed with certainty (a string that does not close, an f-string whose fields do not close
inside it, as when 3.12's fields reuse the string's own quote: `f"{d["key"]}"`), the whole text
is its own code.
"""

from __future__ import annotations

import re

# What starts a comment or a string; triple quotes before single ones.
_OPENING = re.compile(r"#|'''|\"\"\"|'|\"")
# The rest of a one-line string after its opening quote, through its closing one. A backslash
# escapes the next character in every string, raw ones too (`r"\""` does not end at its second quote).
_REST = {
    "'": re.compile(r"(?:[^'\\\r\n]|\\.)*'", re.DOTALL),
    '"': re.compile(r'(?:[^"\\\r\n]|\\.)*"', re.DOTALL),
}
_PREFIXES = {"", "r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt"}  # lowercased
_LINE_END = re.compile(r"[\r\n]")
_NOT_LINE_END = re.compile(r"[^\r\n]")
_FIELD_PART = re.compile(r"[{}'\"]")  # what the scan of an f-string's fields stops at


def code_only(text: str) -> str:
    """`text` with the contents of its comments (after `#`) and of its strings (between the
    quotes) replaced by spaces, line breaks kept; f- and t-strings with fields kept whole. The
    text itself when it cannot be lexed for sure (see the module docstring)."""
    parts: list[str] = []
    done = at = 0  # text[:done] is in `parts`; the scan goes on from `at`
    while (opening := _OPENING.search(text, at)) is not None:
        start, inside = opening.span()
        quotes = opening.group()
        if quotes == "#":
            line_end = _LINE_END.search(text, inside)
            end = at = line_end.start() if line_end else len(text)
        else:
            at = _string_end(text, quotes, inside)
            if at < 0:
                return text
            end = at - len(quotes)
            if _formats(text, start) and "{" in text[inside:end]:
                if not _fields_close(text[inside:end]):
                    return text
                continue
        parts += (text[done:inside], _blank(text[inside:end]))
        done = end
    parts.append(text[done:])
    return "".join(parts)


def _string_end(text: str, quotes: str, at: int) -> int:
    """Where the string whose opening `quotes` end at `at` ends, past its closing quotes; -1 if
    it does not close."""
    if len(quotes) == 1:
        rest = _REST[quotes].match(text, at)
        return rest.end() if rest else -1
    while (close := text.find(quotes, at)) >= 0:
        escape = close
        while escape > at and text[escape - 1] == "\\":
            escape -= 1
        if (close - escape) % 2 == 0:  # not escaped
            return close + 3
        at = close + 1
    return -1


def _formats(text: str, quote: int) -> bool:
    """Whether the string whose first quote is at `quote` is an f- or t-string: the name
    characters right before it are its prefix, if they are one."""
    start = quote
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    prefix = text[start:quote].lower()
    return prefix in _PREFIXES and ("f" in prefix or "t" in prefix)


def _fields_close(body: str) -> bool:
    """Whether the replacement fields of an f-string's body (between its quotes) all close in
    it, strings inside fields skipped whole: if a field of the real string held the string's own
    quote, the body as lexed ends inside that field or inside a string in it."""
    depth, at = 0, 0
    while (part := _FIELD_PART.search(body, at)) is not None:
        char, at = part.group(), part.end()
        if char in "'\"":
            if depth:  # a string inside a field: skip it
                quotes = char * 3 if body.startswith(char * 3, part.start()) else char
                at = _string_end(body, quotes, part.start() + len(quotes))
                if at < 0:
                    return False
        elif not depth and body.startswith(char * 2, part.start()):  # `{{` or `}}`: a brace
            at += 1
        else:
            depth += 1 if char == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def _blank(part: str) -> str:
    if "\r" in part:  # rare: a file that mixes line endings
        return _NOT_LINE_END.sub(" ", part)
    return "\n".join(" " * len(line) for line in part.split("\n"))
