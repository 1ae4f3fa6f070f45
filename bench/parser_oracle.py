"""The parser's oracle: fastfix's parser in the working tree against the one committed at a
revision, on real code and on broken copies of it. Trees must be identical (classes, every
attribute in the same order, children, parent links) and errors the same (class, message, token,
context and the construct named).

    python3 bench/parser_oracle.py [--base REV] [--jobs N] [--broken N] [--seed N] [ROOT]...

The base parser and tokenizer are read with `git show REV:...` (default HEAD, so: the uncommitted
parser against the committed one; once a change is committed, pass the commit before it, e.g.
9b758c9 for the parser that stacked rules one by one) and loaded as modules of their own. ROOTs (directories or
files; default: the standard library, site-packages, tests/grammar_fixtures) are searched for .py
files, each decoded as fastfix decodes it. For each file, N broken copies (default 2) are made
with a random generator seeded from --seed and the path: one cut at a random point, then copies
with a random token deleted. Prints the counts and every difference; exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import multiprocessing
import os
import random
import subprocess
import sys
import sysconfig
import tempfile
import types
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastfix.errors import FastfixError
from fastfix.grammar import parser as new_parser
from fastfix.grammar import tokenizer as new_tokenizer
from fastfix.source import SourceFile

_REPOSITORY = Path(__file__).resolve().parent.parent
_parsers: tuple[Callable[[str], Any], Callable[[str], Any]] | None = None


def _module(name: str, path: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _load_base(directory: str) -> None:
    global _parsers
    base_tokenizer = _module("_base_tokenizer", os.path.join(directory, "tokenizer.py"))
    base_parser = _module("_base_parser", os.path.join(directory, "parser.py"))
    base_parser.tokenizer = base_tokenizer  # it imported the working tree's tokenizer
    _parsers = base_parser.parse_string, new_parser.parse_string


def _outcome(parse: Callable[[str], Any], text: str) -> tuple[str, Any]:
    try:
        return "tree", parse(text)
    except Exception as error:  # noqa: BLE001 - every error is compared
        details = getattr(error, "msg", None), getattr(error, "type", None), getattr(error, "value", None)
        details += getattr(error, "context", None), getattr(error, "construct", None)
        return "error", (type(error).__name__, repr(error.args), details)


def tree_difference(old: Any, new: Any) -> str | None:
    """Where two trees differ, or None. Iterative: trees can be deeper than the recursion limit."""
    pending = [(old, new, None, None, "root")]
    while pending:
        a, b, a_parent, b_parent, where = pending.pop()
        if type(a) is not type(b):
            return f"{where}: {type(a).__name__} != {type(b).__name__}"
        a_vars, b_vars = vars(a), vars(b)
        if list(a_vars) != list(b_vars):
            return f"{where}: attributes {list(a_vars)} != {list(b_vars)}"
        if a.parent is not a_parent or b.parent is not b_parent:
            return f"{where}: wrong parent link"
        for key, value in a_vars.items():
            if key not in ("parent", "children") and value != b_vars[key]:
                return f"{where}: {key} {value!r} != {b_vars[key]!r}"
        if "children" in a_vars:
            if len(a.children) != len(b.children):
                return f"{where}: {len(a.children)} children != {len(b.children)}"
            kids = zip(a.children, b.children)
            pending.extend((x, y, a, b, f"{where}/{i}:{x.type}") for i, (x, y) in enumerate(kids))
    return None


def compare(text: str) -> tuple[str, str | None]:
    """What the new parser made of text ("tree" or "error") and how the two disagree, or None."""
    old_parse, new_parse = _parsers
    (old_kind, old), (new_kind, new) = _outcome(old_parse, text), _outcome(new_parse, text)
    if old_kind != new_kind or old_kind == "error":
        return new_kind, None if (old_kind, old) == (new_kind, new) else f"old {old_kind} {old!r} != new {new_kind} {new!r}"
    if str(new) != text and str(old) == text:  # a cut copy without its final newline never does
        return new_kind, "the new tree does not round-trip"
    return new_kind, tree_difference(old, new)


def broken_copies(text: str, count: int, rng: random.Random) -> Iterator[str]:
    """`text` cut at a random point, then with random tokens deleted."""
    if count and text:
        yield text[: rng.randrange(len(text))]
    try:
        tokens = list(new_tokenizer.generate_tokens(io.StringIO(text).readline))
    except Exception:  # noqa: BLE001 - an untokenizable file gets no token deletions
        return
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    spans = [(offsets[s[0] - 1] + s[1], offsets[e[0] - 1] + e[1]) for _, _, s, e, _ in tokens if s[0] <= len(lines) and e > s]
    for _ in range(count - 1):
        if spans:
            start, end = rng.choice(spans)
            yield text[:start] + text[end:]


def check_file(job: tuple[str, int, int]) -> tuple[str, dict[str, int], list[str]]:
    path, broken, seed = job
    counts = {"files": 0, "undecodable": 0, "trees": 0, "errors": 0, "broken trees": 0, "broken errors": 0}
    try:
        text = SourceFile.decode(Path(path).read_bytes(), path).text
    except (FastfixError, OSError):
        counts["undecodable"] += 1
        return path, counts, []
    counts["files"] += 1
    problems = []
    rng = random.Random(seed ^ zlib.crc32(path.encode()))
    for number, variant in enumerate([text, *broken_copies(text, broken, rng)]):
        kind, problem = compare(variant)
        if problem:
            problems.append(f"{path} ({'original' if number == 0 else f'broken copy {number}'}): {problem}")
        else:
            counts[("" if number == 0 else "broken ") + ("trees" if kind == "tree" else "errors")] += 1
    return path, counts, problems


def python_files(roots: list[Path]) -> list[str]:
    """The .py files under roots, each once (site-packages is inside the standard library's)."""
    paths: dict[str, str] = {}
    for root in roots:
        found = [str(root)] if root.is_file() else []
        for directory, subdirectories, names in os.walk(root):
            subdirectories.sort()
            found += [os.path.join(directory, name) for name in sorted(names) if name.endswith(".py")]
        for path in found:
            paths.setdefault(os.path.realpath(path), path)
    return list(paths.values())


def base_modules(revision: str, directory: str) -> None:
    """Write the parser and tokenizer at `revision` into `directory`."""
    for name in ("parser.py", "tokenizer.py"):
        command = ["git", "show", f"{revision}:fastfix/grammar/{name}"]
        Path(directory, name).write_bytes(subprocess.run(command, cwd=_REPOSITORY, check=True, capture_output=True).stdout)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--base", default="HEAD", help="the revision whose parser is the reference (default HEAD)")
    options.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    options.add_argument("--broken", type=int, default=2, help="broken copies of each file (default 2)")
    options.add_argument("--seed", type=int, default=0)
    options.add_argument("roots", nargs="*", type=Path)
    arguments = options.parse_args()
    stdlib, site = Path(sysconfig.get_paths()["stdlib"]), Path(sysconfig.get_paths()["purelib"])
    roots = arguments.roots or [stdlib, site, _REPOSITORY / "tests" / "grammar_fixtures"]

    jobs = [(path, arguments.broken, arguments.seed) for path in python_files(roots)]
    totals: dict[str, int] = {}
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as base:
        base_modules(arguments.base, base)
        with multiprocessing.Pool(arguments.jobs, _load_base, (base,)) as pool:
            for _, counts, found in pool.imap_unordered(check_file, jobs, chunksize=8):
                for key, value in counts.items():
                    totals[key] = totals.get(key, 0) + value
                problems += found
                for problem in found:
                    print(problem[:2000], flush=True)
    print(f"against {arguments.base}: " + ", ".join(f"{key} {value}" for key, value in totals.items()))
    print(f"differences: {len(problems)}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
