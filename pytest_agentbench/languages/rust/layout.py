"""The Rust workspace: a Cargo crate whose ``src/lib.rs`` holds the signature, its functions
given ``todo!()`` bodies and its trait impls the standard traits' methods."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...agents.workspace import Layout

_RUST_FN = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:const\s+|async\s+|unsafe\s+)*fn\b")
_RUST_IMPL = re.compile(r"^(\s*)(?:unsafe\s+)?impl\b")


def rust_stub(sig: str) -> str:
    """Bodies (``todo!()``) for the functions a Rust signature declares without one; an
    ``impl`` of a trait without a body becomes a comment to do."""
    lines = sig.rstrip().splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.rstrip()
        fn = _RUST_FN.match(line)
        impl = _RUST_IMPL.match(line)
        if fn and not stripped.endswith(("{", "}", ";")):
            indent = fn.group(1)
            block = [line]
            j = i + 1
            if j < len(lines) and lines[j].strip().startswith("where"):
                block.append(lines[j])
                j += 1
                while j < len(lines) and lines[j].strip() and \
                        len(lines[j]) - len(lines[j].lstrip()) > len(indent):
                    block.append(lines[j])
                    j += 1
            body = [f"{indent}    todo!()"]
            if _RUST_IMPL_ITERATOR.search(" ".join(block)):  # todo!() cannot stand for one
                body = [f"{indent}    todo!();", f"{indent}    #[allow(unreachable_code)]",
                        f"{indent}    std::iter::empty()"]
            out += [*block[:-1], block[-1].rstrip() + " {", *body, f"{indent}}}"]
            i = j
            continue
        placeholder = _RUST_OPEN_STRUCT.match(line)
        if placeholder:  # fields "of your choice": a marker keeps the type parameters used
            out += _rust_struct_with_marker(placeholder)
            i += 1
            continue
        if impl and not stripped.endswith(("{", "}", ";")):
            out += _rust_trait_impl(impl.group(1), stripped)
        else:
            out.append(line)
        i += 1
    return "\n".join(out) + "\n"


# the methods of the standard traits a signature declares impls of without bodies
_RUST_TRAIT_METHODS = {
    "Default": ["fn default() -> Self"],
    "Extend": ["fn extend<I: IntoIterator<Item = {0}>>(&mut self, iter: I)"],
    "FromIterator": ["fn from_iter<I: IntoIterator<Item = {0}>>(iter: I) -> Self"],
    "From": ["fn from(value: {0}) -> Self"],
    "Display": ["fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result"],
}
_RUST_TRAIT = re.compile(r"\bimpl\b.*?\b(?:std::\w+::)?(\w+)(?:<(.+?)>)?\s+for\s+")


def _rust_trait_impl(indent: str, line: str) -> list[str]:
    """An ``impl Trait for Type`` the signature gives without a body: the trait's methods with
    ``todo!()`` for the standard traits, a comment for any other (its methods are unknown)."""
    found = _RUST_TRAIT.search(line)
    methods = _RUST_TRAIT_METHODS.get(found.group(1)) if found else None
    if methods is None:
        return [f"{indent}// TODO: {line.strip()}"]
    argument = found.group(2) or "" if found else ""
    out = [f"{line} {{"]
    for method in methods:
        out += [f"{indent}    {method.format(argument)} {{", f"{indent}        todo!()",
                f"{indent}    }}"]
    return [*out, f"{indent}}}"]


_RUST_IMPL_ITERATOR = re.compile(r"->\s*impl\s+(?:DoubleEnded|ExactSize)?Iterator\b")
_RUST_OPEN_STRUCT = re.compile(r"^(\s*)((?:pub(?:\([^)]*\))?\s+)?struct\s+\w+\s*<(.+)>)\s*"
                               r"\{\s*(/\*.*?\*/)?\s*\}\s*$")


def _rust_struct_with_marker(found: re.Match[str]) -> list[str]:
    """A struct whose fields the answer chooses, with a ``PhantomData`` field so that its
    type and lifetime parameters are used (else: error E0392)."""
    indent, head, params, comment = found.groups()
    used = []
    for param in re.split(r",\s*", params):
        name = param.split(":")[0].split("=")[0].strip()
        if name.startswith("'"):
            used.append(f"&{name} ()")
        elif name and not name.startswith("const "):
            used.append(name)
    inner = used[0] if len(used) == 1 else f"({', '.join(used)})"
    lines = [f"{indent}{head} {{"]
    if comment:
        lines.append(f"{indent}    {comment}")
    if used:
        lines.append(f"{indent}    _marker: std::marker::PhantomData<{inner}>,")
    return [*lines, f"{indent}}}"]


def rust_layout(sig: str, entry: str, language: str) -> Layout:
    """``Cargo.toml`` and the library ``src/lib.rs`` holding the signature with stub bodies."""
    from ...agents.workspace import Layout

    cargo = ('[package]\nname = "solution"\nversion = "0.1.0"\nedition = "2021"\n\n'
             '[lib]\npath = "src/lib.rs"\n\n[dependencies]\n')
    return Layout(language, "src/lib.rs", {"Cargo.toml": cargo, "src/lib.rs": rust_stub(sig)},
                  (".rs",), ("build.rs",), "a Cargo crate (`Cargo.toml`, library `src/lib.rs`)")
