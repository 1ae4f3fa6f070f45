"""Discovery: every module in the `codemods` package defines one `Codemod` subclass, every module in
the `checks` package one `Check` subclass.

Adding a file is the only step; there is no list to edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType
from typing import TypeVar

import checks
import codemods
from fastfix.codemod import Check, Codemod, Rule

RuleT = TypeVar("RuleT", bound=Rule)


@cache
def all_codemods() -> tuple[type[Codemod], ...]:
    """Every codemod class, in run order."""
    return tuple(sorted(_discover(codemods, Codemod), key=lambda codemod: (codemod.order, codemod.id)))


@cache
def all_checks() -> tuple[type[Check], ...]:
    """Every check class, by id."""
    return tuple(sorted(_discover(checks, Check), key=lambda check: check.id))


def by_id() -> dict[str, type[Rule]]:
    """Every codemod and check by id (ids are unique across both)."""
    return {rule.id: rule for rule in (*all_codemods(), *all_checks())}


def _discover(package: ModuleType, base: type[RuleT]) -> list[type[RuleT]]:
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        classes = [
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, base) and value.__module__ == module.__name__
        ]
        if len(classes) != 1:
            raise RuntimeError(
                f"{package.__name__}/{info.name}.py must define exactly one {base.__name__}, found {len(classes)}"
            )
        found.append(classes[0])
    return found
