"""
## What it does
Reports two development settings in `uvicorn.run(...)`: `reload=True`, and a server that listens
on every interface (`host="0.0.0.0"` or `"::"`, the sign of an entry point meant for production)
without saying how many worker processes it runs (no `workers=`, no `reload=`).

## Why is this bad?
`reload=True` starts a file watcher that restarts the server whenever a source file changes, and
serves everything from a single process: `workers` is ignored. In production that costs CPU,
restarts the service when a deploy touches a file, and uses one core of the machine. A public
server without `workers=` also runs one process, so one CPU-heavy request or one blocked event
loop stalls every client.

## Example
```python
import uvicorn

if __name__ == "__main__":
    uvicorn.run("shop.main:app", host="0.0.0.0", port=8000, reload=True)
```

## Use instead
```python
import os

import uvicorn

if __name__ == "__main__":
    uvicorn.run("shop.main:app", host="0.0.0.0", port=8000, workers=int(os.environ.get("WEB_CONCURRENCY", "4")))
```

## Fix safety
Not fixed automatically: whether an entry point is for development or production, and how many
processes a machine should run, are deployment decisions. One process per container, scaled by the
orchestrator, is a sound choice too: say so with `workers=1`. `reload=` taken from a setting, calls
that pass `**options`, and servers that listen on localhost only are not reported.
"""

from __future__ import annotations

from fissix.pgen2 import token

from fastfix.codemod import Check, Context
from fastfix.prefilter import calls_to
from fastfix.tree import calls, keyword_argument, string_value, syms

_RUN = ("uvicorn.run", "uvicorn.main.run")
_EVERY_INTERFACE = ("0.0.0.0", "::")


class UvicornReload(Check):
    id = "uvicorn-reload"
    title = "uvicorn.run() with reload=True, or public without workers"
    tokens = ("uvicorn",)
    prefilter = calls_to(*_RUN)

    def detect(self, ctx: Context) -> None:
        for call in calls(ctx.tree):
            if ctx.qualified(call) not in _RUN:
                continue
            reload, host = keyword_argument(call, "reload"), keyword_argument(call, "host")
            if reload is not None and str(reload.children[2]).strip() == "True":
                ctx.report(reload, "uvicorn.run(reload=True) watches the source files and serves from one process: "
                           "a development setting, not for production")
            elif (
                reload is None and keyword_argument(call, "workers") is None
                and host is not None and string_value(host.children[2]) in _EVERY_INTERFACE
                and not any(argument.type == syms.argument and argument.children[0].type == token.DOUBLESTAR for argument in call.arguments)
            ):
                ctx.report(call.node, f"uvicorn.run() serves every interface ({str(host).strip()}) from one worker "
                           "process: set workers= for production")
