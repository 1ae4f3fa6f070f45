# requires: 3.12
# f-strings (PEP 701, Python 3.12): quotes reused, nesting, multi-line fields, comments, specs.
d = {"key": "value", "width": 10}
items = ["a", "b"]
width, precision, value = 10, 3, 3.14159

same_quotes = f"{d["key"]}"
nested = f"{f"{f"{d["key"]}"}"}"
joined = f"{", ".join(items)}"
backslash = f"{"\n".join(items)}"
multi_line = f"sum: {
    value
    + 1  # a comment inside the field
}"
triple = f"""first {
    d["key"]
} last"""
spec = f"{value:{width}.{precision}f}"
nested_spec = f"{value:>{d["width"]}}"
debug = f"{value = }"
debug_spec = f"{value=!r:>20}"
conversion = f"{items!r} {value!s:^10}"
braces = f"{{literal}} {value}"
raw = rf"\d{value}\{{"
escapes = f"\N{BULLET} {value}\t"
lambda_call = f"{(lambda x: x * 2)(value)}"
dict_inside = f"{ {'a': 1}['a'] }"
not_equal = f"{value != 1}"
walrus = f"{(x := 10)}"
implicit = f"{value}" "plain" f'{d['key']}'
