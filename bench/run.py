"""fastfix next to a bare parse of the same files and next to ruff, on a generated and a real corpus.

    python3 bench/run.py [--files N] [--share S] [--runs R] [--memory-files M] [--packages a,b,...]

Two corpora, built in a temporary directory: a generated one (N FastAPI modules, a share S of them
route modules with anti-patterns, the rest schemas without any trigger token; see bench/corpus.py)
and a real one (the sources of installed packages: fastapi, starlette, pydantic, sqlalchemy, ...).
On each, every command runs R times, taking turns so that a busy machine slows them alike; the
median wall time of each is printed, process start-up included, with the fastest run and the
median CPU time (user + system, workers included), which another load on the machine distorts less:

- `fastfix diff` with its default --jobs, the same with `--jobs 1` (and `--jobs 2`);
- a bare parse of every file, in one process, with fastfix's parser and with stock fissix (the
  driver and grammar fastfix parsed with before it had its own);
- `ruff check --select ASYNC --no-cache` (ruff's flake8-async rules; ruff uses every core);

then the ratios that issue 7's targets name. Last, the peak memory of `fastfix diff` over an
M-file generated corpus (and over one a fifth of that size, to show how it grows): the main
process's and the largest worker's (getrusage), and their sum over all processes at worst.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import REAL_PACKAGES, copy_installed, generate
from fastfix.codemod import Codemod
from fastfix.config import load_config, python_files
from fastfix.errors import FastfixError
from fastfix.pipeline import collect_project, module_name
from fastfix.prefilter import Selection, select
from fastfix.source import SourceFile
from fastfix.workers import default_jobs

FASTFIX = [sys.executable, "-m", "fastfix"]
NARROW = 0.2  # a codemod the prefilter keeps for fewer files than this is one it serves well

# Run in a subprocess: fastfix's command line, then the peak RSS of this process and of the
# largest of its children (the pool's workers, reaped by then), in KiB, on the last stderr line.
_MEASURED = """
import resource, sys
from fastfix.cli import app
try:
    app(sys.argv[1:], prog_name="fastfix")
except SystemExit:
    pass
own, workers = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(own, workers, file=sys.stderr)
"""


def parse_every_file(parser: str, directory: Path) -> None:
    """The `--parse` mode: read, decode and parse every file fastfix would read, nothing else."""
    if parser == "fastfix":
        from fastfix.parsing import parse_module as parse
    else:
        from fissix import pygram, pytree
        from fissix.pgen2 import driver

        parse = driver.Driver(pygram.python_grammar_no_print_and_exec_statement, convert=pytree.convert).parse_string
    failed = 0
    for path in python_files([directory], load_config(directory)):
        try:
            parse(SourceFile.decode(path.read_bytes(), str(path)).text)
        except Exception:  # noqa: BLE001 - a file either parser rejects still counts as parsed at
            failed += 1
    print(failed)


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the process and of every process it started)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _commands(directory: Path, jobs: int) -> dict[str, list[str]]:
    here = [sys.executable, str(Path(__file__).resolve())]
    commands = {f"fastfix diff (default: --jobs {jobs})": [*FASTFIX, "diff", str(directory)]}
    for fixed in (1, 2):
        if fixed != jobs:
            commands[f"fastfix diff --jobs {fixed}"] = [*FASTFIX, "diff", "--jobs", str(fixed), str(directory)]
    commands["parse, fastfix's parser"] = [*here, "--parse", "fastfix", str(directory)]
    commands["parse, stock fissix"] = [*here, "--parse", "fissix", str(directory)]
    # the ruff installed beside this Python first: a shim on PATH (pyenv's) adds its own start-up
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff:
        commands["ruff check --select ASYNC"] = [ruff, "check", "--select", "ASYNC", "--no-cache", "--quiet", str(directory)]
    return commands


def _decisions(directory: Path, codemods: list[Codemod]) -> list[Selection]:
    """The prefilter's decision for each file, with the cross-file facts of the run, as in `fastfix diff`."""
    config, files = load_config(directory), []
    for path in python_files([directory], config):
        data = path.read_bytes()
        try:
            text = SourceFile.decode(data, str(path)).text
        except FastfixError:
            text = ""  # undecodable: fastfix reports it without parsing
        files.append((data, text, module_name(path, config.root)))
    project = collect_project(((data, module) for data, _, module in files), codemods)
    return [select(codemods, text, module, project) for _, text, module in files]


def _share(decisions: list[Selection], codemods: list[Codemod], stage: str = "active") -> float:
    """The share of files for which the prefilter keeps one of `codemods`: by the text (stage
    "passed_text"), or by the text and the ast ("active": the files fissix parses)."""
    ids = {codemod.id for codemod in codemods}
    return sum(any(rule.id in ids for rule in getattr(decision, stage)) for decision in decisions) / len(decisions)


def measure(label: str, directory: Path, runs: int, jobs: int, narrow: bool = False) -> dict[str, float]:
    """Time the commands over `directory`; with `narrow`, also `fastfix diff` with only the default
    codemods whose tokens are in few of its files, to show the prefilter at the share the targets
    assume."""
    codemods = load_config(directory).codemods()
    decisions = _decisions(directory, codemods)
    size = sum(path.stat().st_size for path in directory.rglob("*.py")) / 1e6
    print(
        f"\n## {label}: {len(decisions)} files, {size:.1f} MB; the prefilter passes {_share(decisions, codemods, 'passed_text'):.0%}"
        f" by their text, {_share(decisions, codemods):.0%} by their ast too: those reach the fissix parse"
    )
    shares = {codemod.id: _share(decisions, [codemod]) for codemod in codemods}
    texts = {codemod.id: _share(decisions, [codemod], "passed_text") for codemod in codemods}
    print("files each default codemod is kept for, by the text / by the ast too: " + ", ".join(f"{i} {texts[i]:.0%}/{v:.0%}" for i, v in shares.items()))
    commands = _commands(directory, jobs)
    if narrow:
        few = [codemod for codemod in codemods if shares[codemod.id] < NARROW]
        name = f"fastfix diff --select <{len(few)} codemods kept for < {NARROW:.0%}> ({_share(decisions, few):.0%} parsed)"
        commands[name] = [*FASTFIX, "diff", "--select", ",".join(codemod.id for codemod in few), str(directory)]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    load = os.getloadavg()[0]
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_timed(command))
    medians = {name: statistics.median(wall for wall, _ in values) for name, values in times.items()}
    width = max(map(len, commands))
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after (a busy machine slows the runs unevenly)")
    print(f"{'':<{width}}  {'median s':>9}  {'min s':>6}  {'CPU s':>6}  runs (wall s)")
    for name, values in times.items():
        cpu = statistics.median(cpu for _, cpu in values)
        runs_shown = " ".join(f"{wall:.2f}" for wall, _ in values)
        print(f"{name:<{width}}  {medians[name]:>9.2f}  {min(w for w, _ in values):>6.2f}  {cpu:>6.2f}  {runs_shown}")
    return {
        "narrow": next((value for name, value in medians.items() if name.startswith("fastfix diff --select")), 0.0),
        "default": medians[next(iter(commands))],
        "jobs1": medians.get("fastfix diff --jobs 1", medians[next(iter(commands))]),
        "jobs2": medians.get("fastfix diff --jobs 2", medians[next(iter(commands))]),
        "fastfix parse": medians["parse, fastfix's parser"],
        "stock parse": medians["parse, stock fissix"],
        "ruff": medians.get("ruff check --select ASYNC", float("nan")),
    }


def _ratio(name: str, value: float, target: str, met: bool | None) -> None:
    verdict = "" if met is None else ("  met" if met else "  MISSED")
    print(f"  {name:<52} {value:6.2f}   {target}{verdict}")


def peak_memory(directory: Path) -> tuple[float, float, int]:
    """(main process MB, largest worker MB, workers) of `fastfix diff` over `directory`."""
    command = [sys.executable, "-c", _MEASURED, "diff", "--quiet", str(directory)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    own, workers = map(int, done.stderr.split()[-2:])
    return own / 1024, workers / 1024, default_jobs()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--files", type=int, default=1000, help="files in the generated corpus (default 1000)")
    options.add_argument("--share", type=float, default=1.0, help="share of them with anti-patterns (default 1.0)")
    options.add_argument("--runs", type=int, default=3, help="timed runs of each command (default 3)")
    options.add_argument("--memory-files", type=int, default=5000, help="files of the memory run (default 5000)")
    options.add_argument("--packages", default=",".join(REAL_PACKAGES), help="installed packages of the real corpus")
    options.add_argument("--parse", nargs=2, metavar=("PARSER", "DIR"), help=argparse.SUPPRESS)
    arguments = options.parse_args()
    if arguments.parse:
        parse_every_file(arguments.parse[0], Path(arguments.parse[1]))
        return

    # An installed fastfix comes with its bytecode; a checkout run where PYTHONDONTWRITEBYTECODE is
    # set (as in many sandboxes) would compile every module at each start and time that instead.
    for package in ("fastfix", "codemods", "checks"):
        compileall.compile_dir(ROOT / package, quiet=1)
    jobs = default_jobs()
    print(f"Python {sys.version.split()[0]}, {jobs} CPUs available (fastfix's default --jobs), {arguments.runs} runs each")
    with tempfile.TemporaryDirectory(prefix="fastfix-bench-") as temporary:
        root = Path(temporary)
        generated, real, memory = root / "generated", root / "real", root / "memory"
        for directory in (generated, real, memory):
            directory.mkdir()
        generate(generated, arguments.files, arguments.share)
        copied = copy_installed(real, tuple(filter(None, arguments.packages.split(","))))

        made = measure(f"generated corpus, share {arguments.share:g} with anti-patterns", generated, arguments.runs, jobs)
        print("ratios (issue 7 targets):")
        _ratio("fastfix diff --jobs 1 / stock fissix parse", made["jobs1"] / made["stock parse"], "<= 1.3", made["jobs1"] / made["stock parse"] <= 1.3)
        _ratio("fastfix diff --jobs 1 / fastfix's parser", made["jobs1"] / made["fastfix parse"], "", None)
        _ratio("fastfix diff --jobs 1 / --jobs 2 (speed-up)", made["jobs1"] / made["jobs2"], ">= 1.7", made["jobs1"] / made["jobs2"] >= 1.7)
        _ratio("fastfix diff (default jobs) / ruff ASYNC", made["default"] / made["ruff"], "", None)

        if copied:
            found = measure(f"real corpus: {', '.join(copied)}", real, arguments.runs, jobs, narrow=True)
            print("ratios (issue 7 targets):")
            _ratio("fastfix diff / stock fissix parse", found["default"] / found["stock parse"], "<= 0.25", found["default"] / found["stock parse"] <= 0.25)
            _ratio("fastfix diff / fastfix's parser", found["default"] / found["fastfix parse"], "", None)
            _ratio("fastfix diff / ruff ASYNC", found["default"] / found["ruff"], "<= 5", found["default"] / found["ruff"] <= 5)
            _ratio("fastfix diff --jobs 1 / stock fissix parse", found["jobs1"] / found["stock parse"], "", None)
            _ratio("fastfix diff --select <narrow> / stock fissix parse", found["narrow"] / found["stock parse"], "", None)
            _ratio("fastfix diff --select <narrow> / ruff ASYNC", found["narrow"] / found["ruff"], "", None)

        print(f"\n## peak memory of fastfix diff (default jobs) over generated corpora, share {arguments.share:g}")
        for files in (arguments.memory_files // 5, arguments.memory_files):
            shutil.rmtree(memory)
            memory.mkdir()
            generate(memory, files, arguments.share)
            own, worker, workers = peak_memory(memory)
            total = own + workers * worker
            target = f"<= 300 MB {'met' if total <= 300 else 'MISSED'}" if files == arguments.memory_files else ""
            print(f"  {files:>6} files: main {own:6.1f} MB, largest worker {worker:6.1f} MB, at most {total:6.1f} MB in all   {target}")


if __name__ == "__main__":
    main()
