# Star unpacking in return, yield, for and annotated assignments (Python 3.8 and 3.9).
def pairs(a, b):
    return *a, *b


def generate(a, b):
    yield *a, b
    for x in *a, *b:
        yield x
    values: tuple = 1, 2
    first, *rest = values
    return [*a, *b], {*a}, {**{}}, rest
