"""Rust types: a parser (:func:`parse_type`), the owned type JSON is decoded into for a
parameter (:func:`render`), the expressions that lend a decoded value as the parameter's type
(:class:`Lender`), and a class problem's type instantiated with its ``type_args``
(:class:`Instance`)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from ...models import Problem
from .source import ITER_TRAITS, FnItem, type_generics


class Unsupported(ValueError):
    """A parameter type the generated harness cannot build from JSON."""


@dataclass(frozen=True)
class RType:
    """A parsed Rust type. ``kind``: path, ref, slice, array, tuple, impl, dyn, fn, other."""

    kind: str
    name: str = ""  # path: the path without generics; array: the length; impl/dyn: the trait
    args: tuple[RType, ...] = ()
    mut: bool = False
    assoc: tuple[tuple[str, RType], ...] = ()  # impl Iterator<Item = T>
    text: str = ""

    @property
    def last(self) -> str:
        return self.name.rsplit("::", 1)[-1]


_TOKEN = re.compile(r"\s*(::|->|'[A-Za-z_]\w*|[A-Za-z_]\w*|\d+|\S)")


class _TypeParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _TOKEN.findall(text)
        self.i = 0

    def peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if expected is not None and tok != expected:
            raise ValueError(f"expected {expected!r} in type {self.text!r}, found {tok!r}")
        self.i += 1
        return tok

    def parse(self) -> RType:
        t = self.type_()
        if self.peek():
            raise ValueError(f"unexpected {self.peek()!r} in type {self.text!r}")
        return t

    def type_(self) -> RType:
        start = self.i
        tok = self.peek()
        if tok == "&":
            self.take()
            if self.peek().startswith("'"):
                self.take()
            mut = self.peek() == "mut"
            if mut:
                self.take()
            inner = self.type_()
            return RType("ref", args=(inner,), mut=mut, text=self._text(start))
        if tok == "*":
            self.take()
            self.take()  # const / mut
            inner = self.type_()
            return RType("other", args=(inner,), text=self._text(start))
        if tok == "[":
            self.take()
            inner = self.type_()
            if self.peek() == ";":
                self.take()
                length = []
                while self.peek() not in ("]", ""):
                    length.append(self.take())
                self.take("]")
                return RType("array", " ".join(length), (inner,), text=self._text(start))
            self.take("]")
            return RType("slice", args=(inner,), text=self._text(start))
        if tok == "(":
            self.take()
            items = []
            while self.peek() != ")":
                items.append(self.type_())
                if self.peek() == ",":
                    self.take()
                elif self.peek() != ")":
                    raise ValueError(f"bad tuple type {self.text!r}")
            self.take(")")
            if len(items) == 1 and not self._text(start).rstrip(")").rstrip().endswith(","):
                return items[0]  # parenthesised type
            return RType("tuple", args=tuple(items), text=self._text(start))
        if tok in ("impl", "dyn"):
            self.take()
            bounds = self.bounds()
            main = next((b for b in bounds if b.kind == "path"), RType("other"))
            return RType(tok, main.name, main.args, assoc=main.assoc, text=self._text(start))
        if tok in ("fn", "unsafe", "extern"):
            while self.peek() not in ("(", ""):
                self.take()
            self.skip_group()
            if self.peek() == "->":
                self.take()
                self.type_()
            return RType("fn", text=self._text(start))
        if tok == "!":
            self.take()
            return RType("other", "!", text="!")
        if tok == "<":  # qualified path <T as Trait>::Name
            depth = 0
            while True:
                t = self.take()
                depth += t == "<"
                depth -= t == ">"
                if depth == 0 or not t:
                    break
            while self.peek() == "::":
                self.take()
                self.take()
            return RType("other", text=self._text(start))
        return self.path()

    def path(self) -> RType:
        start = self.i
        parts = []
        if self.peek() == "::":
            self.take()
        args: list[RType] = []
        assoc: list[tuple[str, RType]] = []
        while True:
            tok = self.take()
            if not re.fullmatch(r"[A-Za-z_]\w*", tok):
                raise ValueError(f"unexpected {tok!r} in type {self.text!r}")
            parts.append(tok)
            if self.peek() == "<":
                args, assoc = self.generic_args()
            elif self.peek() == "(" and tok in ("Fn", "FnMut", "FnOnce"):
                self.skip_group()
                if self.peek() == "->":
                    self.take()
                    self.type_()
                return RType("fn", tok, text=self._text(start))
            if self.peek() == "::":
                self.take()
                continue
            break
        return RType("path", "::".join(parts), tuple(args), assoc=tuple(assoc),
                     text=self._text(start))

    def generic_args(self) -> tuple[list[RType], list[tuple[str, RType]]]:
        self.take("<")
        args: list[RType] = []
        assoc: list[tuple[str, RType]] = []
        while self.peek() not in (">", ""):
            tok = self.peek()
            if tok.startswith("'"):
                self.take()
                args.append(RType("lifetime", tok, text=tok))
            elif re.fullmatch(r"[A-Za-z_]\w*", tok) and self.peek(1) == "=":
                self.take()
                self.take()
                assoc.append((tok, self.type_()))
            elif tok.isdigit() or tok == "{":
                self.take()
                args.append(RType("other", tok, text=tok))
            else:
                args.append(self.type_())
            if self.peek() == ",":
                self.take()
            elif self.peek() != ">":
                raise ValueError(f"bad generic arguments in {self.text!r}")
        self.take(">")
        return args, assoc

    def bounds(self) -> list[RType]:
        out = []
        while True:
            if self.peek().startswith("'"):
                self.take()
            else:
                if self.peek() == "?":
                    self.take()
                out.append(self.path())
            if self.peek() != "+":
                return out
            self.take()

    def skip_group(self) -> None:
        depth = 0
        while self.peek():
            t = self.take()
            depth += t in "([{"
            depth -= t in ")]}"
            if depth == 0:
                return

    def _text(self, start: int) -> str:
        return _join_tokens(self.tokens[start:self.i])


def _join_tokens(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        word_after_word = re.match(r"[\w']", tok) and re.search(r"[\w']$", out)
        if out and (word_after_word or tok in ("=", "->", "+")
                    or out.endswith((",", "=", "->", "+"))):
            out += " "
        out += tok
    return out


@functools.lru_cache(maxsize=1024)
def parse_type(text: str) -> RType:
    """The type ``text`` parsed (``ValueError`` when it is not a Rust type)."""
    return _TypeParser(text).parse()


COLLECTIONS = ("Vec", "VecDeque", "HashSet", "BTreeSet", "BinaryHeap", "LinkedList")
MAPS = ("HashMap", "BTreeMap")
STRING_TRAITS = ("AsRef", "Into", "ToString", "Display", "Borrow")


def render(t: RType, generics: frozenset[str] = frozenset(), self_type: str = "") -> str:
    """``t`` as an owned type that JSON can be decoded into (what a borrowed parameter lends)."""
    if t.kind == "ref":
        inner = t.args[0]
        if inner.kind == "path" and inner.name == "str":
            return "String"
        if inner.kind == "slice":
            return f"Vec<{render(inner.args[0], generics, self_type)}>"
        if inner.kind == "dyn" and inner.last in STRING_TRAITS:
            return "String"
        return render(inner, generics, self_type)
    if t.kind == "slice":
        return f"Vec<{render(t.args[0], generics, self_type)}>"
    if t.kind == "array":
        return f"[{render(t.args[0], generics, self_type)}; {t.name}]"
    if t.kind == "tuple":
        joined = ", ".join(render(a, generics, self_type) for a in t.args)
        return f"({joined},)" if len(t.args) == 1 else f"({joined})"
    if t.kind == "impl":
        item = dict(t.assoc).get("Item")
        if t.last in ITER_TRAITS and item is not None:
            return f"Vec<{render(item, generics, self_type)}>"
        if t.last in STRING_TRAITS:
            arg = t.args[0] if t.args else None
            if arg is not None and arg.kind == "slice":
                return f"Vec<{render(arg.args[0], generics, self_type)}>"
            return "String"
        raise Unsupported(f"`{t.text}` cannot be built from JSON")
    if t.kind == "lifetime":
        return "'static"
    if t.kind == "path":
        if t.name in generics:
            raise Unsupported(f"generic parameter `{t.name}` has no concrete type")
        name = self_type if t.name == "Self" and self_type else t.name
        if name.startswith("Self::"):
            raise Unsupported(f"`{t.text}` cannot be named outside its impl")
        if t.last in ("Rc", "Arc", "Box") and t.args and t.args[0].kind == "path" \
                and t.args[0].name == "str":
            return f"{name}<str>"
        if t.args:
            return f"{name}<{', '.join(render(a, generics, self_type) for a in t.args)}>"
        return name
    if t.kind in ("other",) and t.name.isdigit():
        return t.name
    raise Unsupported(f"`{t.text}` cannot be built from JSON")


def is_plain(t: RType) -> bool:
    """Whether a decoded owned value can be passed as it is (no borrowing, no conversion)."""
    if t.kind == "path":
        if t.last in ("Rc", "Arc", "Box") and t.args and t.args[0].kind == "path" \
                and t.args[0].name == "str":
            return True
        return all(is_plain(a) for a in t.args if a.kind != "lifetime")
    if t.kind in ("tuple", "array"):
        return all(is_plain(a) for a in t.args)
    return t.kind == "other" and t.name.isdigit()


class Lender:
    """Expressions that lend decoded owned values as the parameter types."""

    def __init__(self) -> None:
        self.depth = 0
        self.hoisted: list[str] = []

    def pass_expr(self, t: RType, var: str) -> str:
        if is_plain(t):
            return var
        if t.kind == "ref":
            inner = t.args[0]
            amp = "&mut " if t.mut else "&"
            lendable = (is_plain(inner) or (inner.kind == "path" and inner.name == "str")
                        or (inner.kind == "slice" and is_plain(inner.args[0]))
                        or (inner.kind == "dyn" and inner.last in STRING_TRAITS))
            if lendable:
                return f"{amp}{var}"
            if t.mut:
                raise Unsupported(f"`{t.text}` cannot be lent from a decoded value")
            name = f"{var}_lent"
            if inner.kind == "slice":
                elem = inner.args[0]
                self.hoisted.append(f"let {name}: Vec<_> = {var}.iter()"
                                    f".map(|x| {self.conv_ref(elem, 'x')}).collect();")
            else:
                self.hoisted.append(f"let {name} = {self.conv_ref(inner, '&' + var)};")
            return f"&{name}"
        if t.kind == "impl":
            item = dict(t.assoc).get("Item")
            if t.last in ITER_TRAITS and item is not None:
                if is_plain(item):
                    return f"{var}.into_iter()"
                return f"{var}.iter().map(|x| {self.conv_ref(item, 'x')})"
            return var
        return self.conv_ref(t, f"&{var}")

    def conv_ref(self, t: RType, r: str) -> str:
        """An expression of type ``t`` borrowing from ``*r`` (``r``: a reference to the owned
        value of ``t``)."""
        if is_plain(t):
            return f"({r}).clone()"
        self.depth += 1
        x = f"x{self.depth}"
        try:
            if t.kind == "ref" and not t.mut:
                inner = t.args[0]
                if inner.kind == "path" and inner.name == "str":
                    return f"({r}).as_str()"
                if inner.kind == "slice" and is_plain(inner.args[0]):
                    return f"({r}).as_slice()"
                if is_plain(inner):
                    return r
            if t.kind == "path" and t.last in COLLECTIONS and len(t.args) == 1:
                converted = self.conv_ref(t.args[0], x)
                return f"({r}).iter().map(|{x}| {converted}).collect::<{t.last}<_>>()"
            if t.kind == "path" and t.last == "Option" and len(t.args) == 1:
                return f"({r}).as_ref().map(|{x}| {self.conv_ref(t.args[0], x)})"
            if t.kind == "path" and t.last in MAPS and len(t.args) == 2:
                k = self.conv_ref(t.args[0], f"{x}k")
                v = self.conv_ref(t.args[1], f"{x}v")
                return (f"({r}).iter().map(|({x}k, {x}v)| ({k}, {v}))"
                        f".collect::<{t.last}<_, _>>()")
            if t.kind == "tuple":
                items = [self.conv_ref(a, f"&({r}).{i}") for i, a in enumerate(t.args)]
                return f"({', '.join(items)},)"
            raise Unsupported(f"`{t.text}` cannot be lent from a decoded value")
        finally:
            self.depth -= 1


def substitute(t: RType, concrete: dict[str, RType]) -> RType:
    """``t`` with each generic parameter named in ``concrete`` replaced by its type."""
    if t.kind == "path" and not t.args and t.name in concrete:
        return concrete[t.name]
    if not t.args and not t.assoc:
        return t
    return replace(t, args=tuple(substitute(a, concrete) for a in t.args),
                   assoc=tuple((k, substitute(v, concrete)) for k, v in t.assoc))


@dataclass(frozen=True)
class Instance:
    """A class problem's type as the generated code names it: ``Counter<String>`` for the
    generic ``Counter<T>`` with the problem's ``type_args`` ``{"T": "String"}``, which also
    give the types of its methods' own type parameters, by name."""

    name: str
    generics: tuple[str, ...] = ()
    concrete: tuple[tuple[str, RType], ...] = ()

    @classmethod
    def of(cls, problem: Problem) -> Instance:
        concrete = []
        raw = problem.extra.get("type_args")
        for key, text in (raw.items() if isinstance(raw, dict) else ()):
            try:
                concrete.append((str(key), parse_type(str(text))))
            except ValueError:
                continue
        generics = tuple(type_generics(problem.signature_text, problem.entry_point))
        return cls(problem.entry_point, generics, tuple(concrete))

    @property
    def missing(self) -> list[str]:
        """The type's own parameters that have no type."""
        given = dict(self.concrete)
        return [g for g in self.generics if g not in given]

    @property
    def text(self) -> str:
        if not self.generics or self.missing:
            return self.name
        given = dict(self.concrete)
        return f"{self.name}<{', '.join(render(given[g]) for g in self.generics)}>"

    def param(self, type_text: str) -> RType:
        """A parameter's type, its generic parameters instantiated."""
        return substitute(parse_type(type_text), dict(self.concrete))

    def open(self, fn: FnItem) -> frozenset[str]:
        """The generic parameters of ``fn`` (and of its type) left without a type."""
        given = dict(self.concrete)
        return frozenset(g for g in (*fn.generics, *self.generics) if g not in given)
