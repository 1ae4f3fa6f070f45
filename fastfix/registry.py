"""Codemod discovery: every module in the `codemods` package defines one `Codemod` subclass.

Adding a file is the only step; there is no list to edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import codemods
from fastfix.codemod import Codemod


@cache
def all_codemods() -> tuple[type[Codemod], ...]:
    """Every codemod class, in run order."""
    found = []
    for info in pkgutil.iter_modules(codemods.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"codemods.{info.name}")
        classes = [
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, Codemod) and value.__module__ == module.__name__
        ]
        if len(classes) != 1:
            raise RuntimeError(f"codemods/{info.name}.py must define exactly one Codemod, found {len(classes)}")
        found.append(classes[0])
    return tuple(sorted(found, key=lambda codemod: (codemod.order, codemod.id)))


def by_id() -> dict[str, type[Codemod]]:
    return {codemod.id: codemod for codemod in all_codemods()}
