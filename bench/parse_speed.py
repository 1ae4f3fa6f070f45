"""Parse speed of fastfix's grammar against stock fissix, over the running Python's standard library.

    python3 bench/parse_speed.py [--runs N] [--stdlib DIR]

"Stock fissix" is what fastfix parsed with before it had its own grammar: fissix's driver with
`pygram.python_grammar_no_print_and_exec_statement`. Both parse the same decoded texts (as
`fastfix.source` normalises them); the times are over the files both parse, the median of N runs
each, the two parsers taking turns so that a slower machine phase hits both alike.
"""

from __future__ import annotations

import argparse
import ast
import gc
import os
import statistics
import sys
import sysconfig
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fissix import pygram, pytree
from fissix.pgen2 import driver

from fastfix.errors import FastfixError
from fastfix.grammar import parse_string
from fastfix.source import SourceFile

_STOCK = driver.Driver(pygram.python_grammar_no_print_and_exec_statement, convert=pytree.convert)


def stdlib_sources(root: Path) -> dict[str, str]:
    """Decoded text of every .py file under root that the running Python's ast.parse accepts."""
    sources = {}
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(name for name in subdirectories if name != "site-packages")
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            path = os.path.join(directory, name)
            data = Path(path).read_bytes()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ast.parse(data)
                sources[path] = SourceFile.decode(data, path).text
            except (SyntaxError, ValueError, FastfixError):
                continue
    return sources


def _parses(parse: Callable[[str], object], text: str) -> bool:
    try:
        return str(parse(text)) == text
    except Exception:  # noqa: BLE001 - any failure of either parser counts as "does not parse"
        return False


def _timed(parse: Callable[[str], object], texts: list[str]) -> float:
    gc.collect()
    start = time.perf_counter()
    for text in texts:
        parse(text)
    return time.perf_counter() - start


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=3, help="timed runs of each parser (default 3)")
    options.add_argument("--stdlib", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    arguments = options.parse_args()

    sources = stdlib_sources(arguments.stdlib)
    stock_ok = {path for path, text in sources.items() if _parses(_STOCK.parse_string, text)}
    fastfix_ok = {path for path, text in sources.items() if _parses(parse_string, text)}
    both = [sources[path] for path in sorted(stock_ok & fastfix_ok)]

    times: dict[str, list[float]] = {"stock fissix": [], "fastfix": []}
    for _ in range(arguments.runs):
        times["stock fissix"].append(_timed(_STOCK.parse_string, both))
        times["fastfix"].append(_timed(parse_string, both))
    stock, ours = (statistics.median(runs) for runs in times.values())

    print(f"Python {sys.version.split()[0]}, standard library at {arguments.stdlib}")
    print(f"files that CPython's ast.parse accepts: {len(sources)}")
    print(f"{'':<14}{'parsed':>8}{'failed':>8}   {'median s':>9}  runs")
    for label, parsed, median in (("stock fissix", stock_ok, stock), ("fastfix", fastfix_ok, ours)):
        runs = " ".join(f"{run:.2f}" for run in times[label])
        print(f"{label:<14}{len(parsed):>8}{len(sources) - len(parsed):>8}   {median:>9.2f}  {runs}")
    size = sum(map(len, both)) / 1e6
    print(f"timed over the {len(both)} files both parse ({size:.1f} M characters)")
    print(f"fastfix / stock fissix parse time: {ours / stock:.3f}")


if __name__ == "__main__":
    main()
