# requires: 3.13
# Type parameter defaults (PEP 696, Python 3.13).
def make[T = int](value: T | None = None) -> T | None:
    return value


class Registry[K: str = str, *Ts = *tuple[int, ...], **P = [int, str]]:
    pass


type Alias[T = bytes] = list[T]
