# Lambda parameters: defaults, keyword-only, varargs, and lambdas as defaults.
add = lambda x, y=1: x + y
flexible = lambda *args, key=None, **kwargs: (args, key, kwargs)
keyword_only = lambda *, a=1, b: a + b
nested = lambda f=lambda: 0: f()


def uses(callback=lambda event, *, retry=3: retry):
    return callback
