"""Moving blocking work off the event loop: the known blocking calls and the one way fastfix
writes `await asyncio.to_thread(fn, *args, **kwargs)` (or Starlette's `run_in_threadpool`); and
moving whole statements into a local sync function run that way (`plan_move`, `move_to_thread`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from fissix.pgen2 import token
from fissix.pytree import Base, Leaf, Node

from fastfix.codemod import Context
from fastfix.errors import FastfixError
from fastfix.names import annotated_type, bindings
from fastfix.parsing import parse_statements, tree_text
from fastfix.tree import (
    Call,
    add_await,
    function_body,
    indent_of,
    is_async_def,
    next_leaf,
    replace_callee,
    shift_lines,
    syms,
)

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
# Calls that block the calling thread on I/O, by qualified name.
BLOCKING_CALLS = (
    *(f"requests.{verb}" for verb in _HTTP_VERBS),
    *(f"httpx.{verb}" for verb in _HTTP_VERBS),
    "urllib.request.urlopen", "urllib.request.urlretrieve", "urllib3.request",
    "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
    "subprocess.getoutput", "subprocess.getstatusoutput", "os.system",
    "socket.create_connection", "socket.getaddrinfo", "socket.gethostbyname",
    "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move", "shutil.rmtree",
    "shutil.make_archive", "shutil.unpack_archive",
    "os.wait", "os.waitpid", "os.wait3", "os.wait4", "os.waitid",
)
# Constructors whose objects block in their methods (and often in the constructor too).
BLOCKING_CONSTRUCTORS = (
    "sqlite3.connect", "psycopg2.connect", "pymysql.connect", "mysql.connector.connect",
    "smtplib.SMTP", "smtplib.SMTP_SSL", "ftplib.FTP", "requests.Session", "httpx.Client",
    "socket.create_connection", "subprocess.Popen", "os.popen",
)
# Methods of those objects that return another blocking object (a DB-API connection's cursor).
DERIVED_OBJECTS = (".cursor",)
# Methods of those objects that return at once: they only ask the OS or send a signal.
NON_BLOCKING_METHODS = {"subprocess.Popen": ("poll", "kill", "terminate", "send_signal")}
# Constructors whose objects refuse to be used from another thread than the one that made them,
# unless made with this keyword argument: sqlite3 raises ProgrammingError.
THREAD_AFFINE = {"sqlite3.connect": ("check_same_thread", "False")}
# Where a call already runs in a worker thread.
THREAD_RUNNERS = ("asyncio.to_thread", "starlette.concurrency.run_in_threadpool", "fastapi.concurrency.run_in_threadpool")
HELPERS = {
    "asyncio.to_thread": ("asyncio", "to_thread"),
    "run_in_threadpool": ("starlette.concurrency", "run_in_threadpool"),
}
HELPER_OPTION = {"helper": "asyncio.to_thread"}  # per-codemod option: one of HELPERS


def helper_expression(ctx: Context, at: Node) -> str | None:
    """The expression naming the configured thread helper at `at`, requesting its import;
    None when a local name there shadows it."""
    helper = ctx.settings["helper"]
    if helper not in HELPERS:
        raise FastfixError(f"[tool.fastfix.{ctx.codemod.id}] helper = {helper!r}: use one of {', '.join(map(repr, HELPERS))}")
    module, name = HELPERS[helper]
    if module != "asyncio" and any(q == f"fastapi.concurrency.{name}" for _, q in ctx.names.module_imports()):
        module = "fastapi.concurrency"  # FastAPI re-exports Starlette's: reuse that import
    if module == "asyncio":
        local = ctx.imports.module("asyncio", at=at)
        return local and f"{local}.{name}"
    return ctx.imports.member(module, name, at=at)


def in_worker_thread(ctx: Context, call: Call) -> bool:
    """Whether the call is an argument of a call that already runs it in a worker thread."""
    node = call.node.parent
    while node is not None and node.type not in (syms.suite, syms.file_input, syms.funcdef):
        if node.type == syms.trailer and node.children[0].type == token.LPAR:
            outer = Call(node.parent, node.parent.children.index(node))
            qualified = ctx.qualified(outer) or ""
            if qualified in THREAD_RUNNERS or (outer.dotted or "").endswith(".run_in_executor"):
                return True
        node = node.parent
    return False


def offload(call: Call, helper: str) -> None:
    """`fn(a, *b, k=c, **d)` becomes `await helper(fn, a, *b, k=c, **d)`: every argument, its
    comments and layout carried over; the callee keeps its own spelling."""
    parts = [part.clone() for part in call.callee]
    parts[0].prefix = ""
    function = parts[0] if len(parts) == 1 else Node(syms.power, parts)
    trailer = call.trailer
    arguments = trailer.children[1:-1]
    if not arguments:
        trailer.insert_child(1, function)
    else:
        arglist = arguments[0]
        if arglist.type != syms.arglist:
            arglist.remove()
            arglist = Node(syms.arglist, [arglist])
            trailer.insert_child(1, arglist)
        # the function goes where the first argument was; that argument moves after a ", "
        first = arglist.children[0]
        function.prefix, first.prefix = first.prefix, " " if "\n" not in first.prefix else first.prefix
        arglist.insert_child(0, Leaf(token.COMMA, ","))
        arglist.insert_child(0, function)
    replace_callee(call, helper)
    add_await(call)


# --- pathlib ---------------------------------------------------------------------------------

PATH_CLASSES = ("pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath")
PATH_IO = ("read_text", "read_bytes", "write_text", "write_bytes")
_PATH_TO_PATH = ("resolve", "absolute", "expanduser", "with_name", "with_suffix", "with_stem", "joinpath")


def is_path(ctx: Context, node: Base, end: int | None = None, depth: int = 0) -> bool:
    """Whether an expression (for a `power` node: its first `end` parts) is known to be a
    pathlib.Path: `Path(...)`, `path / "x"`, `path.parent`, `path.with_suffix(...)` and the like,
    a parameter annotated `Path`, or a name bound only once, to one of these."""
    if depth > 50:  # `a = b` and `b = a`
        return False
    if node.type == syms.atom and node.children[0].type == token.LPAR and len(node.children) == 3:
        return is_path(ctx, node.children[1], depth=depth + 1)
    if node.type == syms.term:
        return all(op.type == token.SLASH for op in node.children[1::2]) and is_path(ctx, node.children[0], depth=depth + 1)
    if node.type == token.NAME:
        found = bindings(ctx.names, node.value, node) if ctx.qualified(node) is None else []
        if len(found) != 1:
            return False
        binding = found[0]
        if binding.annotation is not None and annotated_type(ctx.names, binding.annotation) in PATH_CLASSES:
            return True
        return binding.value is not None and not binding.entered and is_path(ctx, binding.value, depth=depth + 1)
    if node.type != syms.power or node.children[0].type == token.AWAIT:
        return False
    end = len(node.children) if end is None else end
    last = node.children[end - 1]
    if end == 1 or last.type != syms.trailer:
        return end == 1 and is_path(ctx, last, depth=depth + 1)
    if last.children[0].type == token.DOT:
        return last.children[1].value == "parent" and is_path(ctx, node, end - 1, depth=depth + 1)
    if last.children[0].type != token.LPAR:
        return False
    method = node.children[end - 2]
    if method.type == syms.trailer and method.children[0].type == token.DOT and method.children[1].value in _PATH_TO_PATH:
        return is_path(ctx, node, end - 2, depth=depth + 1)
    return ctx.qualified(Call(node, end - 1)) in PATH_CLASSES


# --- moving statements into a local sync function ----------------------------------------------

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_LEAVES = (ast.Await, ast.AsyncFor, ast.AsyncWith, ast.Return, ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal)


@dataclass(frozen=True)
class Move:
    """What statements moved into a local function exchange with their coroutine: the names it
    takes as arguments (the block reads or may keep their earlier values) and the names it
    returns to be bound again (the coroutine reads them elsewhere)."""

    parameters: tuple[str, ...]
    results: tuple[str, ...]
    targets: frozenset[str]  # the names `with` items of the statements bind


def plan_move(funcdef: Node, statements: list[Base]) -> Move | None:
    """Whether consecutive statements of the coroutine `funcdef` can run unchanged as a local
    sync function, and with which names in and out. None when they await, return, yield, leave the
    block with break/continue, declare global/nonlocal names, call `super()`, `del` a name they
    exchange, or would need a name's earlier value that may not be bound yet (a name the coroutine
    reads afterwards that they bind on some paths only; one they read before binding it, in a loop)."""
    located = _locate(funcdef, statements)
    if located is None:
        return None
    function, block, before = located
    if not _stays_inside(block):
        return None
    stores, loads, _ = _names(block)
    outer_stores, outer_loads, declared = _names(function.body, skip={id(node) for node in block})
    params = {arg.arg for arg in ast.walk(function.args) if isinstance(arg, ast.arg)}
    outer, definite = outer_stores | params, _definitely_bound(block) or set()
    looped = any(
        isinstance(loop, (ast.For, ast.While, ast.AsyncFor)) and any(n is block[0] for s in loop.body for n in ast.walk(s))
        for loop in ast.walk(function)
    )
    # names whose value from before the block it may read, or leave in place for the coroutine
    earlier = {n for n in stores if _read_first(block, n) or (n in outer_loads and n not in definite)}
    parameters = {n for n in earlier if n in outer or looped}
    results = stores & outer_loads
    deleted = {n.id for s in block for n in ast.walk(s) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Del)}
    if deleted & (parameters | results) or "super" in loads or stores & declared or not parameters <= params | (_definitely_bound(before) or set()):
        return None
    if not results <= parameters | definite:
        return None
    first: dict[str, tuple[int, int]] = {}
    for node in sorted((n for s in block for n in ast.walk(s) if isinstance(n, ast.Name)), key=_position):
        first.setdefault(node.id, _position(node))
    ordered = sorted(results, key=lambda name: first.get(name, (0, 0)))
    targets = {n.id for s in block if isinstance(s, ast.With) for i in s.items for n in ast.walk(i.optional_vars or ast.Pass()) if isinstance(n, ast.Name)}
    return Move(tuple(sorted(parameters, key=lambda name: first.get(name, (0, 0)))), tuple(ordered), frozenset(targets))


def _read_first(statements: list[ast.stmt], name: str) -> bool | None:
    """Whether running the statements may read `name` before they bind it (True), surely bind it
    first (False), or neither (None)."""
    for statement in statements:
        if isinstance(statement, ast.With):
            if name in _names([item.context_expr for item in statement.items])[1]:
                return True
            if name in (_definitely_bound([ast.With(items=statement.items, body=[])]) or set()):
                return False
            found = _read_first(statement.body, name)
            if found is not None:
                return found
        elif isinstance(statement, ast.For):  # the body reads the target after binding it
            targets = {n.id for n in ast.walk(statement.target) if isinstance(n, ast.Name)}
            if name in _names([statement.iter, *statement.orelse])[1] | (_names(statement.body)[1] - targets):
                return True
        elif name in _names([statement])[1]:
            return True
        elif name in (_definitely_bound([statement]) or set()):
            return False
    return None


def local_function_name(scope: Base, preferred: str) -> str:
    """`preferred`, or it numbered (`_read_file_2`), not used as a name anywhere in `scope`."""
    used = {leaf.value for leaf in scope.leaves() if leaf.type == token.NAME}
    return next(name for number in range(1, len(used) + 2) if (name := preferred if number == 1 else f"{preferred}_{number}") not in used)


def move_to_thread(statements: list[Base], name: str, helper: str, move: Move) -> None:
    """Replace statements of a coroutine by a local `def name(parameters):` holding them
    (comments and layout kept, one level deeper) and returning `move.results`, followed by
    `results = await helper(name, parameters)`."""
    first = statements[0]
    indent, unit = indent_of(first), _indent_unit(first)
    # The DEDENTs closing the last statement's blocks hold the comments at their end, which stay in
    # the block, and the comments and indentation of what follows, which stay out.
    dedents = []
    for leaf in reversed(list(statements[-1].leaves())):
        if leaf.type != token.DEDENT:
            break
        dedents.insert(0, leaf)
    following = next_leaf(dedents[-1]) if dedents else None
    lines = "".join(leaf.prefix for leaf in dedents).splitlines(keepends=True)
    inside = 0
    for number, line in enumerate(lines):
        if line.strip() and not (len(line) - len(line.lstrip(" \t")) > len(indent) and line.lstrip().startswith("#")):
            break
        inside = number + 1 if line.strip() else inside
    for number, leaf in enumerate(dedents):
        leaf.prefix = "".join(lines[:inside]) if number == 0 else ""
    outside = "".join(lines[inside:])
    head = first.prefix
    for statement in statements:  # shifting looks at the statement before: still in place
        shift_lines(statement, unit)
    parent, index = first.parent, first.parent.children.index(first)
    for statement in statements:
        statement.remove()
    first.prefix = ""
    results = ", ".join(move.results)
    code = f"def {name}({', '.join(move.parameters)}):\n{unit}pass\n"
    code += f"{unit}return {results}\n{results} = " if results else ""
    code += f"await {helper}({', '.join([name, *move.parameters])})\n"
    function, assignment = parse_statements(code, indent)
    function.prefix = head
    _last_leaf(function).prefix = ""  # the def's DEDENT: the assignment has its own indentation
    function.children[-1].children[2].replace(statements)
    parent.insert_child(index, function)
    parent.insert_child(index + 1, assignment)
    if following is not None:
        following.prefix = outside + following.prefix


def _locate(funcdef: Node, statements: list[Base]) -> tuple[ast.AST, list[ast.stmt], list[ast.stmt]] | None:
    """The coroutine's `ast`, the statements' `ast`, and the coroutine's top-level statements
    that come before them."""
    header = funcdef.parent if is_async_def(funcdef) else funcdef
    try:
        function = ast.parse(tree_text(header)[len(header.prefix) :]).body[0]
    except (SyntaxError, ValueError, RecursionError):
        return None
    line = 1 - header.prefix.count("\n")
    start = next(statements[0].leaves())
    for leaf in header.leaves():
        line += leaf.prefix.count("\n")
        if leaf is start:
            break
        line += leaf.value.count("\n")
    for node in ast.walk(function):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            found = [i for i, s in enumerate(body) if isinstance(s, ast.stmt) and s.lineno == line] if isinstance(body, list) else []
            if found:
                index, count = found[0], len(statements)
                block = body[index : index + count]
                if len(block) != count or (index and body[index - 1].end_lineno == line):
                    return None
                if index + count < len(body) and body[index + count].lineno == block[-1].end_lineno:
                    return None
                top = next((i for i, s in enumerate(function.body) if s.lineno <= line <= s.end_lineno), 0)
                return function, block, function.body[:top]
    return None


def _stays_inside(nodes, in_loop: bool = False) -> bool:
    """No await, return, yield, global/nonlocal, and no break/continue out of the nodes."""
    for node in nodes:
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, _LEAVES) or (isinstance(node, (ast.Break, ast.Continue)) and not in_loop):
            return False
        if isinstance(node, ast.comprehension) and node.is_async:
            return False
        if isinstance(node, (ast.For, ast.While)):
            head = [node.target, node.iter] if isinstance(node, ast.For) else [node.test]
            if not (_stays_inside(node.body, True) and _stays_inside([*head, *node.orelse], in_loop)):
                return False
        elif not _stays_inside(ast.iter_child_nodes(node), in_loop):
            return False
    return True


def _names(nodes, skip: frozenset[int] | set[int] = frozenset()) -> tuple[set[str], set[str], set[str]]:
    """(bound, read, declared global or nonlocal) names of code at one scope level; nested
    scopes add the names they read from it. A `with` block's reads of its own targets are its own."""
    stores: set[str] = set()
    loads: set[str] = set()
    declared: set[str] = set()
    todo = [node for node in nodes if id(node) not in skip]
    while todo:
        node = todo.pop()
        if isinstance(node, (*_SCOPES, *_COMPREHENSIONS)):
            inner_stores, inner_loads, inner_declared = _names(ast.iter_child_nodes(node))
            loads |= (inner_loads - inner_stores) | inner_declared
            stores |= inner_declared | ({node.name} if hasattr(node, "name") else set())
            continue
        if isinstance(node, ast.With) and not any(id(inner) in skip for inner in ast.walk(node)):
            targets = {n.id for i in node.items for n in ast.walk(i.optional_vars or ast.Pass()) if isinstance(n, ast.Name)}
            inner_stores, inner_loads, inner_declared = _names(node.body, skip)
            stores |= inner_stores | targets
            loads |= inner_loads - targets
            declared |= inner_declared
            todo.extend(node.items)
            continue
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                stores.add(node.id)
            if not isinstance(node.ctx, ast.Store):
                loads.add(node.id)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            loads.add(node.target.id)
        elif isinstance(node, ast.alias):
            stores.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, (ast.ExceptHandler, ast.arg)):
            stores.update(filter(None, [getattr(node, "name", None), getattr(node, "arg", None)]))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        todo.extend(child for child in ast.iter_child_nodes(node) if id(child) not in skip)
    return stores, loads, declared


def _definitely_bound(statements: list[ast.stmt]) -> set[str] | None:
    """Names that statements surely bind when they complete: in both branches of an `if`/`else`,
    in the body and every handler of a `try`, not in a loop's body; None when they never complete
    (they end by raising)."""
    bound: set[str] = set()
    for statement in statements:
        branches: list[list[ast.stmt]] = []
        targets: list[ast.AST] = []
        if isinstance(statement, ast.Raise):
            return None
        if isinstance(statement, ast.With):
            targets, branches = [item.optional_vars for item in statement.items if item.optional_vars], [statement.body]
        elif isinstance(statement, ast.If) and statement.orelse:
            branches = [statement.body, statement.orelse]
        elif isinstance(statement, ast.Try):
            branches = [statement.body + statement.orelse, *(handler.body for handler in statement.handlers)]
        elif isinstance(statement, (ast.Assign, ast.AugAssign)) or (isinstance(statement, ast.AnnAssign) and statement.value):
            targets = getattr(statement, "targets", None) or [statement.target]
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            bound |= {alias.asname or alias.name.split(".")[0] for alias in statement.names}
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(statement.name)
        completing = [found for found in map(_definitely_bound, branches) if found is not None]
        final = _definitely_bound(getattr(statement, "finalbody", []))  # runs on every path
        if (branches and not completing) or final is None:
            return None
        bound |= final.union(set.intersection(*completing) if completing else set())
        bound |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return bound


def _position(node: ast.AST) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _indent_unit(statement: Base) -> str:
    """One level of the file's indentation, as the enclosing function's body uses it."""
    node = statement
    while node.parent is not None and node.type != syms.funcdef:
        node = node.parent
    if node.type != syms.funcdef:
        return "    "
    header = node.parent if is_async_def(node) else node
    body = [child for child in function_body(node).children if child.type >= 256]
    return (indent_of(body[0])[len(indent_of(header)) :] if body else "") or "    "


def _last_leaf(node: Base) -> Leaf:
    while node.children:
        node = node.children[-1]
    return node
