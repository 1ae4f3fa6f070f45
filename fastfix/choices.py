"""The fixed choices of command-line options, in a module of their own: `fastfix.cli` declares its
options with them and so need not import, at start-up, the modules that act on them (`fastfix.findings`,
and `fastfix.branches` with GitPython). They are re-exported there."""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    """`fastfix check --format`."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class BatchBy(str, Enum):
    """`fastfix branches --batch`."""

    codemod = "codemod"
    safety = "safety"
    all = "all"
