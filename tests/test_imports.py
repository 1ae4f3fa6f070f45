"""Import requests: added once, after docstring and __future__, reusing what is there."""

from __future__ import annotations

import textwrap

import pytest

from fastfix.imports import ImportRequests
from fastfix.names import NameResolver
from fastfix.parsing import parse_module


def _requests(source: str) -> tuple:
    tree = parse_module(textwrap.dedent(source))
    return tree, ImportRequests(tree, NameResolver(tree))


@pytest.mark.parametrize(
    ("source", "answer"),
    [
        ("import asyncio\n", "asyncio"),
        ("import asyncio as aio\n", "aio"),
        ("import os, asyncio as aio\n", "aio"),
    ],
)
def test_existing_module_import_is_reused(source: str, answer: str) -> None:
    tree, imports = _requests(source)
    assert imports.module("asyncio") == answer
    imports.apply()
    assert str(tree) == source


def test_member_reuses_from_import_alias_or_module() -> None:
    _, imports = _requests("from sqlalchemy import text as sa_text\n")
    assert imports.member("sqlalchemy", "text") == "sa_text"
    _, imports = _requests("import sqlalchemy as sa\n")
    assert imports.member("sqlalchemy", "text") == "sa.text"


def test_imports_under_type_checking_or_in_functions_are_not_reused() -> None:
    tree, imports = _requests(
        """\
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            import asyncio
        def f():
            import asyncio
        asyncio.run(f())
        """
    )
    assert imports.module("asyncio") == "asyncio"
    imports.apply()
    assert str(tree).startswith("import asyncio\nfrom typing import TYPE_CHECKING\n")


def test_requested_twice_added_once_after_docstring_and_future() -> None:
    tree, imports = _requests(
        '''\
        """Module docstring."""

        from __future__ import annotations

        import os
        asyncio.run(text)
        '''
    )
    imports.module("asyncio")
    imports.module("asyncio")
    imports.member("sqlalchemy", "text")
    imports.member("sqlalchemy", "select")  # requested but the rewrite never used it
    imports.apply()
    assert str(tree) == textwrap.dedent(
        '''\
        """Module docstring."""

        from __future__ import annotations

        import asyncio
        from sqlalchemy import text
        import os
        asyncio.run(text)
        '''
    )


def test_shebang_and_license_header_stay_on_top() -> None:
    tree, imports = _requests(
        """\
        #!/usr/bin/env python
        # Copyright Example Corp.

        # the handler
        async def handler():
            await asyncio.sleep(0)
        """
    )
    imports.module("asyncio")
    imports.apply()
    assert str(tree) == textwrap.dedent(
        """\
        #!/usr/bin/env python
        # Copyright Example Corp.

        import asyncio

        # the handler
        async def handler():
            await asyncio.sleep(0)
        """
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import time\nx = 1\n", "x = 1\n"),
        ("import os, time\n", "import os\n"),
        ("import time, os\n", "import os\n"),
        ("from time import sleep, monotonic\n", "from time import monotonic\n"),
        ("from time import (\n    monotonic,\n    sleep,\n)\n", "from time import (\n    monotonic,\n)\n"),
        ("import time; x = 1\n", "x = 1\n"),
        ("# why we need time\nimport time\nx = 1\n", "# why we need time\nx = 1\n"),
        ("import time\nx = time.time()\n", "import time\nx = time.time()\n"),  # still used
        ("import time\n__all__ = ['time']\n", "import time\n__all__ = ['time']\n"),  # re-exported
        ("import time as t\nx = obj.t\n", "x = obj.t\n"),  # an attribute is not a use
    ],
)
def test_drop_if_unused(source: str, expected: str) -> None:
    tree, imports = _requests(source)
    imports.drop_if_unused("time")
    imports.drop_if_unused("time.sleep")
    imports.apply()
    assert str(tree) == expected


def test_a_name_shadowed_at_the_use_site_is_refused() -> None:
    tree, imports = _requests("import asyncio\ndef f(asyncio):\n    pass\ndef g():\n    pass\n")
    shadowed = tree.children[1].children[-1]
    free = tree.children[2].children[-1]
    assert imports.module("asyncio", at=shadowed) is None
    assert imports.module("asyncio", at=free) == "asyncio"
    _, imports = _requests("def f(text):\n    pass\n")
    assert imports.member("sqlalchemy", "text", at=_.children[0].children[-1]) is None


@pytest.mark.parametrize(
    ("imports_before", "imports_after"),
    [
        # where ruff and isort would sort the name: constants, classes, the rest, regardless of case
        ("from fastapi import FastAPI, WebSocket\n", "from fastapi import FastAPI, WebSocket, WebSocketDisconnect\n"),
        ("from fastapi import Xyz, status\n", "from fastapi import WebSocketDisconnect, Xyz, status\n"),
        ("from fastapi import status, FastAPI\n", "from fastapi import status, FastAPI, WebSocketDisconnect\n"),  # unsorted: last
        (
            "from fastapi import (\n    FastAPI,\n    status,\n)\n",
            "from fastapi import (\n    FastAPI,\n    WebSocketDisconnect,\n    status,\n)\n",
        ),
        (
            "from fastapi import (\n    FastAPI,\n    WebSocket\n)\n",
            "from fastapi import (\n    FastAPI,\n    WebSocket,\n    WebSocketDisconnect\n)\n",
        ),
        (  # a comment stays with its name: the new one goes last
            "from fastapi import (\n    FastAPI,  # the app\n    status,\n)\n",
            "from fastapi import (\n    FastAPI,  # the app\n    status,\n    WebSocketDisconnect,\n)\n",
        ),
        (  # continued with a backslash: the list stays on its lines
            "from fastapi import FastAPI, \\\n    WebSocket\n",
            "from fastapi import FastAPI, \\\n    WebSocket, WebSocketDisconnect\n",
        ),
        ('"""Doc."""\nimport json\nfrom fastapi import FastAPI\n', '"""Doc."""\nimport json\nfrom fastapi import FastAPI, WebSocketDisconnect\n'),
        # a line of its own: an import that renames, a star import, one below other code or in an `if`
        ("from fastapi import FastAPI as App\n", "from fastapi import WebSocketDisconnect\nfrom fastapi import FastAPI as App\n"),
        ("from fastapi import *\n", "from fastapi import WebSocketDisconnect\nfrom fastapi import *\n"),
        ("x = 1\nfrom fastapi import FastAPI\n", "from fastapi import WebSocketDisconnect\n\nx = 1\nfrom fastapi import FastAPI\n"),
        ("if x:\n    from fastapi import FastAPI\n", "from fastapi import WebSocketDisconnect\n\nif x:\n    from fastapi import FastAPI\n"),
        ("from fastapi.routing import APIRouter\n", "from fastapi import WebSocketDisconnect\nfrom fastapi.routing import APIRouter\n"),
    ],
)
def test_a_name_joins_a_from_import_of_its_module_among_the_leading_imports(imports_before: str, imports_after: str) -> None:
    tree, imports = _requests(imports_before + "use(WebSocketDisconnect)\n")
    assert imports.member("fastapi", "WebSocketDisconnect") == "WebSocketDisconnect"
    imports.apply()
    assert str(tree) == imports_after + "use(WebSocketDisconnect)\n"
