"""Parsing source text with fastfix's grammar into a fissix tree (`fissix.pytree` Node and Leaf).

The engine is fissix's pgen2 parser (LL(1) over the DFAs that pgen makes from Grammar.txt, a
nonterminal with one child collapsing into that child), and its driver's way of keeping
whitespace and comments in the prefix of the next leaf. Three things are added:

- Transitions are looked up in tables filled as they are first needed: for a (rule, state,
  token) the chain of rules to push and the state to shift to is found once, where fissix scans
  every arc and first set for every token. This pays for the extended grammar's extra work.
- Soft keywords (`match`, `case`, `type`) are keywords only where the grammar accepts the keyword
  and, when a name would do as well, only if the rest of the statement says so, as CPython
  decides: `match` when its logical line ends with a colon, `type` when a name follows.
- Two shapes are restored when a rule is complete: a decorator that fissix's grammar could read
  (`@a.b(c)`) keeps fissix's shape, and `with (a as b, c):` becomes a with_stmt holding its two
  items, as CPython reads it, rather than one with a parenthesized context manager.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from fissix import pytree
from fissix.pgen2 import grammar as pgen_grammar
from fissix.pgen2 import parse
from fissix.pgen2.token import COMMENT, ENDMARKER, LPAR, NAME, NEWLINE, NL, OP
from fissix.pytree import Base, Leaf, Node

from fastfix.grammar import tokenizer
from fastfix.grammar.tables import Grammar, Symbols, load

GRAMMAR: Grammar = load()
symbols = Symbols(GRAMMAR)
# fissix's node reprs name types after its own grammar's numbering: give them this one's names
pytree._type_reprs.update(GRAMMAR.number2symbol)

# A rule as the parser uses it: (symbol, moves, may_end, must_end), each of the last three indexed
# by DFA state. moves[state] maps a token's label, on first use, to the move it makes there: the
# new state and the rules pushed on the way ((rule, state in it), ...), or None. A parser stack
# entry is a list [rule, state, children].
_Rule = tuple
_UNKNOWN = object()


def _rules(grammar: Grammar) -> dict[int, _Rule]:
    rules = {}
    for symbol, (states, _) in grammar.dfas.items():
        accepting = [(0, number) in arcs for number, arcs in enumerate(states)]
        only = [arcs == [(0, number)] for number, arcs in enumerate(states)]
        rules[symbol] = (symbol, [{} for _ in states], accepting, only)
    return rules


_RULES = _rules(GRAMMAR)


class ParseError(parse.ParseError):
    """fissix's ParseError plus the construct being read when it failed ("a with statement")."""

    def __init__(self, error: parse.ParseError, construct: str | None) -> None:
        super().__init__(error.msg, error.type, error.value, error.context)
        self.construct = construct


class _Parser:
    def __init__(self) -> None:
        self.stack: list[list] = [[_RULES[GRAMMAR.start], 0, []]]
        self.rootnode: Base | None = None

    def add(self, label: int, type: int, value: str, context: tuple[str, tuple[int, int]]) -> bool:
        """Feed one token (already mapped to its label); True when the input is complete."""
        stack = self.stack
        while True:
            entry = stack[-1]
            rule, state = entry[0], entry[1]
            moves = rule[1][state]
            move = moves.get(label, _UNKNOWN)
            if move is _UNKNOWN:
                move = moves[label] = self._find(rule, state, label)
            if move is not None:
                entry[1], pushed = move
                for inner, inner_state in pushed:
                    entry = [inner, inner_state, []]
                    stack.append(entry)
                entry[2].append(Leaf(type, value, context=context))
                while entry[0][3][entry[1]]:  # nothing can follow: the rule is complete
                    self._pop()
                    if not stack:
                        return True
                    entry = stack[-1]
                return False
            if not rule[2][state]:
                raise parse.ParseError("bad input", type, value, context)
            self._pop()
            if not stack:
                raise parse.ParseError("too much input", type, value, context)

    def _pop(self) -> None:
        rule, _, children = self.stack.pop()
        if len(children) == 1:
            node = children[0]
        else:
            fix = _FIXES.get(rule[0])
            node = Node(rule[0], fix(children) if fix else children)
        if self.stack:
            self.stack[-1][2].append(node)
        else:
            self.rootnode = node

    def _find(self, rule: _Rule, state: int, label: int) -> tuple[int, tuple] | None:
        """fissix's choice for a token in a state: the first arc that is the token itself or a
        rule whose first set holds it; that rule is pushed and the search goes on inside it."""
        for arc, new_state in GRAMMAR.dfas[rule[0]][0][state]:
            if arc == label:
                return new_state, ()
            symbol = GRAMMAR.labels[arc][0]
            if symbol >= 256 and label in GRAMMAR.dfas[symbol][1]:
                inner = _RULES[symbol]
                inner_state, pushed = self._lookup(inner, 0, label)
                return new_state, ((inner, inner_state), *pushed)
        return None

    def _lookup(self, rule: _Rule, state: int, label: int) -> tuple[int, tuple] | None:
        moves = rule[1][state]
        move = moves.get(label, _UNKNOWN)
        if move is _UNKNOWN:
            move = moves[label] = self._find(rule, state, label)
        return move

    def _accepts(self, label: int) -> bool:
        """Whether the token would be taken here (after completing the rules that may end)."""
        for rule, state, _ in reversed(self.stack):
            if self._lookup(rule, state, label) is not None:
                return True
            if not rule[2][state]:
                return False
        return False

    def soft_keyword(self, value: str, tokens: _Tokens) -> int:
        """The label for a NAME that is a soft keyword: the keyword's or a plain name's."""
        keyword, name = GRAMMAR.soft_keywords[value], GRAMMAR.tokens[NAME]
        if not self._accepts(keyword):
            return name
        if not self._accepts(name):
            return keyword
        if value == "match":
            return keyword if _ends_with_colon(tokens.upcoming()) else name
        if value == "type":
            following = next((t for t in tokens.upcoming() if t[0] not in (NL, COMMENT)), None)
            return keyword if following and following[0] == NAME and following[1] not in GRAMMAR.keywords else name
        return name

    def construct(self) -> str | None:
        """What the innermost rule being read is, in words, for error messages."""
        for rule, _, children in reversed(self.stack):
            symbol = GRAMMAR.number2symbol[rule[0]]
            if symbol in ("atom", "trailer") and children:
                symbol += children[0].value if isinstance(children[0], Leaf) else ""
            if symbol in _CONSTRUCTS:
                return _CONSTRUCTS[symbol]
        return None


_CONSTRUCTS = {
    "typeparams": "a type parameter list",
    "parameters": "a parameter list",
    "varargslist": "a lambda's parameters",
    "decorator": "a decorator",
    "funcdef": "a function definition",
    "classdef": "a class definition",
    "lambdef": "a lambda",
    "type_stmt": "a type alias statement",
    "with_stmt": "a with statement",
    "match_stmt": "a match statement",
    "case_block": "a case clause",
    "except_clause": "an except clause",
    "try_stmt": "a try statement",
    "if_stmt": "an if statement",
    "while_stmt": "a while statement",
    "for_stmt": "a for statement",
    "import_from": "an import statement",
    "import_name": "an import statement",
    "return_stmt": "a return statement",
    "raise_stmt": "a raise statement",
    "del_stmt": "a del statement",
    "assert_stmt": "an assert statement",
    "global_stmt": "a global or nonlocal statement",
    "annassign": "an annotated assignment",
    "comp_for": "a comprehension",
    "atom(": "parentheses",
    "atom[": "a list display",
    "atom{": "a dict or set display",
    "trailer(": "a call's arguments",
    "trailer[": "a subscript",
}


class _Tokens:
    """The token stream, tokenized as the parser goes (so that the first error in the file is
    the one reported), with the tokens that a soft keyword's decision read ahead kept for it."""

    def __init__(self, tokens: Iterable[tokenizer.Token]) -> None:
        self._tokens = iter(tokens)
        self._ahead: deque[tokenizer.Token] = deque()

    def __iter__(self) -> Iterator[tokenizer.Token]:
        for token in self._tokens:
            yield token
            while self._ahead:
                yield self._ahead.popleft()

    def upcoming(self) -> Iterator[tokenizer.Token]:
        """The tokens after the current one, without consuming them."""
        index = 0
        while True:
            if index == len(self._ahead):
                token = next(self._tokens, None)
                if token is None:
                    return
                self._ahead.append(token)
            yield self._ahead[index]
            index += 1


def _ends_with_colon(tokens: Iterator[tokenizer.Token]) -> bool:
    """Whether the logical line ends with a `:` outside brackets."""
    depth, last = 0, None
    for type, value, *_ in tokens:
        if type in (NEWLINE, ENDMARKER):
            break
        if type == OP:
            if value in "([{":
                depth += 1
            elif value in ")]}":
                depth -= 1
            last = value if depth == 0 else None
        elif type not in (NL, COMMENT):
            last = None
    return last == ":"


def _detach(nodes: list[Base]) -> list[Base]:
    for node in nodes:
        node.parent = None
    return nodes


def _fix_decorator(children: list[Base]) -> list[Base]:
    """`'@' namedexpr_test NEWLINE`, in fissix's shape `'@' dotted_name ['(' [arglist] ')']
    NEWLINE` when the expression is one."""
    expression = children[1]
    if expression.type != symbols.power or expression.children[0].type != NAME:
        return children
    trailers = expression.children[1:]
    if any(trailer.type != symbols.trailer for trailer in trailers):
        return children  # `@a ** b`
    *dots, last = trailers
    if any(trailer.children[0].value != "." for trailer in dots) or last.children[0].value not in ".(":
        return children
    call = []
    if last.children[0].value == ".":
        dots.append(last)
    else:
        call = _detach(last.children)
    names = [expression.children[0]] + [leaf for trailer in dots for leaf in _detach(trailer.children)]
    _detach([expression.children[0]])
    dotted = names[0] if len(names) == 1 else Node(symbols.dotted_name, names)
    return [children[0], dotted, *call, children[2]]


def _fix_with(children: list[Base]) -> list[Base]:
    """`with (a, b as c):` holds two with_items inside its parentheses, as in CPython 3.9+, if
    everything inside them can be one: a tuple with a starred item, a walrus or a generator stays
    one parenthesized context manager, and so does `with (a):`."""
    group = children[1]
    if len(children) != 4 or group.type != symbols.atom or group.children[0].type != LPAR:
        return children
    inside = group.children[1]
    if inside.type == symbols.asexpr_test:
        items = [inside]
    elif inside.type == symbols.testlist_gexp and inside.children[1].type != symbols.comp_for:
        items = inside.children
    else:
        return children
    for item in items[::2]:
        expression = item.children[0] if item.type == symbols.asexpr_test else item
        if expression.type in (symbols.star_expr, symbols.namedexpr_test):
            return children
    _detach(group.children)
    inner = [Node(symbols.with_item, _detach(item.children)) if item.type == symbols.asexpr_test else item for item in _detach(items)]
    lpar, rpar = group.children[0], group.children[-1]
    return [children[0], lpar, *inner, rpar, *children[2:]]


_FIXES: dict[int, Callable[[list[Base]], list[Base]]] = {
    symbols.decorator: _fix_decorator,
    symbols.with_stmt: _fix_with,
}
_OPMAP = pgen_grammar.opmap


def parse_tokens(tokens: Iterable[tokenizer.Token]) -> Base:
    """Parse tokens into a tree whose str() is the source, byte for byte (fissix's driver)."""
    parser = _Parser()
    stream = _Tokens(tokens)
    keywords, soft, labels = GRAMMAR.keywords, GRAMMAR.soft_keywords, GRAMMAR.tokens
    name = labels[NAME]
    lineno, column = 1, 0
    prefix = ""
    type = value = start = None
    try:
        for type, value, start, end, line_text in stream:
            if start != (lineno, column):
                s_lineno, s_column = start
                if lineno < s_lineno:
                    prefix += "\n" * (s_lineno - lineno)
                    lineno = s_lineno
                    column = 0
                if column < s_column:
                    prefix += line_text[column:s_column]
                    column = s_column
            if type == COMMENT or type == NL:
                prefix += value
                lineno, column = end
                if value.endswith("\n"):
                    lineno += 1
                    column = 0
                continue
            if type == OP:
                type = _OPMAP[value]
            if type == NAME:
                label = keywords.get(value)
                if label is None:
                    label = parser.soft_keyword(value, stream) if value in soft else name
            else:
                label = labels.get(type)
                if label is None:
                    raise parse.ParseError("bad token", type, value, (prefix, start))
            if parser.add(label, type, value, (prefix, start)):
                break
            prefix = ""
            lineno, column = end
            if value.endswith("\n"):
                lineno += 1
                column = 0
        else:
            raise parse.ParseError("incomplete input", type, value, (prefix, start))
    except parse.ParseError as error:
        raise ParseError(error, parser.construct()) from None
    return parser.rootnode


def parse_string(text: str) -> Base:
    return parse_tokens(tokenizer.generate_tokens(io.StringIO(text).readline))
