"""The cyclic garbage collector during a run: paused for each file's work (as fastfix runs it) against
left to its thresholds, side by side in one run of this script.

    python3 bench/gc_per_file.py [--files N] [--runs N] [--jobs N] [DIR]

Each mode runs `fastfix diff` in a fresh interpreter over the same corpus (a generated one of N
files with anti-patterns, or DIR), the two modes taking turns so that a slower phase of the
machine hits both alike. "thresholds only" is fastfix with `fastfix.workers._one_file` calling
the task straight. Printed: the median wall time of each, the time the collector took in the
process that ran the files (from `gc.callbacks`) and its collections, and the ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate

# `fastfix diff` in this interpreter; the collector's time and collections go to stderr as JSON.
_CHILD = """
import gc, json, sys, time
from fastfix import workers
from fastfix.cli import app

if sys.argv[1] == "thresholds only":
    workers._one_file = lambda task, rules, item, arguments: task(rules, item, *arguments)
spent = {"seconds": 0.0, "collections": 0, "started": 0.0}

def timed(phase, info):
    if phase == "start":
        spent["started"] = time.perf_counter()
    else:
        spent["seconds"] += time.perf_counter() - spent["started"]
        spent["collections"] += 1

gc.callbacks.append(timed)
try:
    app(["diff", "--quiet", *sys.argv[2:]], prog_name="fastfix")
except SystemExit:
    pass
print(json.dumps(spent), file=sys.stderr)
"""
MODES = ("paused per file", "thresholds only")


def _run(mode: str, directory: Path, jobs: int) -> tuple[float, float, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, "--jobs", str(jobs), str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
    )
    wall = time.perf_counter() - start
    spent = json.loads(done.stderr.splitlines()[-1])
    return wall, spent["seconds"], spent["collections"]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("directory", nargs="?", type=Path, help="a corpus (default: a generated one)")
    options.add_argument("--files", type=int, default=300, help="files of the generated corpus (default 300)")
    options.add_argument("--runs", type=int, default=3, help="runs of each mode (default 3)")
    options.add_argument("--jobs", type=int, default=1, help="fastfix's --jobs (default 1: the collector timed is the run's)")
    arguments = options.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = arguments.directory
        if directory is None:
            directory = Path(scratch)
            generate(directory, arguments.files, 1.0)
        runs: dict[str, list[tuple[float, float, int]]] = {mode: [] for mode in MODES}
        for _ in range(arguments.runs):
            for mode in MODES:
                runs[mode].append(_run(mode, directory, arguments.jobs))
    print(f"fastfix diff --jobs {arguments.jobs} over {directory}, {arguments.runs} runs of each mode")
    medians = {}
    for mode, measured in runs.items():
        wall, collecting = statistics.median(m[0] for m in measured), statistics.median(m[1] for m in measured)
        medians[mode] = wall, collecting
        collections = statistics.median(m[2] for m in measured)
        print(f"  {mode:<16}  {wall:6.2f} s; the collector {collecting:5.2f} s in {collections:.0f} collections")
    (paused, paused_collecting), (thresholds, thresholds_collecting) = (medians[mode] for mode in MODES)
    print(f"  paused / thresholds only: the run {paused / thresholds:.2f}, the collector {paused_collecting / thresholds_collecting:.2f}")


if __name__ == "__main__":
    main()
