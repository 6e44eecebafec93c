"""Reading Rust source text: comments and literals blanked (offsets kept), brackets split at
the top level, the items of a signature or a solution (functions, types, struct fields), the
type parameters of a type, and the ``#[test]`` functions of native tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..brackets import match_close

#: the iterator traits: a parameter or result of one is passed or read as a whole sequence
ITER_TRAITS = ("Iterator", "IntoIterator", "DoubleEndedIterator", "ExactSizeIterator")

# ---------------------------------------------------------------- source text


_LITERAL = re.compile(
    r"""//[^\n]*                                    # line comment
      | /\*                                         # block comment (nesting handled below)
      | b?r(?P<hashes>\#*)"                         # raw string
      | b?"(?:[^"\\]|\\.)*"                         # string
      | b?'(?:[^'\\\n]|\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.))'  # char literal
    """,
    re.X | re.S,
)


def blank_literals(text: str) -> str:
    """``text`` with comments, strings and char literals turned into spaces (same offsets)."""
    out: list[str] = []
    pos = 0
    while True:
        m = _LITERAL.search(text, pos)
        if not m:
            out.append(text[pos:])
            break
        out.append(text[pos:m.start()])
        token = m.group(0)
        end = m.end()
        if token.startswith("/*"):
            depth, i = 1, m.end()
            while i < len(text) and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            end = i
        elif m.group("hashes") is not None:
            close = '"' + m.group("hashes")
            found = text.find(close, m.end())
            end = len(text) if found < 0 else found + len(close)
        if token.startswith("//") or token.startswith("/*"):
            out.append(re.sub(r"[^\n]", " ", text[m.start():end]))
        else:  # keep the quotes, blank the contents
            body = text[m.start():end]
            out.append(body[0] + re.sub(r"[^\n]", " ", body[1:-1]) + body[-1]
                       if len(body) >= 2 else body)
        pos = end
    return "".join(out)


def _match_angle(text: str, i: int) -> int:
    """Index of the ``>`` closing the ``<`` at ``i``; ``->`` and ``=>`` are not brackets."""
    depth = 0
    j = i
    while j < len(text):
        ch = text[j]
        if ch == "<":
            depth += 1
        elif ch == ">" and text[j - 1] not in "-=":
            depth -= 1
            if depth == 0:
                return j
        elif ch in "({[":
            j = match_close(text, j)
        elif ch in ";{}":
            return j
        j += 1
    return len(text)


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split at ``sep`` outside brackets (angle brackets included, arrows excluded)."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "<":
            depth += 1
        elif ch == ">" and (i == 0 or text[i - 1] not in "-="):
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p for p in (p.strip() for p in parts) if p]


# ---------------------------------------------------------------- signatures


@dataclass
class FnItem:
    name: str
    params: list[tuple[str, str]]  # (name, type text)
    returns: str
    receiver: str | None = None  # "&self" | "&mut self" | "self" | None
    is_async: bool = False
    generics: frozenset[str] = frozenset()
    owner: str | None = None  # the impl's type
    trait: str | None = None  # the impl's or declaring trait


@dataclass
class Items:
    fns: list[FnItem] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # name -> struct/enum/trait/union
    fields: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def free(self) -> list[FnItem]:
        return [f for f in self.fns if f.owner is None and f.trait is None]

    def methods(self, owner: str) -> list[FnItem]:
        seen: dict[str, FnItem] = {}
        for f in self.fns:
            if f.owner == owner and f.name not in seen:
                seen[f.name] = f
        return list(seen.values())


_ITEM = re.compile(r"\b(impl|trait|fn|struct|enum|union|mod|macro_rules)\b|[{}]")
_IDENT_AT = re.compile(r"\s*([A-Za-z_]\w*)")


def scan_items(text: str) -> Items:
    """Functions (free, in impls, in traits), types and struct fields of Rust source text."""
    b = blank_literals(text)
    items = Items()
    _scan(b, 0, len(b), None, None, items)
    return items


def _scan(b: str, pos: int, end: int, owner: str | None, trait: str | None,
          items: Items) -> None:
    while True:
        m = _ITEM.search(b, pos, end)
        if not m:
            return
        tok = m.group(0)
        if tok == "{":
            pos = match_close(b, m.start()) + 1
            continue
        if tok == "}":
            pos = m.end()
            continue
        if tok == "fn":
            fn, pos = _parse_fn(b, m.start(), end, owner, trait)
            if fn is not None:
                items.fns.append(fn)
            continue
        name_m = _IDENT_AT.match(b, m.end())
        if tok == "impl":
            brace = _find_block_start(b, m.end(), end)
            if brace is None:
                pos = m.end()
                continue
            head = b[m.end():brace]
            trait_name, type_name = _impl_head(head)
            close = match_close(b, brace)
            _scan(b, brace + 1, close, type_name, trait_name, items)
            pos = close + 1
            continue
        if tok == "macro_rules":
            brace = _find_block_start(b, m.end(), end)
            pos = m.end() if brace is None else match_close(b, brace) + 1
            continue
        if name_m is None:
            pos = m.end()
            continue
        name = name_m.group(1)
        after = name_m.end()
        if tok == "mod":
            brace = _find_block_start(b, after, end)
            if brace is None or b[after:brace].strip():
                pos = after
                continue
            close = match_close(b, brace)
            _scan(b, brace + 1, close, owner, trait, items)
            pos = close + 1
            continue
        items.types.setdefault(name, tok)
        if tok == "trait":
            brace = _find_block_start(b, after, end)
            if brace is None:
                pos = after
                continue
            close = match_close(b, brace)
            _scan(b, brace + 1, close, None, name, items)
            pos = close + 1
            continue
        # struct / enum / union: skip the body; read named fields of structs
        j = after
        while j < end and b[j].isspace():
            j += 1
        if j < end and b[j] == "<":
            j = _match_angle(b, j) + 1
        k = j
        while k < end and b[k] not in "{(;":
            k += 1
        if k < end and b[k] == "{":
            close = match_close(b, k)
            if tok == "struct":
                items.fields[name] = _fields(b[k + 1:close])
            pos = close + 1
        elif k < end and b[k] == "(":
            pos = match_close(b, k) + 1
        else:
            pos = k + 1


def _find_block_start(b: str, pos: int, end: int) -> int | None:
    j = pos
    while j < end:
        ch = b[j]
        if ch == "{":
            return j
        if ch == ";" or ch == "}":
            return None
        if ch == "<":
            j = _match_angle(b, j)
        elif ch in "([":
            j = match_close(b, j)
        j += 1
    return None


def _impl_head(head: str) -> tuple[str | None, str | None]:
    head = head.strip()
    if head.startswith("<"):
        head = head[_match_angle(head, 0) + 1:]
    head = re.split(r"\bwhere\b", head)[0].strip()
    parts = re.split(r"\bfor\b", head, maxsplit=1)
    trait_text, type_text = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
    type_m = re.match(r"\s*(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)", type_text)
    trait_m = re.match(r"\s*!?(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)", trait_text or "")
    return (trait_m.group(1) if trait_m else None), (type_m.group(1) if type_m else None)


def _fields(body: str) -> list[tuple[str, str]]:
    out = []
    for part in split_top(body):
        part = re.sub(r"#\[[^\]]*\]", "", part).strip()
        m = re.match(r"(?:pub(?:\([^)]*\))?\s+)?([A-Za-z_]\w*)\s*:(?!:)\s*(.+)$", part, re.S)
        if m:
            out.append((m.group(1), " ".join(m.group(2).split())))
    return out


def _parse_fn(b: str, start: int, end: int, owner: str | None,
              trait: str | None) -> tuple[FnItem | None, int]:
    m = re.compile(r"fn\s+([A-Za-z_]\w*)\s*").match(b, start)
    if not m:
        return None, start + 2
    name = m.group(1)
    line_start = b.rfind("\n", 0, start) + 1
    prefix = b[line_start:start]
    is_async = bool(re.search(r"\basync\b", prefix))
    j = m.end()
    generics: frozenset[str] = frozenset()
    if j < end and b[j] == "<":
        close = _match_angle(b, j)
        generics = _generic_names(b[j + 1:close])
        j = close + 1
    while j < end and b[j].isspace():
        j += 1
    if j >= end or b[j] != "(":
        return None, j
    close = match_close(b, j)
    params_text = b[j + 1:close]
    j = close + 1
    returns = ""
    k = j
    while k < end and b[k] in " \t":
        k += 1
    if b.startswith("->", k):
        k += 2
        r_start = k
        while k < end:
            ch = b[k]
            if ch == "<":
                k = _match_angle(b, k) + 1
                continue
            if ch in "([":
                k = match_close(b, k) + 1
                continue
            if ch in "{;}" or ch == "\n" or (b.startswith("where", k) and \
                    not re.match(r"\w", b[k - 1]) and not re.match(r"\w", b[k + 5:k + 6])):
                break
            k += 1
        returns = " ".join(b[r_start:k].split())
    # the body, a where clause or nothing (stubs without bodies end at the line)
    while k < end and b[k] not in "{;}\n":
        k += 1
    if k < end and b[k] == "\n":
        rest = b[k:end].lstrip()
        if rest.startswith("where"):
            k = k + (len(b[k:end]) - len(rest))
            while k < end and b[k] not in "{;}":
                if b[k] == "\n" and _NEXT_FN.match(b, k):  # a stub's where clause ends there
                    break
                k += 1
    if k < end and b[k] == "{":
        k = match_close(b, k) + 1
    elif k < end and b[k] == ";":
        k += 1
    receiver, params = _params(params_text)
    fn = FnItem(name, params, returns, receiver, is_async, generics, owner, trait)
    return fn, k


_NEXT_FN = re.compile(r"\s*(?:#\[|(?:pub(?:\([^)]*\))?\s+)?(?:(?:const|async|unsafe)\s+)*fn\b)")


def _generic_names(text: str) -> frozenset[str]:
    names = set()
    for part in split_top(text):
        part = part.strip()
        if part.startswith("'"):
            continue
        m = re.match(r"(?:const\s+)?([A-Za-z_]\w*)", part)
        if m:
            names.add(m.group(1))
    return frozenset(names)


def _params(text: str) -> tuple[str | None, list[tuple[str, str]]]:
    receiver = None
    params: list[tuple[str, str]] = []
    for i, part in enumerate(split_top(text)):
        part = re.sub(r"#\[[^\]]*\]", "", part).strip()
        colon = _top_colon(part)
        pattern = part if colon < 0 else part[:colon]
        if i == 0 and re.fullmatch(r"&?\s*('\w+\s+)?(mut\s+)?self", pattern.strip()):
            ptype = part[colon + 1:].strip() if colon >= 0 else ""
            p = pattern.replace(" ", "")
            if ptype:
                receiver = "&mut self" if "&mut" in ptype else "&self" if "&" in ptype \
                    else "self"
            elif p.startswith("&"):
                receiver = "&mut self" if "mut" in p else "&self"
            else:
                receiver = "self"
            continue
        if colon < 0:
            params.append((f"arg{len(params)}", " ".join(part.split())))
            continue
        names = [w for w in re.findall(r"[A-Za-z_]\w*", pattern) if w not in ("mut", "ref")]
        name = names[-1] if names else f"arg{len(params)}"
        params.append((name, " ".join(part[colon + 1:].split())))
    return receiver, params


def _top_colon(part: str) -> int:
    depth = 0
    for i, ch in enumerate(part):
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        elif ch == ":" and depth == 0 and part[i + 1:i + 2] != ":" and part[i - 1:i] != ":":
            return i
    return -1


def param_kind(type_text: str) -> str:
    t = re.sub(r"'\w+|\bmut\b|&|\s", "", type_text)
    if t in ("str", "String", "Box<str>", "Rc<str>", "Arc<str>", "Cow<str>", "Cow<,str>",
             "implAsRef<str>", "implInto<String>", "implToString"):
        return "str"
    if "TreeNode" in t:
        return "tree"
    if "ListNode" in t:
        return "linked_list"
    return "other"


def is_result(returns: str) -> bool:
    """Whether a return type is a ``Result`` (``std::result::Result``, ``io::Result``...)."""
    return bool(re.match(r"(?:(?:std|core)::)?(?:(?:result|io|fmt)::)?Result\b", returns))


def is_iterator(returns: str) -> bool:
    """A lazy result (``impl Iterator<...>``, ``Box<dyn Iterator<...>>``): it is read to its
    end (collected) inside the call, for a data case and for timing alike."""
    return bool(re.match(rf"(?:impl\s+|Box\s*<\s*dyn\s+)(?:{'|'.join(ITER_TRAITS)})\b",
                         returns))


def returns_self(returns: str, type_name: str) -> bool:
    """Whether a return type is the type itself (``Self``, ``Counter<T>``)."""
    return bool(re.fullmatch(rf"(?:Self|{re.escape(type_name)})(?:<.*>)?", returns.strip()))


def type_generics(text: str, name: str) -> list[str]:
    """The type parameters of the struct or enum ``name`` declared in ``text`` (lifetimes
    left out)."""
    b = blank_literals(text)
    match = re.search(rf"\b(?:struct|enum|union)\s+{re.escape(name)}\s*<", b)
    if not match:
        return []
    start = match.end() - 1
    return sorted(_generic_names(b[start + 1:_match_angle(b, start)]),
                  key=lambda g: b.find(g, start))


# ---------------------------------------------------------------- native tests


@dataclass(frozen=True)
class NativeTestFn:
    """A ``#[test]`` function of the native tests, as the harness's list names it."""

    path: str  # relative to the tests' module: ``name`` or ``module::name``
    ignored: str | None = None  # ``#[ignore]``: ``Some(<reason literal>)``
    should_panic: str | None = None  # ``#[should_panic]``: ``Some(<expected literal>)``
    cfgs: tuple[str, ...] = ()  # the ``#[cfg(...)]`` predicates of the function and its modules


_FN_HEAD = re.compile(r"(?P<vis>pub(?:\s*\([^)]*\))?\s+)?(?:(?:const|async|unsafe|extern\s*"
                      r"(?:\"[^\"]*\")?)\s+)*fn\s+(?P<name>[A-Za-z_]\w*)")
_MOD_HEAD = re.compile(r"(?P<vis>pub(?:\s*\([^)]*\))?\s+)?mod\s+(?P<name>[A-Za-z_]\w*)\s*$")


def native_tests_of(source: str) -> tuple[str, list[NativeTestFn]]:
    """The ``#[test]`` functions of ``source`` (in its modules too), in order, and ``source``
    rewritten for a build without ``--test`` (which would drop them): their ``#[test]``,
    ``#[ignore]`` and ``#[should_panic]`` blanked, and each function, and each module that holds
    one, made ``pub`` so the harness's list can name it. Lines are unchanged. Tests made
    by macros are not seen (libtest would run them)."""
    blank = blank_literals(source)
    tests: list[NativeTestFn] = []
    blanked: list[tuple[int, int]] = []
    published: list[int] = []

    def scan(start: int, end: int, path: tuple[str, ...], cfgs: tuple[str, ...]) -> bool:
        found = False
        pos = start
        while pos < end:
            attrs: list[tuple[int, int, str]] = []  # (start, end, text) of outer attributes
            while pos < end:
                while pos < end and blank[pos].isspace():
                    pos += 1
                inner = blank.startswith("#![", pos)
                if not (inner or blank.startswith("#[", pos)):
                    break
                bracket = blank.index("[", pos)
                close = match_close(blank, bracket)
                if not inner:
                    attrs.append((pos, close + 1, source[bracket + 1:close].strip()))
                pos = close + 1
            if pos >= end:
                return found
            j = item_head_end(blank, pos, end)
            if j >= end or blank[j] == "}":
                return found
            head = blank[pos:j]
            own_cfgs = tuple(m.group(1).strip() for _s, _e, text in attrs
                             if (m := re.fullmatch(r"cfg\s*\((.*)\)", text, re.S)))
            fn = _FN_HEAD.match(head)
            names = [re.sub(r"\s+", "", text) for _s, _e, text in attrs]
            if fn and "test" in names:
                found = True
                test = NativeTestFn("::".join((*path, fn.group("name"))), cfgs=cfgs + own_cfgs)
                for a_start, a_end, text in attrs:
                    kind, value = _test_attribute(text)
                    if kind is None:
                        continue
                    blanked.append((a_start, a_end))
                    if kind == "ignore":
                        test = replace(test, ignored=f"Some({value})")
                    elif kind == "should_panic":
                        test = replace(test, should_panic=f"Some({value})")
                tests.append(test)
                if not fn.group("vis"):
                    published.append(pos)
            if blank[j] == ";":
                pos = j + 1
                continue
            close = match_close(blank, j)
            module = _MOD_HEAD.match(head)
            if module and scan(j + 1, close, (*path, module.group("name")), cfgs + own_cfgs):
                found = True
                if not module.group("vis"):
                    published.append(pos)
            pos = close + 1
        return found

    scan(0, len(blank), (), ())
    edits = [(a, b, re.sub(r"[^\n]", " ", source[a:b])) for a, b in blanked]
    edits += [(at, at, "pub ") for at in published]
    out = source
    for a, b, text in sorted(edits, reverse=True):
        out = out[:a] + text + out[b:]
    return out, tests


def item_head_end(blank: str, pos: int, end: int) -> int:
    """Where the item starting at ``pos`` of ``blank`` (literals blanked) ends its head: at the
    ``;`` or the ``{`` of its block, or at the ``}`` closing the enclosing block (or ``end``)."""
    j = pos
    while j < end and blank[j] not in ";{}":
        if blank[j] in "([":
            j = match_close(blank, j)
        j += 1
    return j


def _test_attribute(text: str) -> tuple[str | None, str]:
    """What a test's attribute is to the harness: ``test``, ``ignore`` or ``should_panic``
    with the source of its string (``""`` when it has none), or None for any other."""
    m = re.fullmatch(r"(test|ignore|should_panic)\s*(?:=\s*(?P<eq>.+?)|\(\s*expected\s*=\s*"
                     r"(?P<expected>.+?)\s*\)|\(\s*\))?", text, re.S)
    if not m:
        return None, ""
    return m.group(1), (m.group("eq") or m.group("expected") or '""').strip()
