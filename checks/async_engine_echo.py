"""
## What it does
Reports `create_async_engine(..., echo=True)` (or `echo="debug"`) from `sqlalchemy.ext.asyncio`,
outside test modules (`tests/`, `test_*.py`, `*_test.py`, `conftest.py`).

## Why is this bad?
`echo=True` logs every SQL statement with its parameters through the `sqlalchemy.engine` logger.
In production that is a log line per query: it costs time on every request, floods the logs, and
writes whatever the queries carry (emails, tokens, personal data) to them. A flag left on from
development is easy to miss in review because nothing breaks.

## Example
```python
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from .settings import settings

engine = create_async_engine(settings.database_url, echo=True)
SessionLocal = async_sessionmaker(engine)
```

## Use instead
```python
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from .settings import settings

engine = create_async_engine(settings.database_url, echo=settings.sql_echo)
SessionLocal = async_sessionmaker(engine)
```

## Fix safety
Not fixed automatically: where the setting should come from (a settings object, an environment
variable, plain `False`) is the project's choice. Only the literal values are reported;
`echo=settings.debug` and the like are left alone, as are engines made in test modules.
"""

from __future__ import annotations

from fastfix.codemod import Check, Context
from fastfix.prefilter import calls_to
from fastfix.tree import calls, keyword_argument

_CREATE_ASYNC_ENGINE = ("sqlalchemy.ext.asyncio.create_async_engine", "sqlalchemy.ext.asyncio.engine.create_async_engine")
_ECHOING = ("True", "'debug'", '"debug"')


class AsyncEngineEcho(Check):
    id = "async-engine-echo"
    title = "create_async_engine(echo=True) logs every statement"
    tokens = ("echo",)
    prefilter = calls_to(*_CREATE_ASYNC_ENGINE)

    def detect(self, ctx: Context) -> None:
        if _test_module(ctx.module_name):
            return
        for call in calls(ctx.tree):
            echo = keyword_argument(call, "echo") if ctx.qualified(call) in _CREATE_ASYNC_ENGINE else None
            if echo is not None and str(echo.children[2]).strip() in _ECHOING:
                ctx.report(echo, f"create_async_engine({str(echo).strip()}) logs every SQL statement and its "
                           "parameters: take the flag from the settings, off in production")


def _test_module(module_name: str) -> bool:
    parts = module_name.split(".")
    return any(part in ("test", "tests", "conftest") or part.startswith("test_") or part.endswith("_test") for part in parts)
