"""
## What it does
Replaces `sessionmaker(..., class_=AsyncSession, ...)` with `async_sessionmaker(...)` from
`sqlalchemy.ext.asyncio`, without the `class_` argument; the other arguments and comments stay.
`sessionmaker` and `AsyncSession` are resolved through the imports, and imports of them that are
no longer used are removed.

## Why is this bad?
`sessionmaker` is SQLAlchemy's factory for synchronous sessions and is typed that way: its
`class_` must be a subclass of `Session`, which `AsyncSession` is not, and its `begin()` is declared
to return a plain context manager. Type checkers therefore reject the factory and every
`async with factory.begin()`, and readers have to spot `class_` to know the sessions are async.
SQLAlchemy 2.0 added `async_sessionmaker` for `AsyncSession`: it makes the same sessions and is
typed for them.

## Example
```python
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("postgresql+asyncpg://app@db/app")
SessionLocal = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
```

## Use instead
```python
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql+asyncpg://app@db/app")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
```

## Fix safety
Safe on SQLAlchemy 2.0 and later (`async_sessionmaker` does not exist in 1.4): the factory, called
directly or through `begin()`, makes an `AsyncSession` with the same arguments as before. Only
`type()` checks can tell: the session is now an `AsyncSession` itself, not an instance of the
subclass `sessionmaker` generated, and the factory is no `sessionmaker` instance. A `sessionmaker` without `class_`, with
another class, or with `class_` inside `**kwargs`, and a `sessionmaker` or `AsyncSession` that does
not come from SQLAlchemy, are left alone. Keep one with `# fastfix: ignore[async-sessionmaker]`.
"""

from __future__ import annotations

from fastfix.codemod import Codemod, Context
from fastfix.prefilter import calls_to
from fastfix.tree import calls, keyword_argument, remove_argument, replace_callee

_SESSIONMAKER = ("sqlalchemy.orm.sessionmaker", "sqlalchemy.orm.session.sessionmaker")
_ASYNC_SESSION = ("sqlalchemy.ext.asyncio.AsyncSession", "sqlalchemy.ext.asyncio.session.AsyncSession")


class AsyncSessionmaker(Codemod):
    id = "async-sessionmaker"
    title = "make AsyncSession factories with async_sessionmaker"
    order = 110
    safety = "safe"
    tokens = ("sessionmaker",)
    prefilter = calls_to(*_SESSIONMAKER)

    def transform(self, ctx: Context) -> None:
        for call in list(calls(ctx.tree)):
            argument = keyword_argument(call, "class_")  # found before resolving: few calls have one
            maker = ctx.qualified(call) if argument is not None else None
            session = ctx.qualified(argument.children[2]) if maker in _SESSIONMAKER else None
            if session not in _ASYNC_SESSION:
                continue
            name = ctx.imports.member("sqlalchemy.ext.asyncio", "async_sessionmaker", at=call.node)
            if name is None or not ctx.change(call.node, "sessionmaker(class_=AsyncSession): use async_sessionmaker(), which is typed for AsyncSession"):
                continue
            replace_callee(call, name)
            remove_argument(argument)
            ctx.imports.drop_if_unused(maker)
            ctx.imports.drop_if_unused(session)
