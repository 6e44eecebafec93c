"""Reading Rust items (languages/rust/source.py, on the tree-sitter Rust grammar) from plain
strings: no Rust toolchain needed."""

from __future__ import annotations

from pytest_agentbench.languages.rust import source as rs


def shapes(text: str) -> list[tuple[str, list[tuple[str, str]], str, str | None]]:
    return [(f.name, f.params, f.returns, f.receiver) for f in rs.scan_items(text).fns]


def test_blank_literals_keeps_offsets_and_reads_raw_strings_chars_and_lifetimes():
    text = ('let a = r#"a "quoted" { brace"#; let b = \'{\'; // c { \n'
            "fn f<'a>(x: &'a str) -> char { '}' } /* a /* nested */ { */ b\"}\"")
    blank = rs.blank_literals(text)
    assert len(blank) == len(text) and blank.count("\n") == 1
    raw, comment, block = 'r#"a "quoted" { brace"#', "// c { ", "/* a /* nested */ { */"
    assert blank == ("let a = r" + " " * (len(raw) - 2) + "#; let b = ' '; " + " " * len(comment)
                     + "\nfn f<'a>(x: &'a str) -> char { ' ' } " + " " * len(block) + ' b  "')
    # a string that is not closed is no string to the grammar: it stays
    assert rs.blank_literals('x = "abc\ny') == 'x = "abc\ny'


def test_functions_params_receivers_and_returns():
    text = """
/// Adds. { not a brace }
#[inline]
pub(crate) async fn add(
    #[allow(unused)] mut a: i64, // the first { one
    (x, y): (i32, i32),
    f: impl Fn(&str) -> Result<Vec<u8>, String>,
) -> Option<Vec<(char, usize)>> {
    let s = "fn fake() {";
    let c = '{';
    None
}
struct Parser<'a> { input: &'a str }
impl<'a> Parser<'a> {
    pub fn new(input: &'a str) -> Self { Parser { input } }
    fn peek(&self) -> Option<char> { self.input.chars().next() }
    fn bump(&'a mut self) { fn inner() {} }
    fn own(self: Box<Self>) -> usize { 0 }
    fn taken(mut self) {}
}
"""
    items = rs.scan_items(text)
    assert shapes(text) == [
        ("add", [("a", "i64"), ("y", "(i32, i32)"),
                 ("f", "impl Fn(&str) -> Result<Vec<u8>, String>")],
         "Option<Vec<(char, usize)>>", None),
        ("new", [("input", "&'a str")], "Self", None),
        ("peek", [], "Option<char>", "&self"),
        ("bump", [], "", "&mut self"),
        ("own", [], "usize", "self"),
        ("taken", [], "", "self"),
    ]
    assert items.fns[0].is_async and not items.fns[1].is_async
    assert [f.name for f in items.free] == ["add"]
    assert [f.name for f in items.methods("Parser")] == ["new", "peek", "bump", "own", "taken"]
    assert items.types == {"Parser": "struct"} and items.fields == {"Parser": [("input",
                                                                               "&'a str")]}


def test_impls_of_traits_on_generic_types_and_where_clauses():
    text = """
pub trait Shape: Clone { fn area(&self) -> f64; fn name(&self) -> String { "s".into() } }
pub struct Wrapper<T, const N: usize> where T: Clone { pub(crate) items: Vec<Vec<T>>, n: [T; N] }
impl<T> std::fmt::Display for Wrapper<T, 3>
where
    T: Clone + std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }
}
impl<T: Clone> Wrapper<T, 3> {
    pub fn map<U, F: Fn(&T) -> U>(&self, f: F) -> Vec<U> where U: Default { vec![] }
}
mod inner { pub enum Kind { A, B } pub fn helper() {} }
macro_rules! m { () => { fn not_an_item() {} } }
"""
    items = rs.scan_items(text)
    assert [(f.name, f.owner, f.trait) for f in items.fns] == [
        ("area", None, "Shape"), ("name", None, "Shape"), ("fmt", "Wrapper", "Display"),
        ("map", "Wrapper", None), ("helper", None, None)]
    assert items.fns[3].generics == frozenset({"U", "F"})
    assert items.fns[3].returns == "Vec<U>"
    assert items.types == {"Shape": "trait", "Wrapper": "struct", "Kind": "enum"}
    assert items.fields["Wrapper"] == [("items", "Vec<Vec<T>>"), ("n", "[T; N]")]
    assert rs.type_generics(text, "Wrapper") == ["T", "N"]
    assert rs.type_generics("enum E<'a, B, A> { X(&'a A, B) }", "E") == ["B", "A"]
    assert rs.type_generics(text, "Missing") == []


def test_a_signature_whose_functions_and_impls_have_no_bodies():
    text = """use std::hash::Hash;

pub struct Counter<T> { /* private fields of your choice */ }

impl<T: Hash + Eq> Counter<T> {
    pub fn new() -> Self
    pub fn count<Q>(&self, item: &Q) -> usize // how many { of them
    where
        T: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    pub fn add(&mut self, item: T)
    pub fn sized<const N: usize>(&self, xs: [T; N]) -> [usize; N]
}

impl<T: Hash + Eq> Default for Counter<T>
impl<T: Hash + Eq> FromIterator<T> for Counter<T>

pub fn free<T, U>(
    items: Vec<T>,
    f: impl Fn(T) -> U,
) -> Vec<U>
where
    T: Send,
macro_rules! square { ($x:expr) => { $x * $x }; }
pub fn last() -> u8
"""
    items = rs.scan_items(text)
    assert [(f.name, f.owner, f.receiver, f.returns) for f in items.fns] == [
        ("new", "Counter", None, "Self"), ("count", "Counter", "&self", "usize"),
        ("add", "Counter", "&mut self", ""), ("sized", "Counter", "&self", "[usize; N]"),
        ("free", None, None, "Vec<U>"), ("last", None, None, "u8")]
    assert items.fns[-2].params == [("items", "Vec<T>"), ("f", "impl Fn(T) -> U")]
    assert items.types == {"Counter": "struct"} and items.fields == {"Counter": []}
    assert rs.type_generics(text, "Counter") == ["T"]


def test_text_that_does_not_parse_still_gives_what_it_can():
    text = "pub fn ok(x: i32) -> i32 { x }\nfn broken( {\npub struct S { a: u8 }\n"
    items = rs.scan_items(text)
    # the broken header is an ERROR node, not a function (the hand scanner before read
    # ``broken`` with the rest of the text for a parameter, and missed ``S``)
    assert [f.name for f in items.fns] == ["ok"]
    assert items.types == {"S": "struct"} and items.fields == {"S": [("a", "u8")]}
    assert rs.blank_literals('fn f() { "unclosed').startswith("fn f() { \"")


def test_native_tests_in_modules_with_their_attributes_and_cfgs():
    source = '''use super::*;
const S: &str = "#[test] fn in_a_string() {}";
/// doc { brace
#[test]
fn top() { let r = r#"}"#; }
#[cfg(feature = "slow")]
mod slow {
    #[test]
    #[ignore = "takes a while"]
    pub(crate) fn long() {}
    #[test] #[should_panic(expected = "boom")] fn panics() { panic!("boom") }
    fn helper() {}
    pub mod deeper { #[test] #[should_panic] fn plain() {} }
}
mod no_tests { fn f() {} }
'''
    rewritten, tests = rs.native_tests_of(source)
    assert tests == [
        rs.NativeTestFn("top"),
        rs.NativeTestFn("slow::long", ignored='Some("takes a while")',
                        cfgs=('feature = "slow"',)),
        rs.NativeTestFn("slow::panics", should_panic='Some("boom")', cfgs=('feature = "slow"',)),
        rs.NativeTestFn("slow::deeper::plain", should_panic='Some("")',
                        cfgs=('feature = "slow"',)),
    ]
    assert rewritten.count("\n") == source.count("\n")
    assert "#[test]" not in rewritten.replace('"#[test] fn in_a_string() {}"', "")
    assert "pub fn top()" in rewritten and "pub mod slow" in rewritten
    assert "pub(crate) fn long" in rewritten and "pub fn panics" in rewritten
    assert "pub mod deeper" in rewritten and "pub fn plain" in rewritten
    assert "mod no_tests { fn f" in rewritten and "    fn helper" in rewritten
    assert '#[cfg(feature = "slow")]' in rewritten


def test_defines_reads_items_impls_traits_and_aliases_not_literals_or_nested_fns():
    text = """\
// fn ghost() {}
pub type Grid = Vec<Vec<u8>>;
struct Counter { n: u32 }
impl Counter { pub fn bump(&mut self) { fn helper() {} let _ = "fn fake() {}"; } }
trait Shape { fn area(&self) -> f64; }
mod inner { pub fn deep<T>(x: T) -> T { x } }
"""
    for name in ("Grid", "Counter", "bump", "Shape", "area", "deep"):
        assert rs.defines(text, name), name
    for name in ("ghost", "helper", "fake", "inner", "n"):
        assert not rs.defines(text, name), name


def test_top_level_types_free_functions_and_impls():
    text = """\
// struct Ghost;
struct TreeNode { val: i32 }
type Grid = Vec<u8>;
fn solve() -> i32 { fn inner() {} 0 }
impl Solution { pub fn two_sum() {} }
impl std::fmt::Display for Grid2 { fn fmt(&self) {} }
impl Iterator for Walk { type Item = u8; }
mod m { pub fn hidden() {} struct Deep; }
"""
    assert rs.declares_type(text, "TreeNode") and rs.declares_type(text, "Grid")
    for name in ("Ghost", "Item", "Deep", "Solution"):
        assert not rs.declares_type(text, name), name
    assert rs.declares_free_fn(text, "solve")
    for name in ("inner", "two_sum", "hidden", "fmt"):
        assert not rs.declares_free_fn(text, name), name
    assert rs.implements(text, "Solution") and rs.implements(text, "Grid2")
    assert not rs.implements(text, "Display") and not rs.implements(text, "Iterator")
