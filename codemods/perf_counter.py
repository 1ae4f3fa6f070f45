"""
## What it does
Replaces `time.time()` with `time.perf_counter()` where a function uses it to measure a duration:
`start = time.time()` and later `time.time() - start` (or `end - start` with
`end = time.time()`), in one sync or async function. Both ends are rewritten, and only when every
use of the variables is such a subtraction. Names are resolved through the imports
(`import time as t`, `from time import time as now`).

## Why is this bad?
`time.time()` is the wall clock: NTP corrections, daylight-saving mistakes and manual clock changes
move it, so a duration measured with it can come out negative or off by seconds. It is also coarse
on some platforms. `time.perf_counter()` is monotonic and has the highest available resolution,
which is what timeouts, latency metrics and `Server-Timing` headers need.

## Example
```python
import logging
import time

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


@app.post("/reports")
async def build_report():
    start = time.time()
    rows = await collect_rows()
    log.info("report built in %.3f s", time.time() - start)
    return rows
```

## Use instead
```python
import logging
import time

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


@app.post("/reports")
async def build_report():
    start = time.perf_counter()
    rows = await collect_rows()
    log.info("report built in %.3f s", time.perf_counter() - start)
    return rows
```

## Fix safety
Safe. A `perf_counter()` value only means something next to another one, so the rewrite happens
only when the variables never leave the subtractions: a `start` that is also logged, returned,
stored, compared, formatted into a string, used in a nested function, declared `global`, or
assigned anything else is a timestamp, and then both its ends stay (other timers of the same
function are still rewritten). So do module-level start times and `time.time()` calls that are not
part of such a pair. A suppression comment on either end (`# fastfix: ignore[perf-counter]`) keeps
both.
"""

from __future__ import annotations

import re

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Codemod, Context
from fastfix.prefilter import FUNCTION, calls_to
from fastfix.tree import (
    Call,
    calls,
    enclosing_function,
    functions,
    is_variable,
    plain_call,
    replace_callee,
    syms,
)


class PerfCounter(Codemod):
    id = "perf-counter"
    title = "time.perf_counter() for durations measured with time.time()"
    order = 80
    safety = "safe"
    tokens = ("time",)
    prefilter = calls_to("time.time", where=FUNCTION, assigned=True)  # a timer: `start = time.time()`

    def transform(self, ctx: Context) -> None:
        for funcdef in list(functions(ctx.tree)):
            self._fix(ctx, funcdef)

    def _fix(self, ctx: Context, funcdef: Node) -> None:
        clocks: dict[int, tuple[Call, str | None]] = {}  # time.time() calls that can be rewritten
        for call in calls(funcdef.children[-1]):
            own = enclosing_function(call.node) is funcdef and plain_call(call.node) and not call.arguments
            if not own or ctx.qualified(call) != "time.time" or ctx.suppressed(call.node):
                continue
            spelling = None if len(call.callee) > 1 else ctx.imports.member("time", "perf_counter", at=call.node)
            if len(call.callee) > 1 or spelling:
                clocks[id(call.node)] = (call, spelling)
        if not clocks:
            return
        occurrences: dict[str, list[Base]] = {}
        for leaf in funcdef.leaves():
            if leaf is not funcdef.children[1] and is_variable(leaf):
                occurrences.setdefault(leaf.value, []).append(leaf)
        # an f-string can use a variable where the tree does not show it
        strings = " ".join(leaf.value for leaf in funcdef.leaves() if leaf.type == token.STRING and _is_f_string(leaf))
        timers = {
            name for name, leaves in occurrences.items() if any(_assigned_clock(leaf, clocks) is not None for leaf in leaves)
        }
        while True:  # drop timers with a use other than a subtraction from another timer or clock
            kept = {
                name
                for name in timers
                if not re.search(rf"\b{name}\b", strings)
                and any(_other_operand(leaf) is not None for leaf in occurrences[name])
                and all(_timer_use(leaf, funcdef, clocks, timers) for leaf in occurrences[name])
            }
            if kept == timers:
                break
            timers = kept
        rewrite: dict[int, Base] = {}
        for name in sorted(timers):
            for leaf in occurrences[name]:
                node = _assigned_clock(leaf, clocks)
                node = _other_operand(leaf) if node is None else node
                if id(node) in clocks:
                    rewrite[id(node)] = node
        for key, node in rewrite.items():
            call, spelling = clocks[key]
            if ctx.change(node, "time.time() measures a duration: time.perf_counter() is monotonic"):
                if spelling is None:
                    call.callee[-1].children[1].value = "perf_counter"
                else:
                    replace_callee(call, spelling)
                    ctx.imports.drop_if_unused("time.time")



def _is_f_string(leaf: Base) -> bool:
    return "f" in re.match(r"[A-Za-z]*", leaf.value).group().lower()


def _assigned_clock(leaf: Base, clocks: dict[int, tuple[Call, str | None]]) -> Base | None:
    """The `time.time()` call in `leaf = time.time()`."""
    statement = leaf.parent
    if statement.type != syms.expr_stmt or len(statement.children) != 3 or statement.children[0] is not leaf:
        return None
    value = statement.children[2]
    return value if statement.children[1].type == token.EQUAL and id(value) in clocks else None


def _other_operand(leaf: Base) -> Base | None:
    """The other side of the subtraction `a - b` that `leaf` is one side of."""
    expression = leaf.parent
    if expression.type != syms.arith_expr or len(expression.children) != 3 or expression.children[1].type != token.MINUS:
        return None
    first, _, second = expression.children
    return second if leaf is first else first


def _timer_use(leaf: Base, funcdef: Node, clocks: dict[int, tuple[Call, str | None]], timers: set[str]) -> bool:
    """Whether `leaf` is assigned a clock, or subtracted from / to a clock or another timer."""
    if enclosing_function(leaf) is not funcdef:
        return False
    if _assigned_clock(leaf, clocks) is not None:
        return True
    other = _other_operand(leaf)
    if other is None:
        return False
    return id(other) in clocks or (other.type == token.NAME and other.value in timers and other.value != leaf.value)
