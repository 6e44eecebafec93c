"""Reading source through tree-sitter, for every language: a grammar loaded by language name,
text parsed to a tree, and the few helpers the languages' readers share.

A grammar is the PyPI package ``tree-sitter-<language>``. ``tree_sitter`` and the grammars are
imported on first use, never when the plugin loads: its start-up is benchmarked, and most runs
read the source of one language or none.

Nodes span bytes of the UTF-8 source; :func:`text` and :func:`without` give ``str``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Collection, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Language, Node, Parser

#: grammars whose package is not ``tree_sitter_<name>`` with a ``language()`` function
_GRAMMARS = {
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "php": ("tree_sitter_php", "language_php"),
    "php_only": ("tree_sitter_php", "language_php_only"),  # no <?php tag (a signature)
}


class GrammarMissing(ImportError):
    """The tree-sitter grammar of a language (or tree-sitter itself) is not installed."""


@functools.cache
def grammar(language: str) -> Language:
    """The tree-sitter grammar of ``language`` ("go", "rust", "tsx"...), loaded once."""
    module, entry = _GRAMMARS.get(language, (f"tree_sitter_{language}", "language"))
    try:
        import importlib

        from tree_sitter import Language

        binding = importlib.import_module(module)
    except ImportError as exc:
        package = (exc.name or module).replace("_", "-")
        raise GrammarMissing(f"reading {language} source needs the {package} package "
                             f"(pip install {package})") from exc
    return Language(getattr(binding, entry)())


#: the parsers of this thread, by language: a parser holds the state of the parse it is doing
#: (prefetch threads may read source while the main thread does)
_local = threading.local()


def _parser(language: str) -> Parser:
    parsers: dict[str, Parser] = _local.__dict__.setdefault("parsers", {})
    if language not in parsers:
        from tree_sitter import Parser

        parsers[language] = Parser(grammar(language))
    return parsers[language]


@functools.lru_cache(maxsize=64)
def parse(text: str, language: str) -> Node:
    """The root node of ``text`` parsed as ``language``. A tree is made whatever the text:
    what does not parse becomes ``ERROR`` (or ``MISSING``) nodes, see :func:`has_errors`.
    Cached: a signature is read by several readers in turn."""
    return _parser(language).parse(text.encode("utf-8")).root_node


def text(node: Node | None) -> str:
    """The source text of ``node`` ("" for none)."""
    return node.text.decode("utf-8") if node is not None and node.text is not None else ""


def children(node: Node, *types: str) -> list[Node]:
    """The named children of ``node`` of one of ``types`` (all of them without ``types``)."""
    return [c for c in node.named_children if not types or c.type in types]


def top_level(root: Node, *types: str, through: Collection[str] = ()) -> list[Node]:
    """The declarations of ``types`` at the top of a file, also those inside ``through``
    nodes (TypeScript's ``export_statement`` holds exported ones). Not inside ``ERROR``
    nodes by default: error recovery may read a declaration into prose ("a type such as")."""
    found: list[Node] = []
    for child in root.named_children:
        if child.type in types:
            found.append(child)
        elif child.type in through:
            found += top_level(child, *types, through=through)
    return found


def descendants(node: Node, *types: str) -> Iterator[Node]:
    """Every named node under ``node`` (itself included) of one of ``types``, in source order,
    not looking inside those it yields (named: a keyword's token has its text for a type, and
    PHP's ``string`` keyword is no ``string`` literal). A cursor walk: no recursion (a long
    expression nests deeper than Python's limit), and six times faster than listing each
    node's children."""
    cursor = node.walk()
    while True:
        current = cursor.node
        if current is not None and current.is_named and current.type in types:
            yield current
        elif cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():  # back at ``node``: the cursor does not leave it
                return


def named_nodes(node: Node) -> Iterator[Node]:
    """Every named node under ``node`` (itself included), nested ones too, in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.named_children))


def has_errors(node: Node) -> bool:
    """Whether part of the text under ``node`` did not parse (an ERROR or MISSING node)."""
    return node.has_error


def line_breaks(removed: str) -> str:
    """What a removed piece leaves: its line breaks (so lines keep their numbers), else a
    space (so ``a/**/b`` stays two tokens)."""
    return "\n" * removed.count("\n") or " "


def without(node: Node, types: Collection[str], replace: Callable[[str], str] = line_breaks,
            source: str | None = None) -> str:
    """The text of ``node``, or all of ``source`` when ``node`` is the root it was parsed
    from (the root starts at its first token), with each descendant of ``types`` replaced by
    ``replace(its text)``: comments blanked, say."""
    data = (node.text or b"") if source is None else source.encode("utf-8")
    base = node.start_byte if source is None else 0
    out: list[bytes] = []
    pos = 0
    for found in descendants(node, *types):
        start, end = found.start_byte - base, found.end_byte - base
        out += [data[pos:start], replace(data[start:end].decode("utf-8")).encode("utf-8")]
        pos = end
    out.append(data[pos:])
    return b"".join(out).decode("utf-8")


def no_line_comment(comment: str) -> str:
    """What a comment of the C family leaves for :func:`without`: a ``//`` comment goes
    without a trace (its line break is not part of it), a block comment leaves its line
    breaks."""
    return "" if comment.startswith("//") else line_breaks(comment)


def without_comments(node: Node, source: str | None = None) -> str:
    """:func:`without` the ``comment`` nodes of a grammar of the C family (Go, TypeScript):
    line comments gone, block comments' line breaks kept."""
    return without(node, ("comment",), no_line_comment, source)


def one_line(node: Node | None) -> str:
    """The text of ``node`` without its comments (:func:`without_comments`), on one line
    ("" for none)."""
    return " ".join(without_comments(node).split()) if node is not None else ""
