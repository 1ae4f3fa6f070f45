# requires: 3.10
# Assignment expressions (PEP 572), in the places 3.8 to 3.10 allow them.
import re


def scan(data, lines, table):
    if (n := len(data)) > 10:
        print(n)
    while (chunk := data[:2]):
        data = data[2:]
    matches = [y for x in lines if (y := re.match("a", x))]
    print(len(found := matches), found)
    print(table[key := "a"], key)
    members = {first := 1, 2}
    return [last := 0, last + 1], members, first
