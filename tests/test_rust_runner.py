"""The Rust runner on plain data: signatures, prompts, and one compiled process per problem."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.rust import (
    RustRunner,
    blank_literals,
    parse_type,
    render,
    rust_literal,
    scan_items,
)
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.suite import load_suite

from .helpers import write_suite

REG = default_registry()
RUST = REG.get("rust")
FAST = ExecSettings(solution_limits(10))
SUITE = Path(__file__).resolve().parent.parent / "suites" / "rust_mini.json"

needs_rustc = pytest.mark.skipif(
    not RUST.toolchain().available,
    reason=f"Rust toolchain not installed ({RUST.toolchain().reason}); "
           f"install: {RUST.toolchain().install_hint}")


def problem(tmp_path, signature, cases=(), native=None, **extra):
    entry = {"id": "t", "difficulty": "easy", "description": "d", "signature": signature,
             **extra}
    if cases:
        entry["test_cases"] = list(cases)
    if native:
        entry["native_tests"] = native
    data = {"language": "rust", "tests": [entry]}
    return load_suite(write_suite(tmp_path, "s.json", data), REG).problems[0]


def run(prob, code, settings=FAST):
    return judge(prob, RUST.run(prob, code, settings))


def statuses(ex):
    return [o.status for o in ex.outcomes]


ADD_SIG = "pub fn add(a: i32, b: i32) -> i32"
ADD_CASES = [{"args": [1, 2], "expected": 3}, {"args": [-1, 1], "expected": 0},
             {"args": [0, 0], "expected": 0}]


@pytest.fixture
def add(tmp_path):
    return problem(tmp_path, ADD_SIG, ADD_CASES)


# ---------------------------------------------------------------- signatures and prompts


def test_registered_with_aliases():
    assert REG.get("rs") is RUST and isinstance(RUST, RustRunner)
    assert RUST.file_name == "solution.rs"


def test_function_signature():
    sig = RUST.read_signature("pub fn two_sum(nums: &[i32], target: i32) -> Option<(usize, usize)>",
                              None)
    assert sig.kind == "function" and sig.entry_point == "two_sum"
    assert [(p.name, p.type, p.kind) for p in sig.params] == [
        ("nums", "&[i32]", "other"), ("target", "i32", "other")]
    assert sig.returns == "Option<(usize, usize)>"


def test_signature_kinds_lifetimes_generics_and_where_clauses():
    sig = RUST.read_signature(
        "/// Doc with fn fake(x: i32).\npub fn lcp<'a>(words: &[&'a str], s: &str, t: String, "
        "root: Option<Box<TreeNode>>, head: Option<Box<ListNode>>) -> &'a str\nwhere\n"
        "    Self: Sized,", None)
    assert sig.entry_point == "lcp"
    assert [p.kind for p in sig.params] == ["other", "str", "str", "tree", "linked_list"]
    assert sig.returns_kind == "str"
    generic = scan_items("pub fn f<T: Fn(i32) -> i32, const N: usize>(x: [T; N]) -> Vec<T>")
    assert generic.free[0].generics == frozenset({"T", "N"})
    assert RUST.read_signature("pub async fn get(url: &str) -> u8", None).is_async


def test_class_signature_from_impl_blocks():
    text = ("use std::fmt;\n\npub struct LruCache { /* private */ }\n\nimpl LruCache {\n"
            "    pub fn new(capacity: usize) -> Self\n"
            "    pub fn get(&mut self, key: i32) -> Option<i32>\n"
            "    pub fn put(&mut self, key: i32, value: i32) -> Option<(i32, i32)>\n}\n\n"
            "impl fmt::Display for LruCache {\n"
            "    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result\n}\n")
    sig = RUST.read_signature(text, None)
    assert (sig.kind, sig.entry_point) == ("class", "LruCache")
    assert [(p.name, p.type) for p in sig.params] == [("capacity", "usize")]
    methods = {m.name: m.receiver for m in scan_items(text).methods("LruCache")}
    assert methods == {"new": None, "get": "&mut self", "put": "&mut self", "fmt": "&self"}


def test_entry_point_choice():
    text = ("#[derive(Debug)]\npub enum ParseError { Empty, Bad { pos: usize } }\n"
            "impl std::fmt::Display for ParseError {\n"
            "    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n"
            "        write!(f, \"{{}}\", 1)\n    }\n}\n"
            "pub fn parse(s: &str) -> Result<i64, ParseError>")
    assert RUST.read_signature(text, None).entry_point == "parse"
    assert RUST.read_signature(text, "ParseError").kind == "class"
    leet = "impl Solution {\n    pub fn max_area(height: Vec<i32>) -> i32 {\n    }\n}"
    sig = RUST.read_signature(leet, None)
    assert (sig.kind, sig.entry_point) == ("function", "max_area")
    with pytest.raises(ValueError, match="no fn or type"):
        RUST.read_signature("pub fn f()", "g")
    with pytest.raises(ValueError):
        RUST.read_signature("// nothing here", None)


def test_blank_literals_keeps_offsets():
    text = 'let s = "fn fake() {"; // fn gone\nlet c = \'{\'; /* fn x() */ fn real() {}'
    blanked = blank_literals(text)
    assert len(blanked) == len(text) and "fake" not in blanked and "gone" not in blanked
    assert blanked.endswith("fn real() {}") and [f.name for f in scan_items(text).fns] == ["real"]


def test_types_are_decoded_as_owned_values():
    assert render(parse_type("&[&'a str]")) == "Vec<String>"
    assert render(parse_type("&mut Vec<i32>")) == "Vec<i32>"
    assert render(parse_type("impl IntoIterator<Item = (char, u8)>")) == "Vec<(char, u8)>"
    assert render(parse_type("Option<&TreeNode>")) == "Option<TreeNode>"
    assert render(parse_type("HashMap<&str, Vec<[u8; 4]>>")) == "HashMap<String, Vec<[u8; 4]>>"
    assert render(parse_type("Cow<'a, str>")) == "Cow<'static, str>"
    assert render(parse_type("&Self"), self_type="Point") == "Point"


def test_prompt_literals_use_rust_syntax(tmp_path):
    prob = problem(tmp_path, "pub fn f(xs: &[i64], name: String, c: char, m: HashMap<String, u8>, "
                             "o: Option<f64>, root: Option<Box<TreeNode>>, t: (i32, &str)) -> u8",
                   [{"args": [[1, -2], "a\"b\n", "é", {"k": 1}, 2, [1, None, 3], [5, "x"]],
                     "expected": 0}])
    call = RUST.format_call(prob, prob.cases[0].args)
    assert call == ('f(&[1, -2], "a\\"b\\n".to_string(), \'é\', HashMap::from([("k".to_string(), '
                    '1)]), Some(2.0), tree![1, None, 3], (5, "x"))')
    assert RUST.format_value([[1, "a"], None, {"k": True}]) == '[[1, "a"], None, {"k": true}]'
    assert rust_literal([[3], []], "Vec<Option<Box<ListNode>>>") == "vec![list![3], list![]]"
    assert rust_literal(None, "Option<u8>") == "None" and rust_literal(7, "Option<u8>") == "Some(7)"


def test_answer_instructions(tmp_path):
    text = RUST.answer_instructions(problem(tmp_path, "pub fn depth(root: Option<Box<TreeNode>>) "
                                                     "-> usize", [{"args": [[]], "expected": 0}]))
    assert "`rust`" in text and "`depth`" in text and "fn main" in text
    assert "TreeNode` is predefined" in text and "Option<Box<TreeNode>>" in text
    cls = problem(tmp_path, "pub struct C {}\nimpl C {\n    pub fn new() -> Self\n}",
                  [{"init": [], "calls": [{"method": "new", "args": []}]}])
    assert "the type `C` and its `impl`" in RUST.answer_instructions(cls)


def test_defines_and_looks_like_code():
    code = "use std::collections::HashMap;\n\npub fn two_sum(nums: &[i32]) -> i32 { 0 }\n"
    assert RUST.defines(code, "two_sum") and not RUST.defines(code, "three_sum")
    assert RUST.defines("struct LruCache;", "LruCache")
    assert not RUST.defines('let s = "fn two_sum(";', "two_sum")
    assert RUST.looks_like_code(code)
    assert not RUST.looks_like_code("Here is my answer: it uses a hash map.")


def test_missing_toolchain_is_reported_with_the_install_hint(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent-agentbench-path")
    chain = RUST.toolchain()
    assert not chain.available and "rustc" in chain.reason
    assert "apt-get install rustc" in chain.install_hint


# ---------------------------------------------------------------- running


@needs_rustc
def test_correct_solution_passes_every_case(add):
    ex = run(add, "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n")
    assert statuses(ex) == ["passed"] * 3 and ex.failure is None


@needs_rustc
def test_wrong_answer_with_expected_and_actual(add):
    ex = run(add, "pub fn add(a: i32, b: i32) -> i32 { a - b }")
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]
    assert ex.failure.value == "wrong_answer"
    assert (ex.outcomes[0].expected, ex.outcomes[0].actual) == ("3", "-1")


@needs_rustc
def test_compile_error_names_the_compiler_message(add):
    ex = run(add, "pub fn add(a: i32, b: i32) -> i32 {\n    a + \"one\"\n}\n")
    assert ex.failure.value == "compile_error" and ex.outcomes == ()
    assert "error[E0277]" in ex.message and "solution.rs:2" in ex.message


@needs_rustc
def test_signature_mismatch_is_a_compile_error_at_the_call(add):
    ex = run(add, "pub fn add(a: i64, b: i32) -> i32 { a as i32 + b }")
    assert ex.failure.value == "compile_error" and "mismatched types" in ex.message


@needs_rustc
def test_panics_and_overflow_are_runtime_errors_per_case(add):
    code = ("pub fn add(a: i32, b: i32) -> i32 {\n    if a < 0 {\n"
            "        panic!(\"negative {a}\");\n    }\n    a + b\n}\n")
    ex = run(add, code)
    assert statuses(ex) == ["passed", "error", "passed"]
    assert ex.failure.value == "runtime_error"
    assert "panic: negative -1" in ex.outcomes[1].message
    assert "solution.rs:3" in ex.outcomes[1].message
    over = run(add, "pub fn add(a: i32, b: i32) -> i32 {\n"
                    "    if a < 0 { i32::MAX + b } else { a + b }\n}\n")
    assert "attempt to add with overflow" in over.outcomes[1].message


@needs_rustc
def test_infinite_loop_times_out_keeping_finished_cases(add):
    code = ("pub fn add(a: i32, b: i32) -> i32 {\n    while a < 0 {\n"
            "        std::hint::spin_loop();\n    }\n    a + b\n}\n")
    ex = run(add, code, ExecSettings(solution_limits(2)))
    assert statuses(ex) == ["passed", "timeout", "not_run"]
    assert ex.failure.value == "timeout"


@needs_rustc
def test_process_exit_and_own_main_are_contained(add):
    ex = run(add, "pub fn add(a: i32, b: i32) -> i32 { if a < 0 { std::process::exit(7) } a + b }")
    assert ex.failure.value == "runtime_error" and "status 7" in ex.outcomes[1].message
    ok = run(add, "pub fn add(a: i32, b: i32) -> i32 { a + b }\n\n"
                  "fn main() {\n    println!(\"{}\", add(1, 2));\n}\n")
    assert ok.failure is None


@needs_rustc
def test_result_errors_borrowed_arguments_and_leetcode_style(tmp_path):
    prob = problem(tmp_path, "pub fn parse_all(words: &[&str]) -> Result<Vec<i64>, String>", [
        {"args": [["1", "-2"]], "expected": [1, -2]},
        {"args": [[]], "expected": []},
        {"args": [["x"]], "raises": "Err"}])
    code = ("pub fn parse_all(words: &[&str]) -> Result<Vec<i64>, String> {\n"
            "    words.iter().map(|w| w.parse().map_err(|e| format!(\"{w}: {e}\"))).collect()\n}\n")
    assert run(prob, code).failure is None
    ex = run(prob, code.replace("Err", "Ok").replace("map_err", "or_else")
             .replace("|e| format!(\"{w}: {e}\")", "|_| Ok::<i64, String>(0)"))
    assert ex.outcomes[2].status == "wrong_answer"
    leet = problem(tmp_path, "pub fn rotate(nums: &mut Vec<i32>, k: usize)",
                   [{"args": [[1, 2, 3, 4, 5], 2], "expected": [4, 5, 1, 2, 3]}])
    code = ("impl Solution {\n    pub fn rotate(nums: &mut Vec<i32>, k: usize) {\n"
            "        let n = nums.len();\n        nums.rotate_right(k % n);\n    }\n}\n")
    assert run(leet, code).failure is None


@needs_rustc
def test_class_calls_one_result_per_call(tmp_path):
    prob = problem(tmp_path, "pub struct Stack { items: Vec<i32> }\nimpl Stack {\n"
                             "    pub fn new() -> Self\n    pub fn push(&mut self, x: i32)\n"
                             "    pub fn pop(&mut self) -> Result<i32, String>\n"
                             "    pub fn into_vec(self) -> Vec<i32>\n}", [
        {"init": [], "calls": [
            {"method": "push", "args": [1]}, {"method": "push", "args": [2]},
            {"method": "pop", "args": [], "expected": 2},
            {"method": "into_vec", "args": [], "expected": [1]},
            {"method": "pop", "args": [], "raises": "UseAfterMove"}]},
        {"init": [], "calls": [{"method": "pop", "args": [], "raises": "Err"},
                               {"method": "peek", "args": [], "raises": "NoMethod"}]}])
    code = ("pub struct Stack {\n    items: Vec<i32>,\n}\n\nimpl Stack {\n"
            "    pub fn new() -> Self {\n        Self { items: Vec::new() }\n    }\n"
            "    pub fn push(&mut self, x: i32) {\n        self.items.push(x);\n    }\n"
            "    pub fn pop(&mut self) -> Result<i32, String> {\n"
            "        self.items.pop().ok_or_else(|| \"empty\".to_string())\n    }\n"
            "    pub fn into_vec(self) -> Vec<i32> {\n        self.items\n    }\n}\n")
    assert statuses(run(prob, code)) == ["passed", "passed"]
    ex = run(prob, code.replace("self.items.pop()", "self.items.first().copied()"))
    assert statuses(ex) == ["wrong_answer", "passed"]
    assert (ex.outcomes[0].expected, ex.outcomes[0].actual) == ("2", "1")


@needs_rustc
def test_trees_and_linked_lists(tmp_path):
    tree = problem(tmp_path, "pub fn invert(root: Option<Box<TreeNode>>) -> Option<Box<TreeNode>>",
                   [{"args": [[4, 2, 7, 1, 3, None, 9]], "expected": [4, 7, 2, 9, None, 3, 1]},
                    {"args": [[]], "expected": []}])
    code = ("pub fn invert(root: Option<Box<TreeNode>>) -> Option<Box<TreeNode>> {\n"
            "    root.map(|mut node| {\n        let left = node.left.take();\n"
            "        node.left = invert(node.right.take());\n"
            "        node.right = invert(left);\n        node\n    })\n}\n")
    assert run(tree, code).failure is None
    rc = problem(tmp_path, "pub fn depth(root: Option<Rc<RefCell<TreeNode>>>) -> i32",
                 [{"args": [[3, 9, 20, None, None, 15, 7]], "expected": 3}])
    code = ("use std::{cell::RefCell, rc::Rc};\n"
            "pub fn depth(root: Option<Rc<RefCell<TreeNode>>>) -> i32 {\n"
            "    root.map_or(0, |n| {\n        let n = n.borrow();\n"
            "        1 + depth(n.left.clone()).max(depth(n.right.clone()))\n    })\n}\n")
    assert run(rc, code).failure is None
    lists = problem(tmp_path, "pub fn reverse(head: Option<Box<ListNode>>) -> "
                              "Option<Box<ListNode>>",
                    [{"args": [[1, 2, 3]], "expected": [3, 2, 1]}, {"args": [[]], "expected": []}])
    code = ("pub fn reverse(mut head: Option<Box<ListNode>>) -> Option<Box<ListNode>> {\n"
            "    let mut done = None;\n    while let Some(mut node) = head {\n"
            "        head = node.next.take();\n        node.next = done;\n"
            "        done = Some(node);\n    }\n    done\n}\n")
    assert run(lists, code).failure is None


@needs_rustc
def test_native_tests_one_outcome_each(tmp_path):
    native = ("#[test]\nfn adds_small_numbers() {\n    assert_eq!(add(2, 2), 4);\n}\n\n"
              "#[test]\nfn claims_five() {\n    assert_eq!(add(2, 2), 5, \"two and two\");\n}\n")
    prob = problem(tmp_path, ADD_SIG, ADD_CASES, native)
    ex = run(prob, "pub fn add(a: i32, b: i32) -> i32 { a + b }\n")
    assert [(o.name, o.status) for o in ex.outcomes[3:]] == [
        ("adds_small_numbers", "passed"), ("claims_five", "wrong_answer")]
    message = ex.outcomes[4].message  # the panic message first, then where
    assert "two and two" in message and re.search(r"left: `?4", message)
    assert re.search(r"^at agentbench_tests\.rs:\d+", message, re.M)
    assert ex.failure.value == "wrong_answer"


@needs_rustc
def test_native_tests_survive_a_crashing_test(tmp_path):
    native = ("#[test]\nfn a_fine() {\n    assert_eq!(add(1, 1), 2);\n}\n\n"
              "#[test]\nfn b_deep() {\n    assert_eq!(add(-1, 1), 0);\n}\n\n"
              "#[test]\nfn c_after() {\n    assert_eq!(add(0, 1), 1);\n}\n")
    prob = problem(tmp_path, ADD_SIG, native=native)
    code = "pub fn add(a: i32, b: i32) -> i32 { if a < 0 { add(a - 1, b) + 1 } else { a + b } }"
    ex = run(prob, code)
    assert statuses(ex) == ["passed", "error", "passed"]
    assert "overflowed its stack" in ex.outcomes[1].message


@needs_rustc
def test_benchmark_times_each_size_in_process(tmp_path):
    prob = problem(tmp_path, "pub fn total(xs: &[i64]) -> i64", [{"args": [[1, 2]], "expected": 3}],
                   timing={"sizes": [{"n": 10, "args": [{"$gen": "range", "stop": 10}]},
                                     {"n": 2000, "args": [{"$gen": "range", "stop": 2000}]}],
                           "repeat": 3})
    fast = "pub fn total(xs: &[i64]) -> i64 {\n    xs.iter().sum()\n}\n"
    slow = ("pub fn total(xs: &[i64]) -> i64 {\n"
            "    (0..xs.len()).map(|i| xs[..=i].iter().sum::<i64>() - xs[..i].iter().sum::<i64>())"
            ".sum()\n}\n")
    result = RUST.benchmark(prob, slow, fast, FAST)
    assert result.error == "" and [s.label for s in result.sizes] == ["n=10", "n=2000"]
    small, large = result.sizes
    assert len(large.solution) == len(large.reference) == 6  # 3 calls in each of 2 processes
    assert min(large.solution) > 10 * max(large.reference)  # quadratic against linear
    assert max(small.solution) < min(large.solution)  # each size timed on its own input
    failing = RUST.benchmark(prob, fast.replace("xs.iter().sum()", "panic!(\"no\")"), fast, FAST)
    assert "panic" in failing.error


# ---------------------------------------------------------------- the suite


def test_rust_mini_suite_shape():
    suite = load_suite(SUITE, REG)
    assert suite.language == "rust" and len(suite.problems) == 12
    counts = {d: [p.difficulty for p in suite.problems].count(d) for d in ("easy", "medium",
                                                                           "hard")}
    assert counts == {"easy": 4, "medium": 5, "hard": 3}
    ids = [p.id for p in suite.problems]
    assert ids == [f"rust_easy_0{i}" for i in range(1, 5)] + \
        [f"rust_medium_0{i}" for i in range(1, 6)] + [f"rust_hard_0{i}" for i in range(1, 4)]
    raw = {t["id"]: t for t in json.loads(SUITE.read_text(encoding="utf-8"))["tests"]}
    for p in suite.problems:
        native = (p.native_tests or "").count("#[test]")
        assert len(p.executable_cases) + native >= 5, p.id
        assert p.reference_solution and RUST.defines(p.reference_solution, p.entry_point), p.id
        assert p.category and p.category == p.category.lower() and " " not in p.category
        for key in ("constraints", "hints", "solution_approach", "time_complexity",
                    "space_complexity"):
            assert raw[p.id].get(key), (p.id, key)
