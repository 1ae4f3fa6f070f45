"""What `fastfix check` prints: every finding of a run, where each rewrite a codemod would make is
a fixable finding, as text lines, JSON, GitHub Actions workflow commands or SARIF 2.1.0."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastfix import __version__
from fastfix.choices import OutputFormat
from fastfix.codemod import Codemod, Finding, Rule
from fastfix.errors import FastfixError
from fastfix.registry import all_checks, all_codemods
from fastfix.runner import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def findings(report: Report) -> list[tuple[str, Finding]]:
    """(path, finding) for every finding of the run, by path, line and column: the rewrites the
    codemods would make (fixable; the change's description is the message) and what codemods
    and checks report."""
    found = []
    for result in report.results:
        rewrites = [Finding(c.codemod, c.line, c.column, c.description, fixable=True) for c in result.changes]
        for finding in sorted([*rewrites, *result.findings], key=lambda f: (f.line, f.column, f.rule)):
            found.append((result.path, finding))
    return found


def errors(report: Report) -> list[FastfixError]:
    return [result.error for result in report.failed if result.error is not None]


def summary(report: Report) -> dict[str, Any]:
    found = findings(report)
    return {
        "scanned": len(report.results),
        "failed": len(report.failed),
        "findings": len(found),
        "fixable": sum(finding.fixable for _, finding in found),
        "by_id": dict(sorted(Counter(finding.rule for _, finding in found).items())),
    }


def summary_line(report: Report) -> str:
    counts = summary(report)
    files = len({path for path, _ in findings(report)})
    return (
        f"{counts['findings']} findings in {files} files ({counts['fixable']} fixable: `fastfix diff` shows the rewrites);"
        f" {counts['scanned']} files scanned, {counts['failed']} failed"
    )


def text(report: Report) -> str:
    """`path:line:col: id message` lines, then the summary line."""
    lines = [f"{path}:{f.line}:{f.column}: {f.rule} {f.message}" for path, f in findings(report)]
    return "\n".join([*lines, summary_line(report)]) + "\n"


def json_report(report: Report) -> dict[str, Any]:
    return {
        "findings": [
            {"path": path, "line": f.line, "col": f.column, "id": f.rule, "message": f.message, "fixable": f.fixable}
            for path, f in findings(report)
        ],
        "errors": [{"path": error.path, "line": error.line, "message": error.message} for error in errors(report)],
        "summary": summary(report),
    }


def github(report: Report) -> str:
    """GitHub Actions workflow commands: a warning annotation per finding, an error annotation per
    file that could not be checked, and the summary line."""
    lines = [
        _command("warning", {"file": path, "line": f.line, "col": f.column, "title": f.rule}, f.message)
        for path, f in findings(report)
    ]
    for error in errors(report):
        lines.append(_command("error", {"file": error.path, "line": error.line, "title": "fastfix"}, error.message))
    return "\n".join([*lines, summary_line(report)]) + "\n"


def _command(name: str, properties: dict[str, object], message: str) -> str:
    given = ",".join(f"{key}={_escape(str(value), property=True)}" for key, value in properties.items() if value is not None)
    return f"::{name} {given}::{_escape(message)}"


def _escape(value: str, *, property: bool = False) -> str:
    """Workflow-command escaping: `%`, CR and LF everywhere; `:` and `,` in properties too."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property else value


def sarif(report: Report, base: Path) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run, for code scanning: the rules are every codemod and check
    fastfix has; file locations are URIs relative to `base` (the repository root) where they can be."""
    described = [*all_codemods(), *all_checks()]
    index = {rule.id: number for number, rule in enumerate(described)}
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": "warning",
            "message": {"text": f.message},
            "locations": [_location(path, base, f.line, f.column)],
            "properties": {"fixable": f.fixable},
        }
        for path, f in findings(report)
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [_location(error.path or "", base, error.line or 1, 1)],
        }
        for error in errors(report)
    ]
    run = {
        "tool": {"driver": {"name": "fastfix", "version": __version__, "rules": [_rule(rule) for rule in described]}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": base.resolve().as_uri() + "/"}},
        "results": results,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(rule: type[Rule]) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.__name__,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why()},
        "help": {"text": rule.doc(), "markdown": rule.doc()},
        "defaultConfiguration": {"level": "warning", "enabled": rule.default},
        "properties": {"kind": "codemod" if issubclass(rule, Codemod) else "check"},
    }


def _location(path: str, base: Path, line: int, column: int) -> dict[str, Any]:
    resolved = Path(path).resolve()
    try:
        artifact = {"uri": quote(resolved.relative_to(base.resolve()).as_posix()), "uriBaseId": "%SRCROOT%"}
    except ValueError:  # outside the repository: an absolute URI
        artifact = {"uri": resolved.as_uri()}
    return {"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": line, "startColumn": column}}}


def render(report: Report, output: OutputFormat, base: Path) -> str:
    """The whole output of `fastfix check` in one format; `base` is the directory SARIF locations
    are relative to."""
    if output is OutputFormat.json:
        return json.dumps(json_report(report), indent=2) + "\n"
    if output is OutputFormat.sarif:
        return json.dumps(sarif(report, base), indent=2) + "\n"
    return github(report) if output is OutputFormat.github else text(report)
