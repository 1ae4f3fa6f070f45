"""The parse tables of fastfix's grammar: generated from Grammar.txt by fissix's pgen, cached in a
pickle next to it.

The pickle holds the text of the Grammar.txt it was made from, so an edited grammar (or a pickle
from another version) is never used; it is then regenerated (about 10 ms) and, where the package
directory is writable, saved again. (The text, not a hash of it: comparing 10 kB costs nothing,
while hashlib would load OpenSSL at every start-up, a few ms.)
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from fissix.pgen2 import grammar, pgen, token

_SOURCE = Path(__file__).with_name("Grammar.txt")
_CACHE = Path(__file__).with_name("Grammar.pickle")
_PICKLE_PROTOCOL = 4  # readable by every supported Python


class Grammar(grammar.Grammar):
    """fissix's grammar tables plus `soft_keywords`: keyword -> label, like `keywords`, for the
    words that are keywords only where the parser decides so (`match`, `case`, `type`)."""

    def __init__(self) -> None:
        super().__init__()
        self.soft_keywords: dict[str, int] = {}


class _Generator(pgen.ParserGenerator):
    """fissix's pgen; a keyword in double quotes in Grammar.txt becomes a soft keyword."""

    def make_label(self, c: Any, label: str) -> int:
        if label.startswith('"') and label[1:-1].isidentifier():
            soft = c.__dict__.setdefault("soft_keywords", {})
            value = label[1:-1]
            if value not in soft:
                soft[value] = len(c.labels)
                c.labels.append((token.NAME, value))
            return soft[value]
        return super().make_label(c, label)


class Symbols:
    """Each nonterminal of the grammar as an attribute holding its type number (like fissix's
    `pygram.python_symbols`)."""

    def __init__(self, tables: grammar.Grammar) -> None:
        for name, number in tables.symbol2number.items():
            setattr(self, name, number)


def load() -> Grammar:
    source = _SOURCE.read_bytes()
    tables = Grammar()
    try:
        cached = pickle.loads(_CACHE.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        cached = None
    if isinstance(cached, dict) and cached.get("grammar") == source:
        tables.__dict__.update(cached["tables"])
        return tables
    tables.__dict__.update(_Generator(str(_SOURCE)).make_grammar().__dict__)
    _save({"grammar": source, "tables": tables.__dict__})
    return tables


def _save(data: dict[str, Any]) -> None:
    # Atomic, and best effort: an installed package may be read-only.
    try:
        handle, temporary = tempfile.mkstemp(dir=_CACHE.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(data, out, _PICKLE_PROTOCOL)
        os.replace(temporary, _CACHE)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
