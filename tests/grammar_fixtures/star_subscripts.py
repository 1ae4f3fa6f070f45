# requires: 3.11
# Star expressions in subscripts and `*args: *Ts` (PEP 646, Python 3.11).
from typing import Generic, TypeVarTuple

Ts = TypeVarTuple("Ts")


class Array(Generic[*Ts]):
    def values(self, *args: *Ts) -> tuple[*Ts]:
        return args


def index(table, key):
    return table[*key], table[1, *key], table[*key, 2]
