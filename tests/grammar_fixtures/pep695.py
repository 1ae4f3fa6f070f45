# requires: 3.12
# Type parameters and type aliases (PEP 695, Python 3.12).
from collections.abc import Callable, Sequence


def first[T](items: Sequence[T]) -> T:
    return items[0]


async def fetch[T: (int, str), *Ts, **P](call: Callable[P, T], *args: *Ts) -> T:
    return call()


class Box[T]:
    def __init__(self, item: T) -> None:
        self.item = item

    def get[S](self, default: S) -> T | S:
        return self.item or default


class Pair[K: str, V](Box[V]):
    pass


type Vector = list[float]
type Mapping[K, V] = dict[K, V]
type Recursive[T] = T | list[Recursive[T]]
type type = int
