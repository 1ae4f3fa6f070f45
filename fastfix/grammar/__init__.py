"""fastfix's own Python grammar (fissix's, extended to Python 3.14), its tokenizer and parser.

`parse_string` returns fissix trees; `symbols` holds the grammar's node types (`fastfix.tree.syms`).
"""

from fastfix.grammar.parser import GRAMMAR, ParseError, parse_string, symbols

__all__ = ["GRAMMAR", "ParseError", "parse_string", "symbols"]
