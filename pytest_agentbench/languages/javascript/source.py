"""Reading JavaScript: signatures typed by their JSDoc, the module system a file uses, and the
names a solution must expose.

A JavaScript signature is a function or class header with JSDoc comments, whose types are
TypeScript's syntax (as TypeScript's own ``checkJs`` reads them)::

    /**
     * @param {number[]} nums
     * @param {Map<string, number>} counts
     * @returns {number[][]}
     */
    function group(nums, counts)

:func:`typed_source` writes those types into the declarations (``function group(nums:
number[], counts: Map<string, number>): number[][]``), so the TypeScript runner's reader, its
literals for prompts and its harness, which decodes JSON arguments into the declared types,
serve JavaScript unchanged. JSDoc's own spellings are read too: ``Array.<T>``, ``Object.<K,
V>``, ``*``, ``?T`` (nullable), ``T=`` and ``[name]`` (optional), ``...T`` (rest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..typescript import matching, split_top, strip_comments

IDENT = r"[A-Za-z_$][\w$]*"
_DOC = re.compile(r"/\*\*(?P<body>.*?)\*/", re.S)
_TAG = re.compile(r"@(?P<tag>param|arg|argument|returns?|type)\b\s*"
                  r"(?:\{(?P<type>(?:[^{}]|\{[^{}]*\})*)\})?\s*(?P<name>\[[^\]]*\]|[\w$.]+)?")
_AFTER_DOC = re.compile(
    rf"\s*(?:export\s+)?(?:default\s+)?(?:(?:async\s+)?function\s*\*?\s*{IDENT}\s*"
    rf"|(?:const|let|var)\s+{IDENT}\s*=\s*(?:async\s+)?(?:function\b\s*\*?\s*(?:{IDENT})?\s*)?"
    rf"|(?:(?:static|async|get|set)\s+)*\*?#?{IDENT}\s*)(?=\()")
_ESM = re.compile(r"^\s*(?:import\s*[\w{*'\"]|import\s*\.\s*meta\b|export\s)", re.M)
_TOP_DECL = re.compile(
    rf"^(?:export\s+(?:default\s+)?)?(?:async\s+)?(?:function\s*\*?\s*|class\s+|(?:const|let|var)\s+)"
    rf"(?P<name>{IDENT})", re.M)


@dataclass(frozen=True)
class DocTypes:
    """The types one JSDoc comment gives: per parameter name, and the return type."""

    params: dict[str, tuple[str, bool]]  # name -> (type, optional)
    returns: str


def jsdoc_type(text: str) -> str:
    """A JSDoc type in TypeScript's syntax: ``Array.<T>`` -> ``Array<T>``, ``Object.<K, V>``
    -> ``Record<K, V>``, ``*`` -> ``any``, ``?T`` -> ``T | null``, ``!T`` -> ``T``."""
    t = " ".join(text.split()).replace(".<", "<")
    t = re.sub(r"\bObject<", "Record<", t)
    t = re.sub(r"(?<![\w$])\*(?![\w$])", "any", t)
    if t in ("?", ""):
        return "any" if t else ""
    if t.startswith("?"):
        return f"{t[1:].strip()} | null"
    return t.removeprefix("!").strip()


def read_doc(body: str) -> DocTypes:
    params: dict[str, tuple[str, bool]] = {}
    returns = ""
    for m in _TAG.finditer(body):
        raw = (m.group("type") or "").strip()
        if m.group("tag") in ("returns", "return"):
            returns = jsdoc_type(raw)
            continue
        name = m.group("name") or ""
        if not name or m.group("tag") == "type":
            continue
        optional = raw.endswith("=") or name.startswith("[")
        name = name.strip("[]").split("=")[0].strip()
        raw = raw.removesuffix("=")
        if raw.startswith("..."):
            raw = f"({raw[3:]})[]"
        if "." not in name:  # a property of a destructured parameter is not a parameter
            params[name] = (jsdoc_type(raw), optional)
    return DocTypes(params, returns)


def _annotate_params(text: str, doc: DocTypes) -> str:
    out = []
    for raw in split_top(text):
        part = raw.strip()
        m = re.match(rf"(\.\.\.)?({IDENT})(\s*=.*)?$", part, re.S)
        if not part or m is None or m.group(2) not in doc.params:
            out.append(raw)
            continue
        type_, optional = doc.params[m.group(2)]
        mark = "?" if optional and not m.group(3) and not m.group(1) else ""
        annotation = f": {type_}" if type_ else ""
        out.append(f"{m.group(1) or ''}{m.group(2)}{mark}{annotation}{m.group(3) or ''}")
    return ", ".join(s.strip() for s in out)


def typed_source(text: str) -> str:
    """``text`` with each documented declaration's JSDoc types written into it in
    TypeScript's syntax (see the module doc); the comments stay."""
    out: list[str] = []
    pos = 0
    for doc in _DOC.finditer(text):
        if doc.start() < pos:
            continue
        found = _AFTER_DOC.match(text, doc.end())
        if found is None:
            continue
        types = read_doc(doc.group("body"))
        open_ = found.end()
        close = matching(text, open_)
        if close >= len(text):
            continue
        out.append(text[pos:open_ + 1])
        out.append(_annotate_params(text[open_ + 1:close], types))
        out.append(")")
        pos = close + 1
        if types.returns and not re.match(r"\s*:", text[pos:]):
            out.append(f": {types.returns}")
    out.append(text[pos:])
    return "".join(out)


def is_module(code: str) -> bool:
    """Whether ``code`` is an ES module by its syntax (``import``/``export`` statements,
    ``import.meta``), as Node.js decides for a ``.js`` file whose package names no type;
    else it is CommonJS."""
    return bool(_ESM.search(strip_comments(code)))


def top_level_names(code: str) -> list[str]:
    """Functions, classes and variables declared at the start of a line (top-level in any
    formatted source), in order."""
    return list(dict.fromkeys(m.group("name") for m in _TOP_DECL.finditer(strip_comments(code))))


def exported_names(code: str) -> set[str]:
    """Names an ES module exports by name (``export function f``, ``export { f, g as h }``)."""
    bare = strip_comments(code)
    names = {m.group(1) for m in re.finditer(
        rf"\bexport\s+(?:default\s+)?(?:async\s+)?(?:function\s*\*?\s*|class\s+|(?:const|let|var)\s+)"
        rf"({IDENT})", bare)}
    for block in re.finditer(r"\bexport\s*\{([^}]*)\}", bare):
        for item in block.group(1).split(","):
            words = item.split()
            if words:
                names.add(words[-1])
    return names


def with_exposed(code: str, names: list[str]) -> str:
    """``code`` with ``names`` exported when it does not export them itself, after its last
    line (lines keep their numbers): ``export { f }`` in an ES module for those it declares at
    top level, else CommonJS assignments that skip a name the code does not declare or already
    exports. A plain LeetCode-style ``function twoSum`` is then the harness's entry point and
    what native tests import."""
    if is_module(code):
        declared, exported = set(top_level_names(code)), exported_names(code)
        missing = [n for n in names if n in declared and n not in exported]
        tail = f"export {{ {', '.join(missing)} }};" if missing else ""
    else:
        tail = " ".join(
            f"try {{ if (!Object.hasOwn(module.exports, {n!r})) module.exports.{n} = {n}; }} "
            "catch {}" for n in names)
    return code if not tail else code.rstrip("\n") + "\n;" + tail + "\n"


def defines(code: str, entry_point: str) -> bool:
    name = re.escape(entry_point)
    code = strip_comments(code)
    return bool(
        re.search(rf"^\s*(export\s+)?(default\s+)?(async\s+)?function\s*\*?\s*{name}\s*\(",
                  code, re.M)
        or re.search(rf"^\s*(export\s+)?(default\s+)?class\s+{name}\b", code, re.M)
        or re.search(rf"^\s*(export\s+)?(const|let|var)\s+{name}\s*=", code, re.M)
        or re.search(rf"^\s*(module\.)?exports\.{name}\s*=", code, re.M))


def looks_like_code(text: str) -> bool:
    code = strip_comments(text)
    declares = re.search(
        r"^\s*(export\s+)?(default\s+)?(async\s+)?(function\s*\*?\s*[\w$]+\s*\(|class\s+[\w$]+"
        r"|(const|let|var)\s+[\w$]+\s*=|module\.exports\b)", code, re.M)
    prose = re.search(r"^[A-Z][a-z']+(\s+[\w',]+){3,}[.:!?]\s*$", code, re.M)
    return bool(declares) and not prose

