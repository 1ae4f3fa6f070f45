"""Corpora for the benchmark: generated FastAPI services, and copies of installed packages' sources.

A generated corpus has N modules in packages of 50; a chosen share of them are route modules
holding most of the anti-patterns the default codemods rewrite, the rest are schema modules that
hold none of the codemods' trigger tokens (so the prefilter skips them, as it would in real code).
"""

from __future__ import annotations

import importlib.util
import random
import shutil
from pathlib import Path

# A route module is a header and twelve blocks: three anti-patterns and nine blocks of ordinary
# code, each formatted with {n}, a number that makes its names unique in the module. A block names
# what it uses; the header imports just that, as a real module would.
_IMPORTS = {
    "asyncio": "import asyncio",
    "json": "import json",
    "subprocess": "import subprocess",
    "time": "import time",
    "ThreadPoolExecutor": "from concurrent.futures import ThreadPoolExecutor",
    "Path": "from pathlib import Path",
    "Annotated": "from typing import Annotated",
    "requests": "import requests",
    "Depends": "from fastapi import Depends",
    "Request": "from fastapi import Request",
    "BaseModel": "from pydantic import BaseModel",
    "Session": "from sqlalchemy.orm import Session",
    "sessionmaker": "from sqlalchemy.orm import sessionmaker",
    "BaseHTTPMiddleware": "from starlette.middleware.base import BaseHTTPMiddleware",
}
_DEFINITIONS = {"SessionLocal": ("sessionmaker", "SessionLocal = sessionmaker()"), "DATA": ("Path", 'DATA = Path("/srv/data")')}

# Anti-patterns, one per block: (names used, code).
_PATTERNS = [
    ({"Request", "BaseHTTPMiddleware"}, """

class Timing{n}(BaseHTTPMiddleware):
    def dispatch(self, request: Request, call_next):
        response = call_next(request)
        response.headers["x-timing-{n}"] = "1"
        return response
"""),
    ({"time", "Annotated", "Depends", "Session", "SessionLocal"}, """

def get_db_{n}() -> Session:
    db = SessionLocal()
    return db


@app.get("/items/{n}")
async def read_items_{n}(db: Annotated[Session, Depends(get_db_{n})], limit: int = 10):
    time.sleep(0.01)
    rows = db.execute("SELECT name FROM items LIMIT :limit", {{"limit": limit}})
    return [row.name for row in rows]
"""),
    ({"json", "subprocess", "requests", "DATA"}, """

@app.post("/reports/{n}/{{name}}")
async def build_report_{n}(name: str):
    data = requests.get(f"https://metrics.internal/{{name}}", timeout=5).json()
    with open(DATA / f"{{name}}.json", "w") as f:
        json.dump(data, f)
    subprocess.run(["render", name], check=True)
    return {{"pdf": (DATA / f"{{name}}.pdf").read_bytes().hex()}}
"""),
    ({"asyncio", "time"}, """

@app.get("/render/{n}/{{report_id}}")
async def render_report_{n}(report_id: int):
    start = time.time()
    loop = asyncio.get_event_loop()
    data = await loop.run_in_executor(None, summarize_{n}, [float(report_id)])
    return {{"size": len(data), "seconds": time.time() - start}}


def summarize_{n}(values: list[float]) -> dict[str, float]:
    return {{"count": len(values), "mean": sum(values) / max(len(values), 1)}}
"""),
    ({"Request"}, """

@app.middleware("http")
async def add_header_{n}(request: Request, call_next):
    response = call_next(request)
    response.headers["x-version-{n}"] = "{n}"
    return response
"""),
    ({"asyncio", "ThreadPoolExecutor"}, """

@app.get("/pool/{n}")
async def pooled_{n}(count: int):
    with ThreadPoolExecutor() as pool:
        result = await asyncio.get_event_loop().run_in_executor(pool, sum, range(count))
    return {{"sum": result}}
"""),
    ({"json", "DATA"}, """

@app.get("/config/{n}")
async def config_{n}():
    text = (DATA / "config-{n}.json").read_text()
    return json.loads(text)
"""),
]

# Ordinary code around them: models, helpers and endpoints that are already right.
_CLEAN = [
    ({"BaseModel"}, """

class Item{n}(BaseModel):
    name: str
    price: float
    tags: list[str] = []
    quantity: int = 0

    def total(self) -> float:
        return self.price * self.quantity
"""),
    (set(), """

def statistics_{n}(values: list[float]) -> dict[str, float]:
    \"\"\"Plain synchronous helper: nothing to rewrite.\"\"\"
    if not values:
        return {{"count": 0, "mean": 0.0}}
    ordered = sorted(values)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {{"count": len(values), "mean": sum(values) / len(values), "median": median}}
"""),
    ({"asyncio"}, """

@app.get("/wait/{n}")
async def wait_{n}(seconds: float = 0.1):
    await asyncio.sleep(seconds)
    return {{"waited": seconds}}
"""),
    ({"time", "Annotated", "Depends", "Session", "SessionLocal"}, """

def get_session_{n}():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@app.get("/orders/{n}/{{order_id}}")
def read_order_{n}(order_id: int, session: Annotated[Session, Depends(get_session_{n})]):
    time.sleep(0.01)  # a plain def runs in the thread pool: blocking is fine here
    return {{"order": order_id, "items": [item.name for item in session.scalars(order_id)]}}
"""),
    (set(), """

class Cart{n}:
    \"\"\"An in-memory cart with a small API.\"\"\"

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.lines: dict[str, int] = {{}}

    def add(self, sku: str, count: int = 1) -> None:
        self.lines[sku] = self.lines.get(sku, 0) + count

    def remove(self, sku: str) -> None:
        if self.lines.get(sku, 0) <= 1:
            self.lines.pop(sku, None)
        else:
            self.lines[sku] -= 1

    def __len__(self) -> int:
        return sum(self.lines.values())
"""),
    ({"Request"}, """

@app.get("/carts/{n}/{{owner}}")
async def cart_{n}(owner: str, request: Request) -> dict[str, object]:
    cart = request.app.state.carts.get(owner)
    if cart is None:
        return {{"owner": owner, "lines": {{}}, "size": 0}}
    lines = {{sku: count for sku, count in sorted(cart.lines.items()) if count > 0}}
    return {{"owner": owner, "lines": lines, "size": sum(lines.values())}}
"""),
]


def _route_module(title: str, blocks: list[tuple[set[str], str]]) -> str:
    used = set().union(*(names for names, _ in blocks))
    defined = [_DEFINITIONS[name] for name in sorted(used & _DEFINITIONS.keys())]
    used |= {needed for needed, _ in defined}
    names: dict[str, list[str]] = {}  # module -> names imported from it, "" for `import module`
    for statement in ["from fastapi import FastAPI", *(_IMPORTS[name] for name in _IMPORTS if name in used)]:
        words = statement.split()
        names.setdefault(words[1], []).append(words[3] if words[0] == "from" else "")
    groups: tuple[list[str], list[str]] = ([], [])  # the standard library's, then the others
    for module, imported in sorted(names.items(), key=lambda item: (item[1] != [""], item[0])):
        line = f"import {module}" if imported == [""] else f"from {module} import {', '.join(sorted(imported))}"
        groups[module.split(".")[0] in _THIRD_PARTY].append(line)
    header = [f'"""Routes of service {title}: generated for a benchmark."""', "", *groups[0], "", *groups[1], ""]
    header += [code for _, code in defined] + [f'app = FastAPI(title="{title}")']
    return "\n".join(header) + "\n" + "".join(code.format(n=n) for n, (_, code) in enumerate(blocks))


_THIRD_PARTY = {"requests", "fastapi", "pydantic", "sqlalchemy", "starlette"}

# A schema module: models, enums and constants, none of the codemods' trigger tokens.
_SCHEMA_HEADER = '''"""Schemas of service {package}.{module}: generated for a benchmark."""

from enum import Enum

from pydantic import BaseModel, Field
'''

_SCHEMA_BLOCK = '''

class Colour{n}(str, Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"


class Address{n}(BaseModel):
    street: str
    city: str
    country: str = Field(default="NL", max_length=2)


class Customer{n}(BaseModel):
    """A customer as the API shows it."""

    name: str
    email: str
    address: Address{n} | None = None
    favourite: Colour{n} = Colour{n}.BLUE
    tags: list[str] = Field(default_factory=list)
    credit: float = 0.0


LIMITS_{n} = {{"customers": 1000 + {n}, "orders": 50_000, "items": [1, 2, 3, 5, 8, 13, 21]}}
'''


def generate(directory: Path, files: int, share: float, seed: int = 7) -> None:
    """`files` modules under `directory`, `share` of them (0..1) route modules with anti-patterns."""
    rng = random.Random(seed)
    routes = set(rng.sample(range(files), round(files * share)))
    (directory / "pyproject.toml").write_text("[project]\nname = 'generated'\n")
    for number in range(files):
        package = directory / f"service{number // 50:03d}"
        package.mkdir(exist_ok=True)
        module = f"module{number % 50:02d}"
        if number in routes:
            blocks = [*rng.sample(_PATTERNS, 3), *(rng.choice(_CLEAN) for _ in range(9))]
            rng.shuffle(blocks)
            text = _route_module(f"{package.name}.{module}", blocks)
        else:
            text = _SCHEMA_HEADER.format(package=package.name, module=module)
            text += "".join(_SCHEMA_BLOCK.format(n=n) for n in range(4))
        (package / f"{module}.py").write_text(text)


REAL_PACKAGES = ("fastapi", "starlette", "pydantic", "sqlalchemy", "sqlmodel", "httpx")


def copy_installed(directory: Path, packages: tuple[str, ...] = REAL_PACKAGES) -> list[str]:
    """Copy the .py sources of each installed package to `directory/<package>`; the ones copied."""
    copied = []
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        source = Path(next(iter(spec.submodule_search_locations)))
        shutil.copytree(source, directory / name, ignore=_not_python)
        copied.append(name)
    return copied


def _not_python(directory: str, names: list[str]) -> list[str]:
    return [name for name in names if not name.endswith(".py") and not (Path(directory) / name).is_dir()]
