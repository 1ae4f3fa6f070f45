# Parenthesized context managers (Python 3.9 grammar, documented in 3.10).
import contextlib


def a():
    return contextlib.nullcontext()


def b():
    return contextlib.nullcontext()


def copy(source, target):
    with (a(), b()):
        pass
    with (open(source) as f, open(target, "w") as g):
        g.write(f.read())
    with (
        open(source) as f,
        open(target, "w") as g,
    ):
        g.write(f.read())
    with (a() as x, b()):
        pass
    with (a(),):
        pass
    with (a()):
        pass
    with (a(), b()) as pair:  # one tuple as the context manager
        pass
    with (a(), b()), a():  # a tuple, then a()
        pass
    with a() as x, b() as y:
        pass


async def serve():
    async with (a() as x, b() as y):
        pass
