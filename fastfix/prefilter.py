"""The prefilter: which rules may act on a file, decided before fissix (the slow parser) reads it.

Stage 1 reads the text only: a rule needs one of its `tokens`, every regular expression of its
`requires`, and what its `prefilter` query needs of the text (see `Query.text`); what a query
asks of code (calls, `with`, definitions, classes) must also be in the code alone, not in a
docstring or comment (see `_InCode`, fastfix/lexing.py). Stage 2, for the
files that pass, asks the query about an index of the file built once from `ast` (CPython's parser,
far faster than fissix; see fastfix/ast_index.py): calls by what their callee may resolve to,
`with` statements, function definitions, each with where it stands. A rule whose stage-2 query fails is not run on the file;
a file left with no rule is not parsed at all. `select` decides both, for the pipeline and the
benchmark alike.

Every condition must hold for each file a rule would change or report on, on the tree as the rules
before it left it: it is a necessary condition, never a guess. So names are matched by every
spelling the file's imports (in any scope) allow, and a function counts as a coroutine if it is
an `async def` or a `def` that a codemod may make one before later rules run: a `dispatch`
method (async-dispatch) or an `on_event` handler (lifespan moves its body into an async lifespan).
A file `ast` cannot parse (newer syntax, invalid code) is not filtered by stage 2.

The query vocabulary: `calls_to`, `method_calls`, `with_blocks`, `defines`, `subclasses`, `refers_to`,
and on the text alone `mentions`; combined with `|` and `&`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fastfix.ast_index import ELSEWHERE, IN_COROUTINE, IN_FUNCTION, Definition, Index, build_index
from fastfix.lexing import code_only

if TYPE_CHECKING:
    from fastfix.codemod import Rule

# a rule's cross-file facts from the run; None while they are not known yet (see `select`)
Facts = frozenset[Any] | None

COROUTINE = "coroutine"  # directly in the body of a coroutine (not in a nested def, lambda or class)
FUNCTION = "function"  # directly in the body of any def
# the places (bits of the index: see fastfix/ast_index.py) each `where` of a query accepts
_MASKS = {None: ELSEWHERE | IN_FUNCTION | IN_COROUTINE, FUNCTION: IN_FUNCTION | IN_COROUTINE, COROUTINE: IN_COROUTINE}

# A coroutine needs one of these in the text: `async def`, or a def that a codemod makes one.
COROUTINE_TOKENS = ("async", "dispatch", "on_event")
# What may stand between two tokens of an expression: spaces, line breaks and comments (inside
# brackets), backslash continuations. Each alternative starts with its own character and a comment
# runs to the end of its line, so that a match never backtracks far.
_GAP = r"(?:\s|\\|#[^\n]*\n)*"


@lru_cache(maxsize=512)
def pattern(source: str) -> re.Pattern[str]:
    """A compiled regular expression, compiled once. Start it with a literal, not `\\b`: a literal
    prefix lets `re` skip through the text fast."""
    return re.compile(source)


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, words))


# Answers about the text of the file being decided, and about its code (see `_code`): several
# rules ask the same questions of both. The latest text asked about first: asked most often.
_seen: list[tuple[str, dict[Any, Any]]] = [("", {}), ("", {})]


def _remembered(text: str) -> dict[Any, Any]:
    latest, other = _seen
    if latest[0] is text:
        return latest[1]
    if other[0] is not text:  # the text of another file, or its code: it takes the older place
        other = (text, {})
    _seen[:] = other, latest
    return other[1]


def _code(text: str) -> str:
    """The text's code alone (`code_only`), lexed once per text."""
    known = _remembered(text)
    code = known.get("code")
    if code is None:
        code = known["code"] = code_only(text)
    return code


def has(word: str, text: str) -> bool:
    """`word in text`, remembered for the last text asked about."""
    known = _remembered(text)
    found = known.get(word)
    if found is None:
        found = known[word] = word in text
    return found


def _coroutine_text(text: str) -> bool:
    """Whether the file may have a coroutine: an `async def`, a `def dispatch` or an `on_event`."""
    known = _remembered(text)
    found = known.get("coroutine")
    if found is None:
        found = known["coroutine"] = (
            (has("async", text) and pattern(r"async[\s\\]+def").search(text) is not None)
            or (has("dispatch", text) and pattern(r"def[\s\\]+dispatch\b").search(text) is not None)
            or has("on_event", text)
        )
    return found


def _top(module: str) -> str:
    return module.split(".", 1)[0]


# --- queries -----------------------------------------------------------------------------------


class Query:
    """A condition a file must meet for a rule to act on it. `text` is what it needs of the text
    (stage 1), `match` what it needs of the index (stage 2); both must be necessary conditions."""

    def text(self, text: str, module: str, facts: Facts) -> bool:
        return True

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        return True

    @property
    def needs_facts(self) -> bool:
        """Whether a condition asks about the run's facts."""
        return False

    def fact_names(self, text: str, module: str) -> set[str] | None:
        """For a condition that holds on the text if and only if the facts name one of some names
        in this module, those names (none: it cannot hold); None for any other condition."""
        return None

    def __or__(self, other: Query) -> Query:
        return _Either(self, other)

    def __and__(self, other: Query) -> Query:
        return _Both(self, other)


@dataclass(frozen=True)
class _Pair(Query):
    first: Query
    second: Query

    @property
    def needs_facts(self) -> bool:
        return self.first.needs_facts or self.second.needs_facts


class _Either(_Pair):
    def text(self, text: str, module: str, facts: Facts) -> bool:
        return self.first.text(text, module, facts) or self.second.text(text, module, facts)

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        # one branch must hold as a whole: its text condition too (a text-only one matches any index)
        return any(
            branch.text(index.text, module, facts) and branch.match(index, module, facts) for branch in (self.first, self.second)
        )


class _Both(_Pair):
    def text(self, text: str, module: str, facts: Facts) -> bool:
        return self.first.text(text, module, facts) and self.second.text(text, module, facts)

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        return self.first.match(index, module, facts) and self.second.match(index, module, facts)


class _InCode(Query):
    """A condition on code, which comments and strings cannot meet: its text condition (`_holds`)
    must hold on the text, and on the text's code alone (`code_only`). The text goes first: most
    files fail there, and need no lexing."""

    def text(self, text: str, module: str, facts: Facts) -> bool:
        if not self._holds(text, module, facts):
            return False
        if facts is None and self.needs_facts:  # a first look, which the facts decide (see `select`)
            return True
        code = _code(text)
        return code is text or self._holds(code, module, facts)

    def _holds(self, text: str, module: str, facts: Facts) -> bool:
        raise NotImplementedError


def _before(text: str, at: int) -> str:
    """The character before `at`; a line break at the start of the text."""
    return text[at - 1] if at else "\n"


def _name_char(char: str) -> bool:
    """A letter, digit or underscore: a character of a name."""
    return char.isalnum() or char == "_"


def _matches(source: str, text: str) -> Iterator[re.Match[str]]:
    """The matches of the regular expression that start a name: not right after a letter, digit
    or underscore (checked here: `\\b` in front would make `re` try every position)."""
    for match in pattern(source).finditer(text):
        start = match.start()
        if not start or not _name_char(text[start - 1]):
            yield match


def _found(source: str, text: str) -> bool:
    return next(_matches(source, text), None) is not None


@lru_cache(maxsize=256)
def _parts(names: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """The first parts of qualified names, each with the second parts (none for a name without
    a dot) and the last parts of the names it starts."""
    seconds: dict[str, set[str]] = {}
    lasts: dict[str, set[str]] = {}
    for name in names:
        first, *rest = name.split(".")
        seconds.setdefault(first, set()).update(rest[:1])
        lasts.setdefault(first, set()).add(name.rsplit(".", 1)[-1])
    return tuple((first, tuple(sorted(seconds[first])), tuple(sorted(lasts[first]))) for first in seconds)


def _module_named(module: str, seconds: tuple[str, ...], text: str) -> bool:
    """Whether the text names the module `module` where code does, to reach one of the names
    `seconds` in it: `module.second` (unimported, or after `import module`), `from module import
    second` (in a list of names, maybe renamed) or `from module.second import`, or
    `import module as m` (after other modules too)."""
    known, key = _remembered(text), ("module", module, seconds)
    if key not in known:
        name = re.escape(module)
        wanted = f"(?:{_alternatives(seconds)})\\b"
        imported = f"(?:[\\w\\s,()\\\\]|#[^\\n]*\\n)*?\\b{wanted}"  # an import list naming one
        known[key] = (
            _found(f"{name}{_GAP}\\.{_GAP}{wanted}", text)
            or _found(f"from{_GAP}{name}{_GAP}(?:\\.{_GAP}{wanted}|import\\b{imported})", text)
            or _found(f"import{_GAP}(?:[\\w.]+(?:{_GAP}as{_GAP}\\w+)?{_GAP},{_GAP})*{name}{_GAP}as\\b", text)
        )
    return known[key]


def _ends(text: str, module: str, names: tuple[str, ...]) -> list[str]:
    """The last parts of those qualified `names` that the text may refer to. The last part of a
    name is in the text wherever the file refers to it (`t.sleep`, `from time import sleep as
    nap`). So is the first one, as a module name that code uses (see `_module_named`), unless a
    relative import starts from the module's own package."""
    top, ends = _top(module), set()
    for first, seconds, lasts in _parts(names):
        if first != top and not has(first, text):
            continue
        present = [last for last in lasts if has(last, text)]
        if present and (first == top or not seconds or _module_named(first, seconds, text)):
            ends.update(present)
    return sorted(ends)


def _called(ends: list[str], text: str) -> bool:
    """Whether a name ending in one of `ends` may be called: followed by `(`, or renamed by an
    import (`sleep as nap`)."""
    return any(_found(f"{re.escape(end)}{_GAP}(?:\\(|as\\b)", text) for end in ends)


# what a line holds before the `=` of an assignment to an attribute: `    self.start `, maybe
# annotated (`self.router: APIRouter `)
_ATTRIBUTE_TARGET = re.compile(r"[ \t]*\w+(?:[ \t]*\.[ \t]*\w+)+[ \t]*(?::[^=\r\n]*)?")


def _attribute_target(text: str, at: int) -> bool:
    """Whether the `=` at `at` assigns to an attribute: its line up to it is a dotted name, maybe
    annotated, and continues no other line (a line inside brackets cannot hold an assignment's `=`)."""
    line = _line_start(text, at)
    if _ATTRIBUTE_TARGET.fullmatch(text, line, at) is None:
        return False
    previous = text[max(0, line - 3) : line].rstrip("\r\n")  # `x: \` would make it `x: a.B = ...`
    return not previous.endswith("\\")


def _may_be_attribute(text: str, at: int) -> bool:
    """Whether the name at `at` may be an attribute (`x.name`, not `def name`): a `.` before it
    on its line, or nothing (its `.` may end a line before, in brackets or before a backslash)."""
    before = text[_line_start(text, at) : at].rstrip(" \t")
    return not before or before.endswith(".")


def _line_start(text: str, at: int) -> int:
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def _callee(end: str) -> str:
    """A regular expression for a dotted callee whose last part is `end`, and its `(`."""
    return f"(?:\\w+{_GAP}\\.{_GAP})*{re.escape(end)}{_GAP}\\("


def _renamed(ends: list[str], text: str) -> bool:
    """Whether an import may give a name ending in one of `ends` another name (`sleep as nap`)."""
    return any(_found(f"{re.escape(end)}{_GAP}as\\b", text) for end in ends)


@dataclass(frozen=True)
class _Calls(_InCode):
    names: tuple[str, ...]
    where: str | None
    assigned: bool

    def _holds(self, text: str, module: str, facts: Facts) -> bool:
        if self.where == COROUTINE and not _coroutine_text(text):
            return False
        ends = _ends(text, module, self.names)
        if not ends:
            return False
        if self.assigned:  # `=` may follow any target but an attribute (`self.start = ...`)
            assignments = (match for end in ends for match in pattern(f"={_GAP}{_callee(end)}").finditer(text))
            return any(not _attribute_target(text, match.start()) for match in assignments) or _renamed(ends, text)
        return _called(ends, text)

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        mask, found = _MASKS[self.where], index.assigned_calls if self.assigned else index.calls
        return any(found.get(spelling, 0) & mask for name in self.names for spelling in index.spellings(name))


def calls_to(*qualified: str, where: str | None = None, assigned: bool = False) -> Query:
    """A call whose callee may resolve to one of the `qualified` names (`time.sleep`: also
    `t.sleep()` after `import time as t`, `nap()` after `from time import sleep as nap`), standing
    `where` (COROUTINE, FUNCTION, None: anywhere); with `assigned`, the whole value of an
    assignment to one name (`start = time.time()`, `app: FastAPI = FastAPI()`)."""
    return _Calls(tuple(qualified), where, assigned)


# What the scan of a call's first argument stops at: a string, whole, with its prefix if that
# formats (`f`, `t`); a quote that opens no string that closes; a comment; a bracket; a comma.
_ARGUMENT = re.compile(
    r"""(?P<formatted>[fFtT][rR]?|[rR][fFtT])?(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|"""
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")|#[^\r\n]*|[,()[\]{}'"]''',
    re.DOTALL,
)


def _quoted_first_argument(text: str, start: int) -> bool:
    """Whether the first argument of the call whose `(` ends at `start` may be what `_stringy`
    accepts: its text up to a comma or closing bracket at its own level holds a quote, at that
    level or in parentheses that group. The contents of other brackets are skipped: `_stringy`
    reaches a string only through BinOp operands and `.format` receivers, which stand at the
    level of the expression they are part of or in grouping parentheses (`ast` drops them), never
    in a call's, subscript's, list's, dict's or set's brackets. A `(` right after a name, `)`,
    `]`, `}` or quote is a call (or subscript, or a keyword's operand: `not(`, `await(`, `in(`,
    `else(` start nodes `_stringy` does not look into), while a grouping one stands after the
    argument's start, an operator, another `(` or a space (a call with a space before its `(`
    counts as grouping: a yes too many). Strings and comments in skipped brackets are lexed so
    that their brackets do not count; one that formats (its fields may hold its own quote since
    3.12), or a text that ends first, cannot be told: yes."""
    grouping = skipped = 0  # open parentheses that group; open brackets whose contents are skipped
    for token in _ARGUMENT.finditer(text, start):
        char = token.group()[0]
        if token.lastgroup or char in "'\"":
            if not skipped or token.group("formatted") or not token.lastgroup:
                return True
        elif char in "([{":
            before = _before(text, token.start())
            if skipped or char != "(" or _name_char(before) or before in ")]}'\"":
                skipped += 1
            else:
                grouping += 1
        elif char in ")]}":
            if skipped:
                skipped -= 1
            elif grouping:
                grouping -= 1
            else:
                return False
        elif char == "," and not skipped and not grouping:
            return False
    return skipped > 0


def _commented(text: str, at: int) -> bool:
    """Whether `at` is in a comment or a string, as the last `#` on its line before it shows when
    no quote or `{` stands between them: a `#` in code starts a comment that runs to the end of the
    line, and after one in a string code starts again only past a closing quote or a `{` that opens
    an f-string's field."""
    mark = text.rfind("#", _line_start(text, at), at)
    return mark >= 0 and pattern("[\"'{]").search(text, mark, at) is None


@dataclass(frozen=True)
class _Methods(_InCode):
    names: tuple[str, ...]
    where: str | None
    string_argument: bool
    receiver_made_by: tuple[str, ...] | None
    receiver_annotated: tuple[str, ...] | None

    def _holds(self, text: str, module: str, facts: Facts) -> bool:
        if self.where == COROUTINE and not _coroutine_text(text):
            return False
        present = [name for name in self.names if has(name, text)]
        found = (match for name in present for match in _matches(f"{re.escape(name)}{_GAP}\\(", text))
        return any(
            _may_be_attribute(text, match.start())
            and not _commented(text, match.start())
            and (not self.string_argument or _quoted_first_argument(text, match.end()))
            and self._receiver_may_fit(text, match.start())
            for match in found
        )

    def _receiver_may_fit(self, text: str, at: int) -> bool:
        """Whether the method called at `at` may be called on a receiver that `match` accepts:
        with `receiver_made_by` or `receiver_annotated`, a plain name that the text may annotate,
        or bind as `_made` notes to one of `receiver_made_by`."""
        if self.receiver_made_by is None and self.receiver_annotated is None:
            return True
        line = _line_start(text, at)
        receiver = _RECEIVER.search(text, line, at)
        if receiver is None:  # not on a plain name, unless the name is on a line before
            return _RECEIVER_BEFORE.fullmatch(text, line, at) is not None
        name = receiver.group("name")
        return _may_annotate(text, name, self._annotation_words) or (
            self.receiver_made_by is not None and _may_make(text, name, {"", *self.receiver_made_by})
        )

    @property
    def _annotation_words(self) -> frozenset[str] | None:
        """The last parts of `receiver_annotated`: one of them is in every spelling of one, but
        for a renamed import (see `_may_annotate`)."""
        if self.receiver_annotated is None:
            return None
        return frozenset(name.rsplit(".", 1)[-1] for name in self.receiver_annotated)

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        mask, found = _MASKS[self.where], index.string_methods if self.string_argument else index.methods
        if not any(found.get(name, 0) & mask for name in self.names):
            return False
        if self.receiver_made_by is None and self.receiver_annotated is None:
            return True
        receivers = {
            receiver
            for name in self.names
            for receiver, stringy in index.receivers.get(name, ())
            if stringy or not self.string_argument
        }
        return self._made(receivers, index) or self._annotated(receivers, index)

    def _made(self, receivers: set[str], index: Index) -> bool:
        """Whether one of the receivers is bound as `receiver_made_by` asks."""
        if self.receiver_made_by is None:
            return False
        makers = {"", *self.receiver_made_by}
        return any(index.made_by.get(receiver, set()) & makers for receiver in receivers)

    def _annotated(self, receivers: set[str], index: Index) -> bool:
        """Whether one of the receivers is annotated as `receiver_annotated` asks (without it, at all)."""
        annotated = [receiver for receiver in receivers if receiver in index.annotated]
        if self.receiver_annotated is None:
            return bool(annotated)
        spellings = {spelling for name in self.receiver_annotated for spelling in index.spellings(name)}
        return any(not spellings.isdisjoint(index.annotation_names(receiver)) for receiver in annotated)


# The plain name a method is called on, on the line of the method's name: `db` of `db.execute(`,
# `(db).execute(`; a `.` that starts its line follows a name (or not) on a line before.
_RECEIVER = re.compile(r"(?<![\w.])(?P<name>[^\W\d]\w*)[ \t]*(?:\)[ \t]*)*\.[ \t]*\Z")
_RECEIVER_BEFORE = re.compile(r"[ \t)]*\.[ \t]*")
# A dotted callee and its `(`, its last part the attribute called: `dbapi_connection.cursor(`
_ATTRIBUTE_CALL = re.compile(rf"{_GAP}\w+(?:{_GAP}\.{_GAP}\w+)*?{_GAP}\.{_GAP}(?P<last>\w+){_GAP}\(")
_ATTRIBUTE = re.compile(rf"{_GAP}\w+(?:{_GAP}\.{_GAP}\w+)+")
# What stands before `as name` in a `with` that enters a call of an attribute: `with conn.cursor() as`
_ENTERED = re.compile(r"(?:(?<![\w.])with|[,(])\s*\w+(?:\s*\.\s*\w+)*?\s*\.\s*(?P<last>\w+)\s*\([^()'\"#\\]*\)\s*\Z")
_ENTERED_WINDOW = 300
_STATEMENT_END = re.compile(r"[ \t]*(?:[\r\n;#)]|\Z)")
_LINE_END = re.compile(r"[ \t]*(?:#[^\r\n]*)?(?:[\r\n]|\Z)")
_LINE_END_AT = re.compile(r"[\r\n]")
_UNSURE_ANNOTATION = re.compile(r"['\"#]|\\\s*\Z")
_WORDS = re.compile(r"[^\W\d]\w*")


def _may_annotate(text: str, name: str, words: frozenset[str] | None = None) -> bool:
    """Whether the text may annotate `name` (`name: T`, `(name): T`): a `:` after it that does
    not end its line, as a block's does (`-> name:`). With `words`, one that may name what they
    end (see `_may_name`)."""
    return any(
        _LINE_END.match(text, match.end()) is None and (words is None or _may_name(text, match.end(), words))
        for match in _annotations(text, name)
    )


def _annotations(text: str, name: str) -> Iterator[re.Match[str]]:
    return _matches(f"{re.escape(name)}{_GAP}(?:\\){_GAP})*:(?!=)", text)


def _may_name(text: str, start: int, words: frozenset[str]) -> bool:
    """Whether the annotation from `start` may name something ending in one of `words`, as
    `Index.annotation_names` and `Index.spellings` read it: it holds one of them, or a name the
    text may bind to another value (an alias, `DB = Annotated[...]`) or import under another name
    (`Session as S`). The rest of its line is read; a line that an annotation may not end on
    (brackets left open, a backslash) or that holds a string or comment cannot be told: yes."""
    end = _LINE_END_AT.search(text, start)
    rest = text[start : len(text) if end is None else end.start()]
    if _UNSURE_ANNOTATION.search(rest) or sum(map(rest.count, "([{")) > sum(map(rest.count, ")]}")):
        return True
    return any(word in words or _may_bind(text, word) for word in set(_WORDS.findall(rest)))


def _may_bind(text: str, name: str) -> bool:
    """Whether the text may bind `name` other than by a `def`, `class` or plain import: by `=`,
    `:=`, an annotated assignment, or `as`."""
    escaped = re.escape(name)
    return (
        _found(f"{escaped}{_GAP}(?:\\){_GAP})*(?::=|=(?!=))", text)
        or any(_LINE_END.match(text, match.end()) is None for match in _annotations(text, name))
        or _found(f"as{_GAP}{escaped}\\b", text)
    )


def _may_make(text: str, name: str, makers: set[str]) -> bool:
    """Whether the text may bind `name` as `Index.made_by` notes it (by `=`, `:=`, `with ... as`)
    with one of `makers` ("": a plain name, or a call of one). A binding is ruled out only when
    its value is plainly an attribute, or a call of one named otherwise, that ends the statement
    (`cursor = dbapi_connection.cursor()`, `with dbapi_connection.cursor() as cursor`)."""
    name = re.escape(name)
    assignments = _matches(f"{name}{_GAP}(?:\\){_GAP})*(?::=|=(?!=))", text)
    if any(_value_may_be_made(text, match.end(), makers) for match in assignments):
        return True
    return any(
        (entered := _ENTERED.search(text, max(0, match.start() - _ENTERED_WINDOW), match.start())) is None
        or entered.group("last") in makers
        for match in _matches(f"as{_GAP}{name}\\b", text)
    )


def _value_may_be_made(text: str, start: int, makers: set[str]) -> bool:
    """Whether the value assigned from `start` on may be what `makers` name (see `_may_make`)."""
    call = _ATTRIBUTE_CALL.match(text, start)
    if call is None:
        attribute = _ATTRIBUTE.match(text, start)
        return attribute is None or _STATEMENT_END.match(text, attribute.end()) is None
    if call.group("last") in makers:
        return True
    end = _call_end(text, call.end())
    return end is None or _STATEMENT_END.match(text, end) is None


def _call_end(text: str, start: int) -> int | None:
    """Where the call whose `(` ends at `start` ends (after its `)`); None when it cannot be told:
    a string that formats (its fields may hold brackets and quotes) or does not close, or no end."""
    depth = 0
    for token in _ARGUMENT.finditer(text, start):
        char = token.group()[0]
        if token.lastgroup or char in "'\"":
            if token.group("formatted") or not token.lastgroup:
                return None
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if not depth:
                return token.end()
            depth -= 1
    return None


def method_calls(
    *names: str,
    where: str | None = None,
    string_argument: bool = False,
    receiver_made_by: Sequence[str] | None = None,
    receiver_annotated: Sequence[str] | None = None,
) -> Query:
    """A call of an attribute named one of `names`, on anything (`path.read_text()`), standing
    `where`; with `string_argument`, whose first argument is a string literal, or an expression
    that `+`, `%` or `.format()` builds from one (`session.execute("SELECT ...")`). With
    `receiver_made_by`, on a plain name that the file annotates somewhere, or binds (by `=`,
    `with ... as`, `:=`) to another name, to a call of a plain name, or to a call of an
    attribute named one of these (`conn = engine.connect()`: "connect"). With
    `receiver_annotated`, qualified names, an annotation counts only if it may name one of them,
    as `fastfix.names.annotated_type` resolves it: in a string too, inside `Optional[...]`,
    `Annotated[...]` or `| None`, or through names the file binds to such a value (`db: DB` after
    `DB = Annotated[orm.Session, Depends(get_db)]`, for "sqlalchemy.orm.Session"); without
    `receiver_made_by`, the call must be on a name annotated so. The text is read for both too
    (`_receiver_may_fit`): a file whose receivers the text plainly shows made otherwise
    (`cursor = dbapi_connection.cursor()`) or annotated otherwise needs no `ast` parse."""
    made_by = None if receiver_made_by is None else tuple(receiver_made_by)
    annotated = None if receiver_annotated is None else tuple(receiver_annotated)
    return _Methods(tuple(names), where, string_argument, made_by, annotated)


@dataclass(frozen=True)
class _Withs(_InCode):
    names: tuple[str, ...]
    where: str | None

    def _holds(self, text: str, module: str, facts: Facts) -> bool:
        if not has("with", text) or (self.where == COROUTINE and not _coroutine_text(text)):
            return False
        ends = _ends(text, module, self.names)
        if not ends:
            return False
        # `with` and the first item's callee (`with open(`, `with (smtplib.SMTP(`), or an import
        # that renames one (`from smtplib import SMTP as Mailer`)
        return any(_found(f"with{_GAP}(?:\\({_GAP})?{_callee(end)}", text) for end in ends) or _renamed(ends, text)

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        mask = _MASKS[self.where]
        return any(index.withs.get(spelling, 0) & mask for name in self.names for spelling in index.spellings(name))


def with_blocks(*qualified: str, where: str | None = None) -> Query:
    """A plain `with` (not `async with`) standing `where`, whose first item is a call of one of
    the `qualified` names (`with open(...) as f:`)."""
    return _Withs(tuple(qualified), where)


@dataclass(frozen=True)
class _Defines(_InCode):
    names: tuple[str, ...]
    from_facts: bool
    place: str | None
    decorated: bool | None
    decorators: tuple[str, ...]
    decorator_methods: tuple[str, ...]
    asynchronous: bool | None

    def _holds(self, text: str, module: str, facts: Facts) -> bool:
        if not self._decorated_in_text(text, module):
            return False
        if self.from_facts:
            return bool(_named_in_facts(_defined_names(text), module, facts))
        if self.names:
            names = [name for name in self.names if has(name, text)]
            return bool(names) and pattern(f"def[\\s\\\\]+(?:{_alternatives(names)})\\b").search(text) is not None
        return True

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        found = [d for d in index.definitions if self._fits(d, index)]
        if self.from_facts:
            return bool(_named_in_facts([definition.name for definition in found], module, facts))
        return bool(found)

    @property
    def needs_facts(self) -> bool:
        return self.from_facts

    def fact_names(self, text: str, module: str) -> set[str] | None:
        if not self.from_facts:
            return None
        return set(_defined_names(text)) if self._decorated_in_text(text, module) else set()

    def _decorated_in_text(self, text: str, module: str) -> bool:
        """What the text needs for the definition's kind and decorators."""
        if self.asynchronous and not _coroutine_text(text):
            return False
        if self.decorators and not _ends(text, module, self.decorators):
            return False
        return not self.decorator_methods or method_calls(*self.decorator_methods)._holds(text, module, None)

    def _fits(self, definition: Definition, index: Index) -> bool:
        return (
            (not self.names or definition.name in self.names)
            and (self.place is None or definition.place == self.place)
            and (self.decorated is None or definition.decorated == self.decorated)
            and (self.asynchronous is None or (definition.coroutine if self.asynchronous else not definition.is_async))
            and (not self.decorator_methods or any(m in self.decorator_methods for m in definition.decorator_methods))
            and (
                not self.decorators
                or any(spelling in definition.decorators for name in self.decorators for spelling in index.spellings(name))
            )
        )


def defines(
    *names: str,
    from_facts: bool = False,
    module_level: bool = False,
    method: bool = False,
    decorated: bool | None = None,
    decorators: Sequence[str] = (),
    decorator_methods: Sequence[str] = (),
    asynchronous: bool | None = None,
) -> Query:
    """A `def` or `async def`: named one of `names` (any name if none), or with `from_facts` a
    name that the rule's project facts give for this module (see `fastfix.endpoints.in_run`); a
    statement of the module (`module_level`) or of a class body (`method`); `decorated` or not;
    with a decorator that may resolve to one of `decorators` (`contextlib.asynccontextmanager`),
    or one that calls an attribute named one of `decorator_methods` (`@app.get(...)`: `get`);
    a coroutine (`asynchronous=True`, see the module docstring) or written as a plain def (False)."""
    place = "module" if module_level else "class" if method else None
    return _Defines(tuple(names), from_facts, place, decorated, tuple(decorators), tuple(decorator_methods), asynchronous)


def _defined_names(text: str) -> list[str]:
    return pattern(r"def[\s\\]+(\w+)").findall(text)


def _named_in_facts(names: Iterable[str], module: str, facts: Facts) -> set[str]:
    """The `names` that the facts (`module.name` strings) name in this module; facts not known
    yet may name any."""
    from fastfix.endpoints import in_run  # endpoints needs the engine's fissix helpers: not at import

    if facts is None:
        return set(names)
    return {name for name in set(names) if in_run(facts, module, name)} if facts else set()


@dataclass(frozen=True)
class _Subclasses(_InCode):
    bases: tuple[str, ...]

    def _holds(self, text: str, module: str, facts: Facts) -> bool:
        return bool(_ends(text, module, self.bases))

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        spellings = {spelling for base in self.bases for spelling in index.spellings(base)}
        return any(spellings.intersection(bases) for _, bases in index.classes)


def subclasses(*bases: str) -> Query:
    """A class whose bases may resolve to one of the qualified `bases`. (A class that derives from
    one through classes of the same file, as `derives_from` follows them, needs such a class.)"""
    return _Subclasses(tuple(bases))


@dataclass(frozen=True)
class _Mentions(Query):
    words: tuple[str, ...]

    def text(self, text: str, module: str, facts: Facts) -> bool:
        return any(has(word, text) for word in self.words)


def mentions(*words: str) -> Query:
    """The text holds one of `words` (a condition on the text alone, for use in `|` and `&`)."""
    return _Mentions(tuple(words))


@dataclass(frozen=True)
class _Refers(Query):
    names: tuple[str, ...]

    def text(self, text: str, module: str, facts: Facts) -> bool:
        return bool(_ends(text, module, self.names))

    def match(self, index: Index, module: str, facts: Facts) -> bool:
        targets = {target for found in index.imports.values() for target in found}
        if any(name == target or name.startswith(f"{target}.") for name in self.names for target in targets):
            return True
        # a name bound nowhere resolves to itself: `sqlalchemy.orm.Session` with no import
        return any(
            _module_named(first, seconds, index.text) if seconds else has(first, index.text)
            for first, seconds, _ in _parts(self.names)
        )


def refers_to(*qualified: str) -> Query:
    """The file may name one of the `qualified` names, anywhere (an annotation, a string one too):
    it imports the name or a module it is in (any scope, relative imports too), or uses its
    top-level module unimported (`sqlalchemy.orm.Session`, which resolves to itself)."""
    return _Refers(tuple(qualified))


# --- the decision ------------------------------------------------------------------------------


@dataclass
class Selection:
    """What the prefilter decided for one file."""

    passed_text: list[Rule]  # the rules whose stage 1 passes, in the order given
    active: list[Rule]  # those of them whose stage 2 passes too: they run (none: no fissix parse)
    indexed: bool  # whether stage 2 read the file with `ast`
    # on a first look (facts not known), by rule id: rules that run only if the facts name one
    # of these names in the module (see `confirmed`); they are not in `active`
    pending: dict[str, frozenset[str]] = field(default_factory=dict)


def select(
    rules: Sequence[Rule], text: str, module: str = "", project: dict[str, Facts] | None = None, *,
    facts_known: bool = True, tree: ast.Module | None = None,
) -> Selection:
    """The rules that may act on a file with this text, in this module, given the run's project
    facts (by rule id): stage 1 for each rule, then stage 2 with one index of the file for the
    rules that have a query (built from `tree`, the file's `ast`, if already parsed). The one
    decision the pipeline and the benchmark make.

    Without `facts_known`, a first look before the facts are all collected: a condition on them
    holds wherever they may name something, and a rule whose query asks about them is decided
    on stage 1 alone, so that it does not make every file with a `def` worth an index: pending
    on the names its query asks the facts about, or kept (its text is checked again once the
    facts are known: see `rechecked`)."""
    project = project or {}

    def facts(rule: Rule) -> Facts:
        return project.get(rule.id, frozenset()) if facts_known else None

    def deferred(rule: Rule) -> bool:
        return not facts_known and _asks_facts(rule)

    passed = [rule for rule in rules if rule.applies_to(text, module, facts(rule))]
    pending: dict[str, frozenset[str]] = {}
    for rule in filter(deferred, passed):
        names = rule.prefilter.fact_names(text, module)
        if names is not None:
            pending[rule.id] = frozenset(names)
    candidates = [rule for rule in passed if rule.id not in pending]
    indexed = [rule for rule in candidates if rule.prefilter is not None and not deferred(rule)]
    index = build_index(text, module, tree) if indexed else None
    if index is None:  # nothing to ask the index, or `ast` cannot parse the file: fissix will report it
        return Selection(passed, candidates, False, pending)
    active = [rule for rule in candidates if rule not in indexed or rule.fits(index, module, facts(rule))]
    return Selection(passed, active, True, pending)


def confirmed(pending: dict[str, frozenset[str]], module: str, project: dict[str, Facts]) -> list[str]:
    """The ids of the rules a first look at a file left pending (see `select`) whose facts, now
    known, name one of their names in the module."""
    return [rule_id for rule_id, names in pending.items() if _named_in_facts(names, module, project.get(rule_id, frozenset()))]


def rechecked(rules: Sequence[Rule], kept: Collection[str], text: str, module: str, project: dict[str, Facts]) -> list[Rule]:
    """Of the rules a first look at the file kept (`kept`, ids: see `select`), those whose text
    conditions hold with the run's facts, now known: their index conditions held already, and so
    did the text conditions of the rules that ask nothing of the facts."""
    return [
        rule
        for rule in rules
        if rule.id in kept
        and (not _asks_facts(rule) or rule.applies_to(text, module, project.get(rule.id, frozenset())))
    ]


def _asks_facts(rule: Rule) -> bool:
    return rule.prefilter is not None and rule.prefilter.needs_facts
