"""fastfix on real FastAPI code bases: fetch the pinned distributions, run `fastfix diff --json` and
`fastfix apply --json` on a copy of each, check what the rewrites did, and write RESULTS.md.

    python3 realworld/run.py                 every project in projects.toml
    python3 realworld/run.py gradio prefect  only these (RESULTS.md is written from the results saved
                                             for all projects, so a partial run keeps the others)
    python3 realworld/run.py -j 2            two projects at a time

The run uses the `fastfix` script on PATH (`pip install -e .`). Archives go to realworld/.cache/dist,
their .py files to realworld/.cache/src/NAME-VERSION, one JSON result per project (with every diff)
to realworld/.cache/results. Verdicts on the example rewrites are read from verdicts.toml and the
reviewer's notes from notes.md; RESULTS.md is generated from them and the results.

Checks, each a "problem" in the table when it fails:
- crash: an exit status other than 0, 1 or 2, a traceback, or output that is not the JSON report;
- error: any other error fastfix reports for a file (unreadable, undecodable, ...);
- parse: a file fastfix cannot parse although the running Python can;
- compile: a rewrite fastfix refused because it would not compile, or a written file that does not
  re-parse with fastfix's grammar or does not compile;
- agree: `diff` and `apply` disagree on which files change or on the rewrites;
- stray: a file changed on disk that the report does not list, or a listed one that did not change;
- idempotent: a second `apply` changes something;
- indent: a diff hunk whose new lines start at another indentation than the lines they replace
  (code moved into or out of a block compiles, and changes what runs);
- import: an import fastfix added whose name the file never uses, one it removed that is still used,
  or a name the rewritten code uses that nothing binds;
- sync: an `await`, `async for/with`, `to_thread`, `asyncio.sleep`, `run_in_threadpool` or
  `get_running_loop` added to a plain `def`, a lambda or module level.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
import warnings
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from fastfix.parsing import parse_module
from fastfix.registry import all_codemods
from fastfix.source import SourceFile

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
EXAMPLES_PER_CODEMOD = 5
CHECKS = ("crash", "error", "parse", "compile", "agree", "stray", "idempotent", "indent", "import", "sync")


def load_projects() -> list[dict[str, str]]:
    return tomllib.loads((HERE / "projects.toml").read_text())["project"]


def fetch(project: dict[str, str]) -> Path:
    """The project's .py files, unpacked from its archive (downloaded once)."""
    name, version = project["name"], project["version"]
    source = CACHE / "src" / f"{name}-{version}"
    if source.is_dir():
        return source
    dist = CACHE / "dist"
    stem = _normalise(f"{name}-{version}-")
    archives = [path for path in dist.glob("*") if _normalise(path.name).startswith(stem)]
    if not archives:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", f"{name}=={version}", "-d", str(dist)],
            check=True,
        )
        return fetch(project)
    archive = min(archives)
    unpacked = source.with_name(source.name + ".tmp")
    shutil.rmtree(unpacked, ignore_errors=True)
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(unpacked, [n for n in zipped.namelist() if n.endswith(".py")])
    else:
        with tarfile.open(archive) as tarred:
            tarred.extractall(unpacked, [m for m in tarred.getmembers() if m.isfile() and m.name.endswith(".py")],
                              filter="data")
    unpacked.rename(source)
    return source


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name.lower())


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def fastfix(command: str, root: Path) -> tuple[dict[str, Any] | None, int, str, float]:
    """`fastfix COMMAND --json .` in `root`: the report (None if not JSON), exit status, stderr, seconds."""
    started = time.perf_counter()
    done = subprocess.run([shutil.which("fastfix") or "fastfix", command, "--json", "."], cwd=root,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = None
    return report, done.returncode, done.stderr, seconds


def scan(project: dict[str, str]) -> dict[str, Any]:
    name = project["name"]
    source = fetch(project)
    problems: list[dict[str, str]] = []

    def problem(check: str, where: str, detail: str) -> None:
        problems.append({"check": check, "where": where, "detail": detail})

    with tempfile.TemporaryDirectory(prefix=f"fastfix-{name}-") as temp:
        copy = Path(temp) / "src"
        shutil.copytree(source, copy)
        before = snapshot(copy)
        runs = {}
        for step, command in (("diff", "diff"), ("apply", "apply"), ("again", "apply")):
            report, status, stderr, _ = runs[step] = fastfix(command, copy)
            if report is None or status not in (0, 1, 2) or "Traceback" in stderr:
                problem("crash", f"fastfix {command}", f"exit status {status}: {stderr.strip()[-2000:]}")
        after = snapshot(copy)
        diff, applied, again = (runs[step][0] or {"files": [], "summary": {}} for step in ("diff", "apply", "again"))
        third = snapshot(copy)

    files = {f["path"].removeprefix("./"): f for f in diff["files"]}
    changed = {path for path, f in files.items() if f.get("diff")}
    applied_changed = {f["path"].removeprefix("./") for f in applied["files"] if f.get("diff")}
    errors = {path: f["error"] for path, f in files.items() if f["error"]}

    if changed != applied_changed or diff["summary"].get("rewrites") != applied["summary"].get("rewrites"):
        problem("agree", "diff/apply", f"diff changes {sorted(changed ^ applied_changed)} differently")
    on_disk = {path for path in before if before[path] != after.get(path)}
    for path in sorted(on_disk ^ applied_changed):
        problem("stray", path, "changed on disk but not reported" if path in on_disk else "reported but unchanged")
    if again["summary"].get("changed") or after != third:
        moved = sorted(p for p in after if after[p] != third.get(p))
        problem("idempotent", ", ".join(moved[:5]), "a second apply changed these files")

    parse_failures = []
    for path, error in sorted(errors.items()):
        valid = compiles(before[path])
        parse_failures.append({"path": path, "error": error, "valid": valid})
        if "would not compile" in error:
            problem("compile", path, error)
        elif valid and "cannot parse" in error:
            problem("parse", path, error)
        elif "cannot parse" not in error:
            problem("error", path, error)

    for path, entry in sorted(files.items()):
        for detail in indent_problems(entry.get("diff") or ""):
            problem("indent", path, detail)

    for path in sorted(on_disk):
        old, new = before[path], after[path]
        try:
            text = SourceFile.decode(new, path).text
            parse_module(text, path)
            compile(new, path, "exec", dont_inherit=True)
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            problem("compile", path, f"{type(exc).__name__}: {exc}")
            continue
        for detail in import_problems(old, new):
            problem("import", path, detail)
        for detail in sync_problems(old, new):
            problem("sync", path, detail)

    return {
        "name": name,
        "version": project["version"],
        "scanned": diff["summary"].get("scanned", 0),
        "changed": len(changed),
        "rewrites": diff["summary"].get("rewrites", {}),
        "findings": sum(len(f.get("findings", [])) for f in diff["files"]),
        "failed": parse_failures,
        "problems": problems,
        "seconds": {step: round(runs[step][3], 1) for step in runs},
        "files": diff["files"],
    }


def compiles(data: bytes) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, "<file>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def parse(data: bytes) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(data)
    except (SyntaxError, ValueError):
        return None


def imported(tree: ast.Module) -> Counter[str]:
    """Names bound by import statements anywhere in the module."""
    names: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.asname or a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    return names


def used(tree: ast.Module) -> Counter[str]:
    return Counter(node.id for node in ast.walk(tree) if isinstance(node, ast.Name))


def bound(tree: ast.Module) -> set[str]:
    """Names bound other than by imports: definitions, assignments, parameters, globals."""
    names = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names |= {a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments) for a in ast.walk(n) if isinstance(a, ast.arg)}
    return names | set(dir(__builtins__))


def import_problems(old: bytes, new: bytes) -> list[str]:
    before, after = parse(old), parse(new)
    if before is None or after is None:
        return []
    problems = []
    for name in imported(after) - imported(before):
        if used(after)[name] == 0:
            problems.append(f"added import of {name!r}, which is never used")
    for name in imported(before) - imported(after):
        if name not in imported(after) and name not in bound(after) and used(after)[name]:
            problems.append(f"removed the import of {name!r}, which is still used")
    for name in set(used(after)) - set(used(before)) - set(imported(after)) - bound(after):
        problems.append(f"uses {name!r}, which nothing binds")
    return problems


def indent_problems(diff: str) -> list[str]:
    """A hunk whose new lines start at another indentation than the lines they replace: code that
    moved into or out of a block (a statement that joined the loop above it still compiles)."""
    problems = []
    for start, _, text in hunks(diff):
        rows = text.splitlines()[1:]
        levels = {
            sign: min((len(row[1:]) - len(row[1:].lstrip()) for row in rows if row[:1] == sign and row[1:].strip()),
                      default=None)
            for sign in "-+"
        }
        if None not in levels.values() and levels["-"] != levels["+"]:
            problems.append(f"hunk at line {start}: lines at indentation {levels['-']} replaced at {levels['+']}")
    return problems


ASYNC_ONLY_CALLS = {"to_thread", "sleep", "run_in_threadpool", "get_running_loop"}


def async_uses(tree: ast.Module) -> Counter[tuple[str, str]]:
    """(enclosing scope, construct) for every coroutine-only construct outside an `async def`."""
    uses: Counter[tuple[str, str]] = Counter()

    def visit(node: ast.AST, scope: str, in_async: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.AsyncFunctionDef):
                visit(child, f"{scope}.{child.name}", True)
                continue
            if isinstance(child, (ast.FunctionDef, ast.Lambda, ast.ClassDef)):
                visit(child, f"{scope}.{getattr(child, 'name', 'lambda')}", False)
                continue
            if not in_async:
                kind = None
                if isinstance(child, (ast.Await, ast.AsyncWith, ast.AsyncFor)):
                    kind = type(child).__name__
                elif isinstance(child, ast.Call):
                    func = child.func
                    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                    if called in ASYNC_ONLY_CALLS and (called != "sleep" or _is_asyncio(func)):
                        kind = called
                if kind:
                    uses[(scope, kind)] += 1
            visit(child, scope, in_async)

    visit(tree, "<module>", False)
    return uses


def _is_asyncio(func: ast.expr) -> bool:
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and "asyncio" in func.value.id


def sync_problems(old: bytes, new: bytes) -> list[str]:
    before, after = parse(old), parse(new)
    if before is None or after is None:
        return []
    added = async_uses(after) - async_uses(before)
    return [f"{kind} added in sync code ({scope})" for (scope, kind) in sorted(added)]


# --- RESULTS.md -------------------------------------------------------------------------------


def hunks(diff: str) -> list[tuple[int, int, str]]:
    """(first old line, old length, text) of each hunk of a unified diff."""
    found = []
    for part in re.split(r"(?m)^(?=@@ )", diff)[1:]:
        match = re.match(r"@@ -(\d+)(?:,(\d+))?", part)
        assert match
        found.append((int(match[1]), int(match[2] or 1), part))
    return found


def example_diff(path: str, diff: str, lines: list[int]) -> str:
    """The hunks of a file's diff around the lines of one rewrite, plus the import hunk at the top."""
    parts = hunks(diff)

    def distance(hunk: tuple[int, int, str], line: int) -> int:
        start, length, _ = hunk
        return 0 if start <= line < start + max(length, 1) else min(abs(start - line), abs(start + length - line))

    near = {id(min(parts, key=lambda hunk: distance(hunk, line))) for line in lines}
    top = parts[0]
    added = [row[1:] for row in top[2].splitlines()[1:] if row.startswith("+")]
    if added and all(row.lstrip().startswith(("import ", "from ")) for row in added):
        near.add(id(top))
    return f"--- a/{path}\n+++ b/{path}\n" + "".join(hunk[2] for hunk in parts if id(hunk) in near)


def pick_examples(results: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Up to EXAMPLES_PER_CODEMOD rewrites per codemod, spread over as many projects as possible."""
    per_codemod: dict[str, list[list[dict[str, Any]]]] = {}
    for result in results:
        mine: dict[str, list[dict[str, Any]]] = {}
        for entry in result["files"]:
            changes = entry["changes"] if entry.get("diff") else []
            for index, change in enumerate(changes):
                # perf-counter rewrites both ends of a measurement: show the end that follows too
                later = [c["line"] for c in changes[index + 1 :] if c["codemod"] == change["codemod"] == "perf-counter"]
                mine.setdefault(change["codemod"], []).append(
                    {"project": result["name"], "path": entry["path"].removeprefix("./"), **change,
                     "diff": entry["diff"], "lines": [change["line"], *later[:1]],
                     "shared": any(c["line"] == change["line"] and c["codemod"] != change["codemod"] for c in changes)})
        for codemod, changes in mine.items():
            # a rewrite of a line no other codemod touched shows the codemod's own work best
            per_codemod.setdefault(codemod, []).append(sorted(changes, key=lambda change: change["shared"]))
    picked = {}
    for codemod, by_project in per_codemod.items():
        chosen: list[dict[str, Any]] = []
        for round_ in range(EXAMPLES_PER_CODEMOD):
            chosen += [changes[round_] for changes in by_project if round_ < len(changes)]
        picked[codemod] = chosen[:EXAMPLES_PER_CODEMOD]
    return picked


def example_key(example: dict[str, Any]) -> str:
    return f"{example['project']}:{example['path']}:{example['line']}:{example['codemod']}"


def write_results(results: list[dict[str, Any]]) -> None:
    verdicts_file = HERE / "verdicts.toml"
    verdicts = {v["key"]: v for v in tomllib.loads(verdicts_file.read_text()).get("verdict", [])} \
        if verdicts_file.exists() else {}
    order = {codemod.id: codemod.order for codemod in all_codemods()}
    out = [
        "# fastfix on real FastAPI code",
        "",
        "Generated by `python3 realworld/run.py` (the default codemods over every .py file of each pinned",
        "distribution in `projects.toml`); verdicts come from `verdicts.toml`, the review from `notes.md`.",
        "",
        "| project | version | files | changed | rewrites | reported | failed | problems | diff s | apply s |",
        "|---|---|---:|---:|---|---:|---:|---|---:|---:|",
    ]
    for r in results:
        rewrites = ", ".join(f"{k} {v}" for k, v in sorted(r["rewrites"].items(), key=lambda kv: order.get(kv[0], 0)))
        problems = ", ".join(f"{k} {v}" for k, v in sorted(Counter(p["check"] for p in r["problems"]).items()))
        out.append(f"| {r['name']} | {r['version']} | {r['scanned']} | {r['changed']} | {rewrites or '-'} |"
                   f" {r['findings']} | {len(r['failed'])} | {problems or 'none'} | {r['seconds']['diff']} |"
                   f" {r['seconds']['apply']} |")
    total = Counter()
    for r in results:
        total.update(r["rewrites"])
    totals = (
        f"{sum(r['scanned'] for r in results)} files in {len(results)} projects,"
        f" {sum(r['changed'] for r in results)} changed, {sum(total.values())} rewrites,"
        f" {sum(len(r['failed']) for r in results)} files not processed,"
        f" {sum(len(r['problems']) for r in results)} problems (checks: {', '.join(CHECKS)}; see run.py)."
    )
    out += ["", totals, ""]
    failed = [(r["name"], f) for r in results for f in r["failed"]]
    if failed:
        out += ["## Files fastfix did not process", ""]
        out += [f"- {name}: `{f['error']}` ({'valid Python' if f['valid'] else 'not valid Python either'})"
                for name, f in failed]
        out.append("")
    problems = [(r["name"], p) for r in results for p in r["problems"]]
    if problems:
        out += ["## Problems", ""]
        out += [f"- {name}: {p['check']}: {p['where']}: {p['detail']}" for name, p in problems]
        out.append("")
    out += ["## Example rewrites", ""]
    for codemod, examples in sorted(pick_examples(results).items(), key=lambda kv: order.get(kv[0], 0)):
        out += [f"### {codemod} ({total[codemod]} rewrite{'' if total[codemod] == 1 else 's'})", ""]
        for example in examples:
            verdict = verdicts.get(example_key(example))
            out += [f"`{example['project']}`: `{example['path']}:{example['line']}`: {example['description']}", "",
                    "```diff", example_diff(example["path"], example["diff"], example["lines"]).rstrip("\n"), "```", ""]
            out += [f"**{verdict['verdict']}**: {verdict['why']}" if verdict else "**not reviewed yet**", ""]
    notes = HERE / "notes.md"
    if notes.exists():
        out += [notes.read_text().rstrip("\n"), ""]
    (HERE / "RESULTS.md").write_text("\n".join(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="projects to run (default: all)")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args()
    projects = load_projects()
    unknown = set(args.names) - {p["name"] for p in projects}
    if unknown:
        parser.error(f"unknown projects: {', '.join(sorted(unknown))}")
    chosen = [p for p in projects if not args.names or p["name"] in args.names]
    results_dir = CACHE / "results"
    results_dir.mkdir(parents=True, exist_ok=True)

    def one(project: dict[str, str]) -> None:
        try:
            result = scan(project)
        except Exception:  # noqa: BLE001 - a harness failure is reported, the other projects run
            print(f"{project['name']}: harness error\n{traceback.format_exc()}", file=sys.stderr)
            return
        (results_dir / f"{project['name']}.json").write_text(json.dumps(result, indent=1))
        print(f"{project['name']}: {result['scanned']} files, {result['changed']} changed, {result['rewrites']},"
              f" {len(result['failed'])} failed, {len(result['problems'])} problems, {result['seconds']}", flush=True)

    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(one, chosen))
    saved = [results_dir / f"{p['name']}.json" for p in projects]
    results = [json.loads(path.read_text()) for path in saved if path.exists()]
    write_results(results)
    return 1 if any(r["problems"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
