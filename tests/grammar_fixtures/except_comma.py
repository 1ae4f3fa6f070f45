# requires: 3.14
# except without parentheses (PEP 758, Python 3.14): a tuple of exception types.
def load(path):
    try:
        return open(path).read()
    except FileNotFoundError, PermissionError:
        return None
    except ValueError, TypeError, KeyError:
        raise


def load_all(paths):
    try:
        return [open(path).read() for path in paths]
    except* OSError, EOFError:
        pass
