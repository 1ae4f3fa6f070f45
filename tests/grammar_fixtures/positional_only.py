# Positional-only parameters (PEP 570, Python 3.8).
def f(a, b, /, c, *, d):
    return a + b + c + d


def g(a: int = 1, /, b: int = 2, *args: int, key: str = "", **kwargs: object) -> None:
    pass


def h(a, /):
    pass


def k(a, /, *args, **kwargs):
    pass


square = lambda x, /: x * x
mixed = lambda a, b=2, /, c=3, *, d: a
