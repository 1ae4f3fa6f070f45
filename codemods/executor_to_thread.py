"""
## What it does
Replaces `await loop.run_in_executor(None, fn, *args)` directly inside an `async def` with
`await asyncio.to_thread(fn, *args)`, where `loop` comes from `asyncio.get_running_loop()` or
`asyncio.get_event_loop()` (chained, or a local variable assigned once from it). A
`ThreadPoolExecutor` made for one call, `with ThreadPoolExecutor() as pool:` around a single
`await loop.run_in_executor(pool, fn, *args)`, goes too: the statement replaces the `with` block.
`functools.partial(fn, *args, **kwargs)` as the only callable is unwrapped into
`to_thread(fn, *args, **kwargs)`. A loop variable and executor imports left unused are removed.

## Why is this bad?
`run_in_executor` needs the loop first, hides keyword arguments behind `functools.partial`, and
does not pass context variables (request ids, tracing spans) to the thread. A throwaway
`ThreadPoolExecutor` starts a thread for one call, and if the request is cancelled its `with` block
waits for that thread on the event loop. `asyncio.to_thread` says what is meant in one call, runs
in the loop's default executor and carries the context along.

## Example
```python
import asyncio
from concurrent.futures import ThreadPoolExecutor

from PIL import Image


async def thumbnail(path: str) -> Image.Image:
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor() as pool:
        image = await loop.run_in_executor(pool, Image.open, path)
    return image
```

## Use instead
```python
import asyncio

from PIL import Image


async def thumbnail(path: str) -> Image.Image:
    image = await asyncio.to_thread(Image.open, path)
    return image
```

## Fix safety
Needs review. The function now runs in the loop's default executor, which is shared and bounded
(`min(32, os.cpu_count() + 4)` threads unless the application set its own), instead of a thread of
its own: a long call can wait for a free thread, and calls that wait on each other can stall if
they fill it. It also sees the caller's context variables. Executors that are shared (module level,
an attribute, a parameter, used more than once or for anything else), process pools, pools made
with other settings than `max_workers`, calls that are not awaited right away (a future kept for
`cancel()` or callbacks), and loops of unknown origin are left alone.
"""

from __future__ import annotations

import ast

from fissix.pgen2 import token
from fissix.pytree import Base, Node

from fastfix.codemod import Codemod, Context
from fastfix.names import ast_bindings
from fastfix.parsing import tree_text
from fastfix.prefilter import COROUTINE, method_calls
from fastfix.tree import (
    Call,
    block_statement,
    calls_of_method,
    enclosing_function,
    is_async_def,
    is_variable,
    plain_call,
    remove_statement,
    replace_callee,
    syms,
    unwrap_block,
    walk,
)

_LOOPS = ("asyncio.get_running_loop", "asyncio.get_event_loop")
_POOLS = ("concurrent.futures.ThreadPoolExecutor", "concurrent.futures.thread.ThreadPoolExecutor")


class ExecutorToThread(Codemod):
    id = "executor-to-thread"
    title = "asyncio.to_thread instead of loop.run_in_executor"
    order = 60
    safety = "review"
    tokens = ("run_in_executor",)
    prefilter = method_calls("run_in_executor", where=COROUTINE)

    def transform(self, ctx: Context) -> None:
        for call in calls_of_method(ctx.tree, "run_in_executor"):
            function = enclosing_function(call.node)
            if not call.awaited or function is None or not is_async_def(function):
                continue
            arguments = call.arguments
            keywords = [a for a in arguments if a.type == syms.argument and a.children[0].type != token.STAR]
            if len(arguments) < 2 or keywords or arguments[1].type == syms.argument:
                continue
            loop = _loop(ctx, call, function)
            block = None if _is_none(arguments[0]) else _pool_block(ctx, call, function, arguments[0])
            asyncio = ctx.imports.module("asyncio", at=call.node)
            if loop is None or (block is None and not _is_none(arguments[0])) or not asyncio:
                continue
            if block is not None and ctx.suppressed(block):
                continue
            what = "a ThreadPoolExecutor made for one call" if block else "run_in_executor(None, ...)"
            if not ctx.change(call.node, f"{what}: await asyncio.to_thread(...)"):
                continue
            _drop_first_argument(call)
            _unwrap_partial(ctx, call)
            replace_callee(call, f"{asyncio}.to_thread")
            if block is not None:
                unwrap_block(block)
                for name in (*_POOLS, "concurrent.futures"):
                    ctx.imports.drop_if_unused(name)
            # `loop = asyncio.get_running_loop()` has no side effect: it goes once nothing uses loop
            if loop is True or (_uses(function, loop.children[0].value) == 1 and _remove(loop.parent)):
                for name in _LOOPS:
                    ctx.imports.drop_if_unused(name)


def _loop(ctx: Context, call: Call, function: Node) -> Node | bool | None:
    """True for `asyncio.get_running_loop().run_in_executor`, the assignment `loop = ...` of a local
    bound once for `loop.run_in_executor`, None for anything else."""
    receiver = call.callee[:-1]
    if len(receiver) == 1 and receiver[0].type == token.NAME:
        name = receiver[0].value
        for node in walk(function.children[-1], into_scopes=False):
            if node.type == syms.expr_stmt and len(node.children) == 3 and node.children[0].type == token.NAME:
                made = plain_call(node.children[2])
                if node.children[0].value == name and made and not made.arguments and ctx.qualified(made) in _LOOPS:
                    return node if _bindings(function, name) == 1 else None
        return None
    last = receiver[-1]
    if last.type == syms.trailer and len(last.children) == 2 and last.children[0].type == token.LPAR:
        return ctx.qualified(Call(call.node, call.node.children.index(last))) in _LOOPS or None
    return None


def _pool_block(ctx: Context, call: Call, function: Node, pool: Base) -> Node | None:
    """The `with ThreadPoolExecutor() as pool:` whose whole body is this call's statement and
    whose executor nothing else uses."""
    statement = call.node
    while statement is not None and statement.type != syms.simple_stmt:
        statement = statement.parent
    if statement is None or pool.type != token.NAME:
        return None
    block = statement.parent.parent if statement.parent.type == syms.suite else statement.parent
    if block.type != syms.with_stmt or len(block.children) != 4 or block_statement(block) is not statement:
        return None
    item = block.children[1]
    if len(statement.children) != 2 or item.type != syms.with_item or str(item.children[-1]).strip() != pool.value:
        return None
    made = plain_call(item.children[0])
    settings = made.arguments if made else []
    if not made or ctx.qualified(made) not in _POOLS or len(settings) > 1:
        return None
    if settings and settings[0].type == syms.argument and str(settings[0].children[0]).strip() != "max_workers":
        return None
    return block if _uses(function, pool.value) == 2 and _bindings(function, pool.value) == 1 else None


def _drop_first_argument(call: Call) -> None:
    arglist = call.trailer.children[1]
    first, comma, second = arglist.children[:3]
    # a comment after the executor stays, on a line of its own
    second.prefix = first.prefix + (second.prefix.lstrip(" \t") if "#" in second.prefix else "")
    first.remove()
    comma.remove()
    if len(arglist.children) == 1:
        only = arglist.children[0]
        only.remove()
        arglist.replace(only)


def _unwrap_partial(ctx: Context, call: Call) -> None:
    """`to_thread(functools.partial(fn, a, k=v))` -> `to_thread(fn, a, k=v)`, same call."""
    arguments = call.arguments
    partial = plain_call(arguments[0]) if len(arguments) == 1 else None
    if partial is None or ctx.qualified(partial) != "functools.partial" or "\n" in str(partial.node).strip():
        return
    inner = partial.trailer.children[1:-1]
    if not inner or partial.arguments[0].type == syms.argument or "#" in str(partial.node):
        return
    nodes = list(inner[0].children) if inner[0].type == syms.arglist else inner
    following = partial.node.next_sibling
    if nodes[-1].type == token.COMMA and (following is None or following.type != token.RPAR):
        nodes.pop()  # `partial(f, x,),` would leave two commas
    for node in nodes:
        node.remove()
    nodes[0].prefix = partial.node.prefix
    parent, index = partial.node.parent, partial.node.remove()
    if parent.type == syms.trailer and len(nodes) > 1:
        nodes = [Node(syms.arglist, nodes)]
    for offset, node in enumerate(nodes):
        parent.insert_child(index + offset, node)
    ctx.imports.drop_if_unused("functools.partial")
    ctx.imports.drop_if_unused("functools")


def _remove(statement: Base) -> bool:
    return len(statement.children) == 2 and remove_statement(statement)  # `loop = ...` alone on its line


def _is_none(node: Base) -> bool:
    return node.type == token.NAME and node.value == "None"


def _uses(function: Node, name: str) -> int:
    """How often `name` appears as a variable in the function."""
    return sum(1 for leaf in function.leaves() if leaf.value == name and is_variable(leaf))


def _bindings(function: Node, name: str) -> int:
    """How many times the function binds `name` (the ast knows every way); -1 if it cannot tell."""
    try:
        return ast_bindings(ast.parse("async " + tree_text(function)[len(function.prefix) :]).body[0], name)
    except SyntaxError:
        return -1
