# requires: 3.14
# Template strings (PEP 750, Python 3.14).
name = "world"
greeting = t"Hello {name}!"
raw = rt"\d+ {name}" + Tr"{name!r:>10}"
nested = t"{t"{name}"}"
multi = t"""
{name = }
"""
