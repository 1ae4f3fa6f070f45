"""Parsing source text with fastfix's grammar into a fissix tree (`fissix.pytree` Node and Leaf).

The engine is fissix's pgen2 parser (LL(1) over the DFAs that pgen makes from Grammar.txt, a
nonterminal with one child collapsing into that child), and its driver's way of keeping
whitespace and comments in the prefix of the next leaf. The trees are fissix's, node for node.
What is added:

- Transitions are looked up in tables filled as they are first needed: for a (rule, state,
  token) the chain of rules to push and the state to shift to is found once, where fissix scans
  every arc and first set for every token. This pays for the extended grammar's extra work.
- The rules a move pushes are not stacked one by one. Before a name that starts a statement,
  fissix pushes nineteen rules (stmt, simple_stmt, small_stmt, expr_stmt, ..., power, atom)
  and, at the next tokens, pops them one at a time, nearly all holding just the child they
  collapse into: most of its time went there. Here they stay one shared chain (`_Chain`),
  and a rule gets a frame of its own on the stack only when it takes a token after its first
  child. A finished node waits in the chain, and the next token finds, in a table kept per
  chain, which rule takes it (the rules inside that one end around the node, at no cost) or
  that they all end. fissix's stack is the frames with their chains between them
  (`_Parser._entries`), for the soft keywords and error messages that read it. With leaves
  and nodes made without their constructors' overhead (see `_node`), parsing takes a third
  less time than with fissix's stack.
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
# by DFA state. moves[state] maps a token's label, on first use, to the move it makes there (see
# _find), or None.
_Rule = tuple
_UNKNOWN = object()
_new = object.__new__
# What a token does to a node waiting in a chain (see _Chain.outcome).
_Outcome = tuple


def _rules(grammar: Grammar) -> dict[int, _Rule]:
    rules = {}
    for symbol, (states, _) in grammar.dfas.items():
        accepting = [(0, number) in arcs for number, arcs in enumerate(states)]
        only = [arcs == [(0, number)] for number, arcs in enumerate(states)]
        rules[symbol] = (symbol, [{} for _ in states], accepting, only)
    return rules


_RULES = _rules(GRAMMAR)


class _Chain:
    """Rules pushed by one move that have no child yet, innermost first: `rule` in `state`, then
    the chain `outer`. Each is to hold just the node made inside it, unless it takes a token
    after that node. Chains are shared (one per rule, state and outer chain), so what a token
    does to a node waiting in one is worked out once, in `outcomes`."""

    __slots__ = ("outcomes", "outer", "rule", "state", "stop")

    def __init__(self, rule: _Rule, state: int, outer: _Chain | None) -> None:
        self.rule, self.state, self.outer = rule, state, outer
        # A node finished inside goes out through the rules that must then end, and waits at
        # the first that may take more: `stop` (None if none may: the node goes to the frame).
        self.stop = self if not rule[3][state] else outer.stop if outer else None
        self.outcomes: dict[int, _Outcome] = {}

    def outcome(self, label: int) -> _Outcome:
        """What a token does to a node waiting here: (rule, move, outer) when a rule of the chain
        takes it (the rules inside it end around the node): the rule gets a frame holding the
        node, with `outer` as its chain, and makes `move`; (None, None, None) when every rule
        ends; (None, None, link) when the rule at `link` can neither take it nor end."""
        link = self
        while link is not None:
            move = _move(link.rule, link.state, label)
            if move is not None:
                return self.outcomes.setdefault(label, (link.rule, move, link.outer))
            if not link.rule[2][link.state]:
                return None, None, link  # an error: not kept
            link = link.outer
        return self.outcomes.setdefault(label, (None, None, None))


_CHAINS: dict[tuple[int, int, _Chain | None], _Chain] = {}


def _chain(rule: _Rule, state: int, outer: _Chain | None) -> _Chain:
    key = rule[0], state, outer
    chain = _CHAINS.get(key)
    if chain is None:
        chain = _CHAINS.setdefault(key, _Chain(rule, state, outer))
    return chain


def _around(chain: _Chain | None, rule: _Rule, state: int) -> _Chain:
    """`chain` with `rule` in `state` pushed around it, as its outermost rule."""
    if chain is None:
        return _chain(rule, state, None)
    return _chain(chain.rule, chain.state, _around(chain.outer, rule, state))


def _find(rule: _Rule, state: int, label: int) -> tuple[int, _Chain | None] | None:
    """fissix's choice for a token in a state: the first arc that is the token itself or a rule
    whose first set holds it; that rule is pushed and the search goes on inside it. The move is
    the state to go to and the chain of rules pushed (None if none), the innermost of which gets
    the token's leaf."""
    for arc, new_state in GRAMMAR.dfas[rule[0]][0][state]:
        if arc == label:
            return new_state, None
        symbol = GRAMMAR.labels[arc][0]
        if symbol >= 256 and label in GRAMMAR.dfas[symbol][1]:
            inner = _RULES[symbol]
            inner_state, pushed = _move(inner, 0, label)
            return new_state, _around(pushed, inner, inner_state)
    return None


def _move(rule: _Rule, state: int, label: int) -> tuple[int, _Chain | None] | None:
    moves = rule[1][state]
    move = moves.get(label, _UNKNOWN)
    if move is _UNKNOWN:
        move = moves[label] = _find(rule, state, label)
    return move


def _node(frame: list) -> Base:
    """A finished frame's node: its only child, or a Node (reshaped by its _FIXES entry)."""
    rule, _, children, _ = frame
    if len(children) == 1:
        return children[0]
    fix = _FIXES.get(rule[0])
    if fix:
        children = fix(children)
    # Node(rule[0], children) at a third of the cost: the attributes it sets, in its order,
    # without its checks or its copy of the list (the frame is dropped)
    node = _new(Node)
    node.type = rule[0]
    node.children = children
    for child in children:
        child.parent = node
    node.fixers_applied = None
    return node


def _links(chain: _Chain | None) -> Iterator[tuple[_Rule, int, list]]:
    """A chain's rules as fissix's stack entries, innermost first: none has a child yet."""
    while chain is not None:
        yield chain.rule, chain.state, []
        chain = chain.outer


class ParseError(parse.ParseError):
    """fissix's ParseError plus the construct being read when it failed ("a with statement")."""

    def __init__(self, error: parse.ParseError, construct: str | None) -> None:
        super().__init__(error.msg, error.type, error.value, error.context)
        self.construct = construct


class _Parser:
    """fissix's parser, its stack kept in frames and chains (see the module docstring). `stack`
    holds frames [rule, state, children, chain]: the rules that took a token after their first
    child (and the start symbol), each with the chain of rules pushed around it in the move that
    pushed it. `waiting` is (node, chain) while a finished node that no frame holds yet waits in
    a chain: the chain of the frame that made it, from the rule where it stopped."""

    def __init__(self) -> None:
        self.stack: list[list] = [[_RULES[GRAMMAR.start], 0, [], None]]
        self.waiting: tuple[Base, _Chain] | None = None
        self.rootnode: Base | None = None

    def add(self, label: int, type: int, value: str, prefix: str, start: tuple[int, int]) -> bool:
        """Feed one token (already mapped to its label); True when the input is complete."""
        stack = self.stack
        node, chain = self.waiting or (None, None)
        self.waiting = None
        while True:  # rules end until one takes the token
            if chain is not None:  # a node waits in this chain: see _Chain.outcome
                rule, move, chain = chain.outcomes.get(label) or chain.outcome(label)
                if move is not None:  # a rule of the chain takes the token: it gets a frame
                    frame = [rule, 0, [node], chain]
                    stack.append(frame)
                    break
                if chain is not None:  # the stack as fissix's: the node waits where it failed
                    self.waiting = node, chain
                    raise parse.ParseError("bad input", type, value, (prefix, start))
                stack[-1][2].append(node)  # the whole chain ended
            frame = stack[-1]
            rule, state = frame[0], frame[1]
            moves = rule[1][state]
            move = moves.get(label, _UNKNOWN)
            if move is _UNKNOWN:
                move = moves[label] = _find(rule, state, label)
            if move is not None:
                break
            if not rule[2][state]:
                raise parse.ParseError("bad input", type, value, (prefix, start))
            stack.pop()
            node, chain = _node(frame), frame[3]
            if not stack:
                self.rootnode = node
                raise parse.ParseError("too much input", type, value, (prefix, start))
            if chain is None:
                stack[-1][2].append(node)
        frame[1], chain = move
        # Leaf(type, value, context=(prefix, start)) at a third of the cost, as _node makes Nodes
        node = _new(Leaf)
        node._prefix = prefix
        node.lineno, node.column = start
        node.type = type
        node.value = value
        node.fixers_applied = []
        while True:  # the node is finished: it goes out through the rules that must end
            if chain is not None and chain.stop is not None:
                self.waiting = node, chain.stop
                return False
            frame[2].append(node)
            if not frame[0][3][frame[1]]:
                return False
            stack.pop()
            node, chain = _node(frame), frame[3]
            if not stack:
                self.rootnode = node
                return True
            frame = stack[-1]

    def _entries(self) -> Iterator[tuple[_Rule, int, list]]:
        """The stack as fissix's parser would hold it, innermost first: (rule, state, children)."""
        if self.waiting is not None:
            node, link = self.waiting
            yield link.rule, link.state, [node]
            yield from _links(link.outer)
        for rule, state, children, chain in reversed(self.stack):
            yield rule, state, children
            yield from _links(chain)

    def _accepts(self, label: int) -> bool:
        """Whether the token would be taken here (after completing the rules that may end)."""
        for rule, state, _ in self._entries():
            if _move(rule, state, label) is not None:
                return True
            if not rule[2][state]:
                return False
        return False

    def soft_keyword(self, value: str, upcoming: Iterator[tokenizer.Token]) -> int:
        """The label for a NAME that is a soft keyword, the keyword's or a plain name's, given
        the tokens after it."""
        keyword, name = GRAMMAR.soft_keywords[value], GRAMMAR.tokens[NAME]
        if not self._accepts(keyword):
            return name
        if not self._accepts(name):
            return keyword
        if value == "match":
            return keyword if _ends_with_colon(upcoming) else name
        if value == "type":
            following = next((t for t in upcoming if t[0] not in (NL, COMMENT)), None)
            return keyword if following and following[0] == NAME and following[1] not in GRAMMAR.keywords else name
        return name

    def construct(self) -> str | None:
        """What the innermost rule being read is, in words, for error messages."""
        for rule, _, children in self._entries():
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


def _upcoming(ahead: deque[tokenizer.Token], tokens: Iterator[tokenizer.Token]) -> Iterator[tokenizer.Token]:
    """The tokens after the current one, without consuming them: those in `ahead`, then more read
    from `tokens` into it."""
    index = 0
    while True:
        if index == len(ahead):
            token = next(tokens, None)
            if token is None:
                return
            ahead.append(token)
        yield ahead[index]
        index += 1


def _taken(ahead: deque[tokenizer.Token]) -> Iterator[tokenizer.Token]:
    while ahead:
        yield ahead.popleft()


def parse_tokens(tokens: Iterable[tokenizer.Token], printed: list[str] | None = None) -> Base:
    """Parse tokens into a tree whose str() is the source, byte for byte (fissix's driver). Each
    leaf's prefix and value are added to `printed`, in order: joined, they are the tree's text.
    The tokens are read as the parser goes, so that the first error in the file is the one
    reported, and a long file's tokens are never all held at once."""
    parser = _Parser()
    printed = [] if printed is None else printed
    tokens = iter(tokens)
    ahead: deque[tokenizer.Token] = deque()  # read ahead for a soft keyword's decision, not parsed yet
    keywords, soft, labels = GRAMMAR.keywords, GRAMMAR.soft_keywords, GRAMMAR.tokens
    name = labels[NAME]
    lineno, column = 1, 0
    prefix = ""
    type = value = start = None
    try:
        while True:
            # the tokenizer's own generator, not one wrapped around it to put back the tokens read
            # ahead (a tenth of the parse): those are taken first, in a loop of their own
            source = _taken(ahead) if ahead else tokens
            for type, value, start, end, line_text in source:
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
                        label = parser.soft_keyword(value, _upcoming(ahead, tokens)) if value in soft else name
                else:
                    label = labels.get(type)
                    if label is None:
                        raise parse.ParseError("bad token", type, value, (prefix, start))
                printed += (prefix, value)
                if parser.add(label, type, value, prefix, start):
                    return parser.rootnode
                prefix = ""
                lineno, column = end
                if value.endswith("\n"):
                    lineno += 1
                    column = 0
                if ahead and source is tokens:
                    break
            else:
                if source is tokens:
                    raise parse.ParseError("incomplete input", type, value, (prefix, start))
    except parse.ParseError as error:
        raise ParseError(error, parser.construct()) from None


def parse_string(text: str, printed: list[str] | None = None) -> Base:
    return parse_tokens(tokenizer.generate_tokens(io.StringIO(text).readline), printed)
