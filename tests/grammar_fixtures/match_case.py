# match statements (PEP 634, Python 3.10), and `match`, `case`, `type` and `_` as ordinary names.
import re
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def describe(command, point, config):
    match command.split():
        case [action]:
            result = action
        case ["go", direction] | ["move", direction]:
            result = direction
        case ["drop", *objects] if objects:
            result = objects
        case []:
            result = None
        case _:
            result = "unknown"
    match point:
        case Point(x=0, y=0):
            where = "origin"
        case Point(x=0, y=y) | Point(x=y, y=0):
            where = f"axis {y}"
        case Point(x, y=other) as p if x == other:
            where = p
        case (1 | 2 | 3) as small:
            where = small
        case -1 | 1.5 | 2 + 3j | "text" | b"bytes" | None | True | False:
            where = "literal"
        case re.IGNORECASE:
            where = "value pattern"
        case [Point(x=a), Point(x=b), *rest]:
            where = (a, b, rest)
        case _:
            where = None
    match config:
        case {"host": str(host), "port": int() as port, **rest}:
            return host, port, rest, where, result
        case {"debug": True}:
            return None
    match = re.match(r"(\w+)", command)
    print(match.group(1))
    case = type(command)
    print(case.__name__, type(point))
    _ = match
    type = "shadowed"
    return match, case, type


class Rule:
    match: str = ""
    case: int = 0
    type: str = "plain"

    def match_(self, match, case, _):
        return match(case)


def soft_keywords_as_calls(match, case):
    match(case)
    match[case]
    match.case = case.id
    match: int = 1
    match *case, 1:
        case [*_]:
            pass
    match match:
        case case:
            pass
    return match
