"""Import requests: codemods ask for a module or a name; the engine adds each import once.

Existing module-level imports are reused, aliases included (`import asyncio as aio` makes the
answer `aio`). New imports go after the module docstring and `from __future__` imports; a name
joins a `from` import of its module among the file's leading imports. A codemod that rewrote
away a use can also ask for an import to be dropped if nothing else uses it.
"""

from __future__ import annotations

import re

from fissix.pgen2 import token
from fissix.pytree import Base, Leaf, Node

from fastfix.names import NameResolver, absolute_module, bindings
from fastfix.parsing import parse_statements
from fastfix.tree import syms


class ImportRequests:
    def __init__(self, tree: Node, names: NameResolver) -> None:
        self.tree = tree
        self.names = names
        self._pending: list[str] = []  # import statements to add, in request order
        self._drops: set[str] = set()  # qualified names whose import goes if unused

    def module(self, module: str, at: Base | None = None) -> str | None:
        """The expression that names `module` at node `at`, adding `import module` when needed;
        None when a local name there shadows it (the codemod then leaves that place alone)."""
        for local, qualified in self.names.module_imports():
            if qualified == module and self._is_top_level_import(local):
                return self._visible(local, module, at)
        root = module.split(".")[0]
        if self._visible(root, root, at) is None:
            return None
        found = bindings(self.names, root, at) if at is not None else []
        if found and self.names.scope_of(found[0].target) is not self.names.module_scope:
            # the function's own `import asyncio` shadows any module-level one: reuse it if it
            # surely ran before `at`, else no import can make the name work there
            return module if module == root and _runs_before(found[0].target, at) else None
        self._request(f"import {module}")
        return module

    def member(self, module: str, name: str, at: Base | None = None) -> str | None:
        """The expression that names `module.name` at node `at`, adding `from module import name`
        when needed; None when a local name there shadows it."""
        wanted = f"{module}.{name}"
        for local, qualified in self.names.module_imports():
            if qualified == wanted and self._is_top_level_import(local):
                return self._visible(local, wanted, at)
        for local, qualified in self.names.module_imports():
            if qualified == module and self._is_top_level_import(local):
                visible = self._visible(local, module, at)
                return f"{visible}.{name}" if visible else None
        if self._visible(name, name, at) is None:
            return None
        self._request(f"from {module} import {name}")
        return name

    def _visible(self, local: str, qualified: str, at: Base | None) -> str | None:
        if at is None or self.names.resolve(local, at) == qualified:
            return local
        return None

    def drop_if_unused(self, qualified: str) -> None:
        """Remove the module-level import that binds `qualified` if no other code uses it."""
        self._drops.add(qualified)

    def _request(self, statement: str) -> None:
        if statement not in self._pending:
            self._pending.append(statement)

    def _is_top_level_import(self, local: str) -> bool:
        """Only imports that always run at module level can be reused (not ones under
        `if TYPE_CHECKING:` or inside a function)."""
        for statement in self.tree.children:
            if statement.type != syms.simple_stmt:
                continue
            for small in statement.children:
                if small.type in (syms.import_name, syms.import_from) and local in _bound_names(small):
                    return True
        return False

    def apply(self) -> None:
        """Insert and drop the requested imports; called once after all codemods ran. Inserting
        first lets a new import take the place (and blank lines) of one it replaces."""
        if not self._pending and not self._drops:
            return
        # inserting imports adds no name used outside imports: one scan serves both steps
        used = _names_used_outside_imports(self.tree)
        if self._pending:
            self._insert_pending(used)
        if self._drops:
            self._drop_unused(used)

    def _insert_pending(self, used: set[str]) -> None:
        # A request whose rewrite was then suppressed or abandoned leaves its name unused.
        self._pending = [statement for statement in self._pending if statement.split()[-1].split(".")[0] in used]
        self._pending = [statement for statement in self._pending if not _joined(self.tree, statement)]
        if not self._pending:
            return
        index = _insertion_index(self.tree)
        following = self.tree.children[index]
        header, rest = _split_header(following.prefix)
        new = parse_statements("\n".join(self._pending), "")
        new[0].prefix = header
        following.prefix = rest
        if following.type != token.ENDMARKER and not _is_import(following) and not rest.startswith("\n"):
            following.prefix = "\n" + rest
        for offset, statement in enumerate(new):
            self.tree.insert_child(index + offset, statement)
        self._pending.clear()

    def _drop_unused(self, used: set[str]) -> None:
        module = self.names.module
        for statement in list(self.tree.children):
            if statement.type != syms.simple_stmt:
                continue
            for small in list(statement.children):
                if small.type not in (syms.import_name, syms.import_from):
                    continue
                items = _import_items(small)
                unused = [
                    item
                    for item, local in items
                    if local not in used and _item_qualified(small, item, module) in self._drops
                ]
                if len(unused) == len(items) and items:
                    _remove_small_statement(small)
                else:
                    for item in unused:
                        _remove_item(item)
        self._drops.clear()


def _joined(tree: Node, statement: str) -> bool:
    """Add the name of `from module import name` to an import from the same module among the
    file's leading imports (above any other code, so the name is bound before code runs), as
    isort and ruff would write it: `from sqlalchemy import create_engine, text`. Whether it
    could: if not, the statement needs a line of its own."""
    words = statement.split()
    if words[0] != "from":
        return False
    module, name = words[1], words[3]
    for child in tree.children:
        if _is_docstring(child) or _is_future_import(child):
            continue
        if not _is_import(child):
            return False
        for small in child.children:
            # not a star import, nor one that renames: ruff and isort give those a line of their own
            items = _import_items(small) if small.type == syms.import_from and str(small.children[1]).strip() == module else []
            if items and all(item.type != syms.import_as_name for item, _ in items):
                _append_item(small, name)
                return True
    return False


def _append_item(import_from: Node, name: str) -> None:
    """Add `name` to a `from ... import` list in the list's own layout: one name per line (its
    trailing comma kept) or `, name`; where isort and ruff would sort it if the list is sorted
    as they sort it, else last."""
    last = import_from.children[-1]
    names = import_from.children[-2] if last.type == token.RPAR else last
    if names.type != syms.import_as_names:
        replacement = Node(syms.import_as_names, [names.clone()])
        names.replace(replacement)
        names = replacement
    items = names.children[::2]
    keys = [_member_key(item.children[0].value if item.type == syms.import_as_name else item.value) for item in items]
    at = len(items)
    if keys == sorted(keys) and not any("#" in item.prefix for item in items):
        at = sum(key < _member_key(name) for key in keys)
    spacing = items[-1].prefix.rpartition("\n")  # a line of its own only in brackets, not after a backslash
    one_per_line = last.type == token.RPAR and spacing[1] and not spacing[2].strip()
    leaf = Leaf(token.NAME, name, prefix=f"\n{spacing[2]}" if one_per_line else " ")
    if at < len(items):  # before the name that sorts after it: that name's place, then its own
        leaf.prefix, items[at].prefix = items[at].prefix, leaf.prefix
        names.insert_child(2 * at, Leaf(token.COMMA, ","))
        names.insert_child(2 * at, leaf)
    elif names.children[-1].type == token.COMMA:  # a trailing comma stays last
        names.append_child(leaf)
        names.append_child(Leaf(token.COMMA, ","))
    else:
        names.append_child(Leaf(token.COMMA, ","))
        names.append_child(leaf)


def _member_key(name: str) -> tuple[int, str]:
    """How isort and ruff order the names of a `from` import: constants, classes, then the rest,
    each without regard to case."""
    return (0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2, name.lower())


def _runs_before(target: Base, at: Base) -> bool:
    """Whether the statement binding `target` stands directly in a function body, before the
    statement of that body that holds `at`."""
    statement = target
    while statement.parent is not None and statement.type != syms.simple_stmt:
        statement = statement.parent
    body, later = statement.parent, at
    while later.parent is not None and later.parent is not body:
        later = later.parent
    if body is None or body.type != syms.suite or later.parent is not body:
        return False
    return body.children.index(statement) < body.children.index(later)


def _import_items(import_node: Base) -> list[tuple[Base, str]]:
    """(item node, bound local name) for each name an import statement binds."""
    if import_node.type == syms.import_name:
        names = import_node.children[1]
        items = names.children[::2] if names.type == syms.dotted_as_names else [names]
        bound = []
        for item in items:
            if item.type == syms.dotted_as_name:
                bound.append((item, item.children[2].value))
            else:
                bound.append((item, next(item.leaves()).value))
        return bound
    names = import_node.children[-1]
    if names.type == token.RPAR:
        names = import_node.children[-2]
    if names.type == token.STAR:
        return []
    items = names.children[::2] if names.type == syms.import_as_names else [names]
    return [(item, item.children[2].value if item.type == syms.import_as_name else item.value) for item in items]


def _bound_names(import_node: Base) -> set[str]:
    return {local for _, local in _import_items(import_node)}


def _item_qualified(import_node: Base, item: Base, module: str) -> str:
    original = item.children[0] if item.type in (syms.import_as_name, syms.dotted_as_name) else item
    dotted = "".join(leaf.value for leaf in original.leaves())
    if import_node.type == syms.import_name:
        return dotted
    source = absolute_module(import_node, module)
    return f"{source}.{dotted}" if source else dotted


def _names_used_outside_imports(tree: Node) -> set[str]:
    """Every NAME used outside import statements, and every word in a string (`__all__`, string
    annotations), so an import anything might still reach is kept."""
    used: set[str] = set()
    stack: list[Base] = [tree]
    while stack:  # one pass over the file that skips the import statements
        node = stack.pop()
        previous = None  # the type of the child before: a NAME after a dot is an attribute
        for child in node.children:
            kind = child.type
            if kind == token.NAME:
                if previous != token.DOT:
                    used.add(child.value)
            elif kind == token.STRING:
                used.update(_WORD.findall(child.value))
            elif kind >= 256 and kind not in (syms.import_name, syms.import_from):
                stack.append(child)
            previous = kind
    return used


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _remove_item(item: Base) -> None:
    """Remove one name from an import list, with its comma."""
    following = item.next_sibling
    if following is not None and following.type == token.COMMA:
        if following.next_sibling is not None:
            following.next_sibling.prefix = item.prefix
        following.remove()
    elif item.prev_sibling is not None and item.prev_sibling.type == token.COMMA:
        item.prev_sibling.remove()
    item.remove()


def _remove_small_statement(small: Base) -> None:
    """Remove an import statement, keeping any comment that stood above it."""
    statement = small.parent
    if len([child for child in statement.children if child.type not in (token.SEMI, token.NEWLINE)]) > 1:
        semicolon = small.next_sibling if small.next_sibling.type == token.SEMI else small.prev_sibling
        if small.next_sibling is semicolon:
            semicolon.next_sibling.prefix = small.prefix
        semicolon.remove()
        small.remove()
        return
    following = statement.next_sibling
    if "#" in statement.prefix:
        following.prefix = statement.prefix + following.prefix
    elif statement.prev_sibling is None:
        following.prefix = following.prefix.lstrip("\n")
    statement.remove()


def _is_import(statement: Base) -> bool:
    return statement.type == syms.simple_stmt and statement.children[0].type in (
        syms.import_name,
        syms.import_from,
    )


def _is_docstring(statement: Base) -> bool:
    return statement.type == syms.simple_stmt and statement.children[0].type == token.STRING


def _is_future_import(statement: Base) -> bool:
    first = statement.children[0] if statement.type == syms.simple_stmt else None
    return (
        first is not None
        and first.type == syms.import_from
        and str(first.children[1]).strip() == "__future__"
    )


def _insertion_index(tree: Node) -> int:
    index = 0
    children = tree.children
    if children and _is_docstring(children[0]):
        index = 1
    while index < len(children) and _is_future_import(children[index]):
        index += 1
    return index


def _split_header(prefix: str) -> tuple[str, str]:
    """Split a statement's leading comments into the file header (up to the last blank line,
    which stays above the new import) and the comment that belongs to the statement."""
    lines = prefix.splitlines(keepends=True)
    cut = 0
    for number, line in enumerate(lines):
        if not line.strip():
            cut = number + 1
    while cut < len(lines) and lines[cut].startswith(("#!", "# -*-", "# vim:")):
        cut += 1
    return "".join(lines[:cut]), "".join(lines[cut:])
