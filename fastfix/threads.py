"""Moving blocking work off the event loop: the known blocking calls and the one way fastfix
writes `await asyncio.to_thread(fn, *args, **kwargs)` (or Starlette's `run_in_threadpool`)."""

from __future__ import annotations

from fissix.pgen2 import token
from fissix.pytree import Leaf, Node

from fastfix.codemod import Context
from fastfix.tree import Call, add_await, replace_callee, syms

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
)
# Constructors whose objects block in their methods (and often in the constructor too).
BLOCKING_CONSTRUCTORS = (
    "sqlite3.connect", "psycopg2.connect", "pymysql.connect", "mysql.connector.connect",
    "smtplib.SMTP", "smtplib.SMTP_SSL", "ftplib.FTP", "requests.Session", "httpx.Client",
    "socket.create_connection", "subprocess.Popen",
)
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
    module, name = HELPERS[ctx.settings["helper"]]
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
