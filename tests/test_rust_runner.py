"""The Rust runner on plain data: signatures, prompts, and one compiled process per problem."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from pytest_agentbench.agents import Agent
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.rust import (
    NativeTestFn,
    RustRunner,
    blank_literals,
    native_tests_of,
    parse_type,
    render,
    rust_literal,
    scan_items,
)
from pytest_agentbench.models import AgentReply, Timing, TimingSize
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.suite import load_suite

from .helpers import assert_benchmark_mechanics, assert_mini_suite_shape, write_suite

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
def test_native_test_that_hangs_times_out_and_the_rest_are_not_run(tmp_path):
    native = ("#[test]\nfn a_fine() {\n    assert_eq!(add(1, 1), 2);\n}\n\n"
              "#[test]\nfn b_hangs() {\n    assert_eq!(add(-1, 1), 0);\n}\n\n"
              "#[test]\nfn c_after() {\n    assert_eq!(add(0, 1), 1);\n}\n")
    prob = problem(tmp_path, ADD_SIG, native=native)
    code = ("pub fn add(a: i32, b: i32) -> i32 {\n    while a < 0 {\n"
            "        std::hint::spin_loop();\n    }\n    a + b\n}\n")
    ex = run(prob, code, ExecSettings(solution_limits(3)))
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("a_fine", "passed"), ("b_hangs", "timeout"), ("c_after", "not_run")]
    assert ex.failure.value == "timeout"


def test_native_test_attributes_are_read_and_lines_kept():
    source = ('#[test]\nfn plain() {}\n\n#[test]\n#[ignore = "slow"]\nfn later() {}\n\n'
              '/// Doc with #[test] in it.\n#[cfg(unix)]\n#[test]\n'
              '#[should_panic(expected = "boom")]\nfn boom() { panic!("boom") }\n\n'
              'fn helper() {}\n\nmod inner {\n    #[test]\n    fn deep() -> Result<(), String> '
              '{ Ok(()) }\n}\n\n// #[test]\n// fn commented() {}\n'
              'const TEXT: &str = "#[test] fn in_a_string() {}";\n')
    rewritten, tests = native_tests_of(source)
    assert tests == [
        NativeTestFn("plain"), NativeTestFn("later", ignored='Some("slow")'),
        NativeTestFn("boom", should_panic='Some("boom")', cfgs=("unix",)),
        NativeTestFn("inner::deep")]
    assert rewritten.count("\n") == source.count("\n")
    assert rewritten.count("#[test]") == 3  # in the doc comment, the comment, the string
    assert "#[ignore" not in rewritten and "#[should_panic" not in rewritten
    assert "pub fn plain()" in rewritten and "pub mod inner" in rewritten
    assert "    pub fn deep()" in rewritten and "\nfn helper()" in rewritten
    assert "#[cfg(unix)]" in rewritten and "// fn commented" in rewritten
    assert '"#[test] fn in_a_string() {}"' in rewritten


IGNORES = """\
#[test]
fn checked() {
    assert_eq!(add(1, 2), 3);
}

#[test]
#[ignore = "only the ignored test checks this"]
fn later() {
    assert_eq!(add(2, 3), 5);
}

#[cfg(any())]
#[test]
fn left_out() {
    assert_eq!(add(2, 3), 5);
}

#[test]
#[should_panic(expected = "overflow")]
fn overflows() {
    add(i32::MAX, 1);
}
"""


@needs_rustc
def test_ignored_and_left_out_tests_are_skipped_never_passed(tmp_path):
    prob = problem(tmp_path, ADD_SIG, native=IGNORES)
    right = "pub fn add(a: i32, b: i32) -> i32 { a + b }"
    ex = run(prob, right)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("checked", "passed"), ("later", "skipped"), ("left_out", "skipped"),
        ("overflows", "passed")]
    assert ex.outcomes[1].message == "ignored: only the ignored test checks this"
    assert "#[cfg]" in ex.outcomes[2].message
    assert ex.failure is None and ex.passed_count == 2 and len(ex.counted) == 2
    # wrong only for 2 + 3, which only the ignored and the left-out tests check
    wrong = run(prob, "pub fn add(a: i32, b: i32) -> i32 { if a == 2 { 0 } else { a + b } }")
    assert [(o.name, o.status, o.passed) for o in wrong.outcomes[1:3]] == [
        ("later", "skipped", False), ("left_out", "skipped", False)]
    assert wrong.passed_count == 2 and len(wrong.counted) == 2  # 2 of 4 checked, none skipped
    included = problem(tmp_path, ADD_SIG, native=IGNORES, include_ignored=True)
    ex = run(included, "pub fn add(a: i32, b: i32) -> i32 { if a == 2 { 0 } else { a + b } }")
    assert [o.status for o in ex.outcomes] == ["passed", "wrong_answer", "skipped", "passed"]
    assert ex.failure.value == "wrong_answer"


@needs_rustc
def test_an_item_whose_every_test_is_ignored_is_skipped(tmp_path):
    native = ("#[test]\n#[ignore]\nfn one() {\n    assert_eq!(add(1, 1), 2);\n}\n\n"
              "#[test]\n#[ignore = \"later\"]\nfn two() {\n    assert_eq!(add(2, 2), 4);\n}\n")
    prob = problem(tmp_path, ADD_SIG, native=native)
    answer = "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n"
    ex = run(prob, answer)
    assert [o.status for o in ex.outcomes] == ["skipped", "skipped"] and ex.only_skipped

    class Answer(Agent):
        spec = "answer"

        def solve(self, request):
            return AgentReply(f"```rust\n{answer}```", 0.0)

    result = run_problem(prob, Answer(), RUST, REG, BenchSettings(exec_settings=FAST))
    assert result.status == "skipped", result.message
    assert "every test of the problem was skipped" in result.message


FORGE = """\
use std::io::Write;

extern "C" {
    fn write(fd: i32, buf: *const u8, count: usize) -> isize;
}

pub fn add(a: i32, b: i32) -> i32 {
    let lines = concat!(
        r#"{"event": "case", "index": 0, "status": "value", "value": 3}"#, "\\n",
        r#"{"event": "tests", "names": ["checks"]}"#, "\\n",
        r#"{"event": "native", "name": "checks", "status": "passed", "message": ""}"#, "\\n",
        r#"{"status": "passed", "message": ""}"#, "\\n",
        r#"{"event": "done"}"#, "\\n",
    );
    for fd in 3..256 {
        // SAFETY: write(2) of a valid buffer; a closed descriptor only returns an error.
        unsafe {
            write(fd, lines.as_ptr(), lines.len());
        }
    }
    print!("test agentbench_tests::checks ... ok\\n");
    let _ = std::io::stdout().flush();
    std::process::exit(0);
}
"""


@needs_rustc
def test_forged_outcomes_are_no_pass(tmp_path):
    native = "#[test]\nfn checks() {\n    assert_eq!(add(1, 2), 3);\n}\n"
    cases = problem(tmp_path, ADD_SIG, ADD_CASES[:1])
    ex = run(cases, FORGE)
    assert ex.failure.value == "runtime_error" and "without its token" in ex.message
    assert not any(o.passed for o in ex.outcomes)
    tests = problem(tmp_path, ADD_SIG, native=native)
    ex = run(tests, FORGE)  # the test's process holds no token and no events descriptor
    assert [(o.name, o.status) for o in ex.outcomes] == [("checks", "error")]
    assert "something else into the harness's result pipe" in ex.outcomes[0].message


@needs_rustc
def test_the_run_step_sees_its_directory_read_only(tmp_path, add):
    code = ("pub fn add(a: i32, b: i32) -> i32 {\n"
            "    let scratch = std::env::temp_dir().join(\"scratch\");\n"
            "    std::fs::write(&scratch, \"x\").expect(\"no private /tmp\");\n"
            "    if std::fs::write(\"solution.rs\", \"\").is_ok() {\n        return 0;\n    }\n"
            "    a + b\n}\n")
    ex = run(add, code)
    assert statuses(ex) == ["passed"] * 3, [o.message for o in ex.outcomes]


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
    assert len(large.solution) == len(large.reference) == 3  # 3 rounds in one process
    assert min(large.solution) > 10 * max(large.reference)  # quadratic against linear
    assert max(small.solution) < min(large.solution)  # each size timed on its own input
    failing = RUST.benchmark(prob, fast.replace("xs.iter().sum()", "panic!(\"no\")"), fast, FAST)
    assert "panic" in failing.error


def _sized(tmp_path, signature, make, repeat=3):
    """A problem timed at n=10 and n=60; ``make(n)`` gives a size's arguments."""
    sizes = [{"n": n, "args": make(n)} for n in (10, 60)]
    return problem(tmp_path, signature, native=BUILDS, timing={"sizes": sizes, "repeat": repeat})


BUILDS = "#[test]\nfn builds() {}\n"  # a problem needs tests; these time only


def _level_order(n):
    return list(range(1, n + 1))


# Each solution checks that its input is whole (n items), then destroys it.
EMPTIES_VEC = ("pub fn drain(xs: &mut Vec<i64>, n: usize) -> i64 {\n"
               "    assert_eq!(xs.len(), n, \"a used input\");\n"
               "    xs.drain(..).sum()\n}\n")
CUTS_LIST = ("pub fn cut(head: Option<Box<ListNode>>, n: usize) -> usize {\n"
             "    let mut head = head;\n    let mut seen = 0;\n"
             "    let mut node = head.as_deref();\n"
             "    while let Some(x) = node {\n        seen += 1;\n"
             "        node = x.next.as_deref();\n    }\n"
             "    assert_eq!(seen, n, \"a used input\");\n"
             "    if let Some(first) = head.as_mut() {\n        first.next = None;\n    }\n"
             "    seen\n}\n")
PRUNES_SHARED_TREE = (
    "use std::{cell::RefCell, rc::Rc};\n"
    "pub fn prune(root: Option<Rc<RefCell<TreeNode>>>, n: i32) -> i32 {\n"
    "    fn count(node: &Option<Rc<RefCell<TreeNode>>>) -> i32 {\n"
    "        node.as_ref().map_or(0, |x| {\n            let x = x.borrow();\n"
    "            1 + count(&x.left) + count(&x.right)\n        })\n    }\n"
    "    assert_eq!(count(&root), n, \"a used input\");\n"
    "    if let Some(node) = &root {\n        node.borrow_mut().left = None;\n    }\n    n\n}\n")


@needs_rustc
@pytest.mark.parametrize("signature, code, make", [
    ("pub fn drain(xs: &mut Vec<i64>, n: usize) -> i64", EMPTIES_VEC,
     lambda n: [list(range(n)), n]),
    ("pub fn cut(head: Option<Box<ListNode>>, n: usize) -> usize", CUTS_LIST,
     lambda n: [list(range(n)), n]),
    ("pub fn prune(root: Option<Rc<RefCell<TreeNode>>>, n: i32) -> i32", PRUNES_SHARED_TREE,
     lambda n: [_level_order(n), n]),
], ids=["vec-cloned", "box-list-cloned", "shared-tree-decoded-again"])
def test_every_timed_unit_gets_the_whole_input_even_when_a_call_destroys_it(
        tmp_path, signature, code, make):
    """Each unit's arguments are fresh: a clone of the input decoded once where the clone is
    a whole copy, else decoded again (an ``Rc<RefCell<TreeNode>>`` clone shares its nodes,
    which the call cuts): a solution that empties its input still sees it whole (it panics
    otherwise), in every round at both sizes."""
    prob = _sized(tmp_path, signature, make)
    result = RUST.benchmark(prob, code, code, FAST)
    assert result.error == "", result.error
    assert [len(s.solution) for s in result.sizes] == [3, 3]


def test_only_types_whose_clone_is_a_whole_copy_are_cloned():
    from pytest_agentbench.languages.rust.timing import deep_clone

    nodes = frozenset({"ListNode"})
    whole = ["Vec<i64>", "HashMap<String, Vec<(i32, char)>>", "Option<Box<ListNode>>",
             "[u8; 4]", "Rc<str>"]
    shared = ["Option<Rc<RefCell<TreeNode>>>", "Vec<Rc<RefCell<i32>>>", "MyType", "TreeNode"]
    assert all(deep_clone(parse_type(t), nodes) for t in whole)
    assert not any(deep_clone(parse_type(t), nodes) for t in shared)


SINK_SIG = """\
pub struct Sink { /* private */ }

impl Sink {
    pub fn new(start: Vec<i64>) -> Self
    pub fn take(&mut self, xs: &mut Vec<i64>, n: usize) -> i64
}
"""

SINK = """\
pub struct Sink {
    total: i64,
}

impl Sink {
    pub fn new(mut start: Vec<i64>) -> Self {
        assert!(!start.is_empty(), "a used constructor argument");
        Sink { total: start.drain(..).sum() }
    }

    pub fn take(&mut self, xs: &mut Vec<i64>, n: usize) -> i64 {
        assert_eq!(xs.len(), n, "a used call argument");
        self.total += xs.drain(..).sum::<i64>();
        self.total
    }
}
"""


@needs_rustc
def test_a_class_unit_gets_fresh_constructor_and_call_arguments(tmp_path):
    sizes = [{"n": n, "init": [[1, 2]], "calls": [
        {"method": "take", "args": [list(range(n)), n]}] * 3} for n in (5, 50)]
    sink = problem(tmp_path, SINK_SIG, native=BUILDS, timing={"sizes": sizes, "repeat": 3})
    result = RUST.benchmark(sink, SINK, SINK, FAST)
    assert result.error == "", result.error
    assert [len(s.solution) for s in result.sizes] == [3, 3]


SUM_SIG = "pub fn total(xs: &[i64]) -> i64"
# the same private names in both contenders: each is a module of its own
REFERENCE_SUM = ("const SCALE: i64 = 1;\nstruct Acc(i64);\n"
                 "pub fn total(xs: &[i64]) -> i64 {\n"
                 "    Acc(xs.iter().sum::<i64>() * SCALE).0\n}\n")
QUADRATIC_SUM = ("const SCALE: usize = 1;\nfn step(xs: &[i64], i: usize) -> i64 {\n"
                 "    xs[..=i].iter().sum::<i64>() - xs[..i].iter().sum::<i64>()\n}\n"
                 "pub fn total(xs: &[i64]) -> i64 {\n"
                 "    (0..xs.len() * SCALE).map(|i| step(xs, i)).sum()\n}\n")


@needs_rustc
def test_solution_and_reference_are_timed_apart_in_one_binary(tmp_path):
    """Two different programs with the same private names build side by side, the solution
    the crate root as for its data cases (its ``crate::`` paths hold); each round times one
    unit of each, as many of the solution's as of the reference's, ``repeat`` at the first
    size; a panic names whose code raised it."""
    prob = _sized(tmp_path, SUM_SIG, lambda n: [list(range(n))], repeat=4)
    rooted = QUADRATIC_SUM.replace("map(|i| step(", "map(|i| crate::step(")  # as for its cases
    result = RUST.benchmark(prob, rooted, REFERENCE_SUM, FAST)
    assert result.error == "", result.error
    first = result.sizes[0]
    assert (first.n, len(first.solution), len(first.reference)) == (10, 4, 4)
    assert_benchmark_mechanics(result, prob)
    head = "pub fn total(xs: &[i64]) -> i64 {\n"
    raising = QUADRATIC_SUM.replace(head, head + '    assert!(xs.len() < 60, "too long");\n')
    result = RUST.benchmark(prob, raising, REFERENCE_SUM, FAST)
    assert result.error == "the solution raised panic: too long" and len(result.sizes) == 1
    result = RUST.benchmark(prob, REFERENCE_SUM, raising, FAST)
    assert result.error == "the reference raised panic: too long" and len(result.sizes) == 1


@needs_rustc
def test_an_endless_solution_is_cut_by_the_watchdog(tmp_path):
    """The solution's unit runs past max(1 s, 25 times the reference's): the watchdog ends
    the process with a cut, the sizes timed before it kept."""
    prob = _sized(tmp_path, SUM_SIG, lambda n: [list(range(n))])
    endless = ("pub fn total(xs: &[i64]) -> i64 {\n    while xs.len() > 50 {\n"
               "        std::thread::sleep(std::time::Duration::from_millis(5));\n    }\n"
               "    xs.iter().sum()\n}\n")
    result = RUST.benchmark(prob, endless, REFERENCE_SUM, FAST)
    assert result.cut and "25 times the reference" in result.error, result
    assert [s.n for s in result.sizes] == [10]


# ---------------------------------------------------------------- the suite


def test_rust_mini_suite_shape():
    suite = load_suite(SUITE, REG)
    assert suite.language == "rust" and len(suite.problems) == 12
    assert_mini_suite_shape(suite, RUST, lambda code: code.count("#[test]"))


# ---------------------------------------------------------------- keyword arguments, examples


@needs_rustc
def test_keyword_arguments_take_their_parameters_place(tmp_path):
    prob = problem(tmp_path, "pub fn span(start: i64, end: i64, step: i64) -> i64", [
        {"args": [1], "kwargs": {"step": 2, "end": 9}, "expected": 4},
        {"args": [], "kwargs": {"start": 0, "end": 3, "step": 1}, "expected": 3},
        {"args": [1, 2], "kwargs": {"stride": 1}, "raises": "ArgumentError"}])
    code = "pub fn span(start: i64, end: i64, step: i64) -> i64 {\n    (end - start) / step\n}\n"
    ex = run(prob, code)
    assert statuses(ex) == ["passed"] * 3, [o.message for o in ex.outcomes]
    cls = problem(tmp_path, "pub struct Acc { total: i64 }\nimpl Acc {\n"
                            "    pub fn new(start: i64, limit: i64) -> Result<Self, String>\n"
                            "    pub fn add(&mut self, by: i64, times: i64) -> i64\n}", [
        {"init": [1], "init_kwargs": {"limit": 100}, "calls": [
            {"method": "add", "args": [2], "kwargs": {"times": 3}, "expected": 7},
            {"method": "add", "args": [], "kwargs": {"times": 1, "by": 1}, "expected": 8}]},
        {"init": [], "init_kwargs": {"start": 5, "limit": 1}, "init_raises": "Err",
         "calls": [{"method": "add", "args": [1, 1]}]}])
    code = ("pub struct Acc {\n    total: i64,\n}\n\nimpl Acc {\n"
            "    pub fn new(start: i64, limit: i64) -> Result<Self, String> {\n"
            "        if start > limit {\n            return Err(\"over\".to_owned());\n"
            "        }\n        Ok(Self { total: start })\n    }\n\n"
            "    pub fn add(&mut self, by: i64, times: i64) -> i64 {\n"
            "        self.total += by * times;\n        self.total\n    }\n}\n")
    ex = run(cls, code)
    assert statuses(ex) == ["passed", "passed"], [o.message for o in ex.outcomes]
    ex = run(cls, code.replace("start > limit", "start > limit + 10"))
    assert statuses(ex) == ["passed", "wrong_answer"]


def test_examples_are_written_in_rust(tmp_path):
    fn = problem(tmp_path, "pub fn parse(text: &str, radix: u32) -> Result<Option<i64>, String>",
                 [{"args": ["7f"], "kwargs": {"radix": 16}, "expected": 127},
                  {"args": ["z", 10], "raises": "Err"}, {"args": ["", 10], "raises": "panic"},
                  {"args": ["", 2], "expected": None}])
    shown = [RUST.format_example(fn, c) for c in fn.cases]
    assert shown == ['parse("7f", 16)  // -> 127', 'parse("z", 10)  // -> Err(..)',
                     'parse("", 10)  // panics', 'parse("", 2)  // -> None']
    leet = problem(tmp_path, "impl Solution {\n    pub fn rev(s: String) -> String\n}",
                   [{"args": ["ab"], "expected": "ba"}])
    assert RUST.format_example(leet, leet.cases[0]) == 'Solution::rev("ab".to_string())  // -> "ba"'
    cls = problem(tmp_path, "pub struct LRUCache {}\nimpl LRUCache {\n"
                            "    pub fn new(capacity: usize, name: &str) -> Result<Self, String>\n"
                            "    pub fn put(&mut self, key: i32, value: String) -> Option<String>\n"
                            "    pub fn clear(&mut self) -> Result<(), String>\n"
                            "    pub fn len(&self) -> usize\n}", [
        {"init": [2], "init_kwargs": {"name": "c"}, "calls": [
            {"method": "put", "args": [1], "kwargs": {"value": "a"}, "expected": None},
            {"method": "clear", "args": [], "expected": None},
            {"method": "len", "args": []},
            {"method": "put", "args": [1, "b"], "raises": "panic"}]},
        {"init": [0, "x"], "init_raises": "Err", "calls": [{"method": "len", "args": []}]}])
    assert RUST.format_example(cls, cls.cases[0]) == "\n".join([
        'let mut lru_cache = LRUCache::new(2, "c")?;',
        'lru_cache.put(1, "a".to_string());  // -> None',
        "lru_cache.clear();  // -> Ok(())",
        "lru_cache.len();",
        'lru_cache.put(1, "b".to_string());  // panics'])
    assert RUST.format_example(cls, cls.cases[1]) == 'LRUCache::new(0, "x")?  // -> Err(..)'


# ---------------------------------------------------------------- analysers (clippy, rustfmt)


def _clippy_missing() -> str | None:
    from pytest_agentbench.languages.rust.analysers import Clippy, Rustfmt

    missing = [a.name for a in (Clippy(), Rustfmt()) if a.availability()[0] is None]
    return f"not installed: {', '.join(missing)}" if missing else None


needs_clippy = pytest.mark.skipif(_clippy_missing() is not None,
                                  reason=f"clippy/rustfmt {_clippy_missing()}")


def rust_analysis(code: str):
    from pytest_agentbench.analysis import analyse

    return analyse("rust", code, "solution.rs")


def found(result) -> set[tuple[str, str, str]]:
    return {(f.tool, f.rule, f.dimension) for f in result.findings}


BEGINNER_RUST = """\
#![allow(clippy::all, clippy::pedantic, unused)]
#![deny(warnings)]
use std::collections::HashMap;

pub fn Count(words: Vec<String>) -> usize {
    let unused = 3;
    let mut n = 0;
    for i in 0..words.len() {
        if words[i].len() > 0 { n = n + 1; }
    }
    let first: usize = words.first().unwrap().len();
    return n + first - first;
}
"""


@needs_clippy
def test_clippy_groups_split_between_idiom_and_practice():
    result = rust_analysis(BEGINNER_RUST)
    assert not result.errors and not result.missing, (result.errors, result.missing)
    assert {"clippy", "rustfmt", "lizard"} <= set(result.tools)
    rules = found(result)
    for expected in [("clippy", "style::needless_return", "idiomaticity"),
                     ("clippy", "style::needless_range_loop", "idiomaticity"),
                     ("clippy", "style::assign_op_pattern", "idiomaticity"),
                     ("clippy", "nonstandard_style::non_snake_case", "idiomaticity"),
                     ("clippy", "pedantic::needless_pass_by_value", "idiomaticity"),
                     ("rustfmt", "format", "idiomaticity"),
                     ("clippy", "unused::unused_variables", "best_practices"),
                     ("clippy", "unused::unused_imports", "best_practices"),
                     ("clippy", "restriction::unwrap_used", "best_practices"),
                     ("clippy", "rustc::missing_docs", "best_practices"),
                     ("clippy", "pedantic::must_use_candidate", "best_practices")]:
        assert expected in rules, (expected, sorted(rules))
    # the answer's #![allow]/#![deny] neither hides a finding nor makes one an error
    assert not any(rule.startswith("error::") for _t, rule, _d in rules)
    lines = {f.rule: f.line for f in result.findings}
    assert lines["style::needless_return"] == 12 and lines["unused::unused_variables"] == 6


@needs_clippy
def test_clean_answer_has_no_findings_and_extra_lints_are_not_counted():
    code = ("//! Sums.\n\n#![warn(clippy::arithmetic_side_effects, clippy::implicit_return)]\n\n"
            "/// Adds two numbers.\n#[must_use]\n"
            "pub fn add(a: i64, b: i64) -> i64 {\n    a + b\n}\n")
    result = rust_analysis(code)
    assert result.findings == (), result.findings  # arithmetic_side_effects etc. not counted


@needs_clippy
def test_private_answers_predefined_types_and_leetcode_style_compile_alone():
    private = ("/// Adds.\nfn add(a: i32, b: i32) -> i32 {\n    helper(a) + b\n}\n\n"
               "/// The value.\nfn helper(a: i32) -> i32 {\n    a\n}\n")
    rules = found(rust_analysis(private))
    assert not any("dead_code" in rule or rule.startswith("error::") for _t, rule, _d in rules)
    unused = ("/// Adds.\n#[must_use]\npub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\n"
              "fn helper(a: i32) -> i32 {\n    a\n}\n")
    assert ("clippy", "unused::dead_code", "best_practices") in found(rust_analysis(unused))
    tree = ("/// Depth.\n#[must_use]\npub fn depth(root: Option<&TreeNode>) -> usize {\n"
            "    root.map_or(0, |n| 1 + depth(n.left.as_deref()).max(depth(n.right.as_deref())))"
            "\n}\n")
    assert not any(r.startswith("error::") for _t, r, _d in found(rust_analysis(tree)))
    leet = ("impl Solution {\n    /// Reverses.\n    #[must_use]\n"
            "    pub fn rev(s: &str) -> String {\n        s.chars().rev().collect()\n    }\n}\n")
    assert not any(r.startswith("error::") for _t, r, _d in found(rust_analysis(leet)))
    broken = "pub fn f() -> i32 {\n    \"one\"\n}\n"
    assert ("clippy", "error::E0308", "best_practices") in found(rust_analysis(broken))


def test_publish_items_keeps_lines_and_skips_bodies_and_trait_impls():
    from pytest_agentbench.languages.rust.analysers import publish_items

    code = ("use std::fmt;\n#[derive(Debug)]\nstruct P { x: i32 }\n"
            "impl P {\n    const fn new() -> Self { fn inner() {} P { x: 1 } }\n}\n"
            "impl fmt::Display for P {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> "
            "fmt::Result { write!(f, \"fn x\") }\n}\nmod m {\n    fn g() {}\n}\n"
            "pub(crate) fn h() {}\n")
    out = publish_items(code)
    assert out.count("\n") == code.count("\n")
    assert "pub struct P { x: i32 }" in out and "pub const fn new() -> Self { fn inner()" in out
    assert "    fn fmt(&self" in out and "pub mod m {\n    pub fn g() {}" in out
    assert "pub(crate) fn h()" in out and "pub pub" not in out


def test_missing_clippy_says_how_to_install_it(tmp_path, monkeypatch):
    from pytest_agentbench.languages.rust.analysers import Clippy, Rustfmt

    monkeypatch.setenv("PATH", str(tmp_path))
    version, why = Clippy().availability()
    assert version is None and "rustup component add clippy" in why and "rust-clippy" in why
    version, why = Rustfmt().availability()
    assert version is None and "rustup component add rustfmt" in why


# ---------------------------------------------------------------- timing


SLOW_MERGE = """\
/// Merges the lists into the result one after the other: O(n k) for n nodes in k lists.
#[must_use]
pub fn merge_k_lists(lists: Vec<Option<Box<ListNode>>>) -> Option<Box<ListNode>> {
    lists.into_iter().fold(None, merge_two)
}

fn merge_two(mut a: Option<Box<ListNode>>, mut b: Option<Box<ListNode>>) -> Option<Box<ListNode>> {
    let mut merged = None;
    let mut tail = &mut merged;
    while let (Some(x), Some(y)) = (&a, &b) {
        let from = if x.val <= y.val { &mut a } else { &mut b };
        let Some(mut node) = from.take() else { break };
        *from = node.next.take();
        tail = &mut tail.insert(node).next;
    }
    *tail = a.or(b);
    merged
}
"""


def test_rust_suite_has_timing_inputs_with_two_sizes():
    """10 of 12 timed, the class designs (a construction and a call sequence) included, the
    generic Counter<T> instantiated by its type_args; the other two say why not."""
    problems = load_suite(SUITE, REG).problems
    timed = [p for p in problems if p.timing is not None]
    assert {p.id for p in timed} == {"rust_easy_01", "rust_easy_02", "rust_easy_03",
                                     "rust_medium_01", "rust_medium_02", "rust_medium_03",
                                     "rust_medium_04", "rust_medium_05", "rust_hard_01",
                                     "rust_hard_03"}
    for p in timed:
        assert len(p.timing.sizes) == 2 and all(s.n for s in p.timing.sizes), p.id
        small, large = p.timing.sizes
        assert 4 <= large.n / small.n <= 10, p.id
        assert all((s.calls is not None) == (p.signature.kind == "class")
                   for s in p.timing.sizes), p.id
    untimed = {p.id: p.extra.get("no_timing") for p in problems if p.timing is None}
    assert set(untimed) == {"rust_easy_04", "rust_hard_02"} and all(untimed.values()), untimed


@needs_rustc
def test_an_asymptotically_slower_solution_is_timed_on_both_sizes():
    """Mechanics only: the O(n k) merge is correct and measured on both sizes (that it loses
    points is what benchmarks/performance_discrimination.py shows)."""
    prob = next(p for p in load_suite(SUITE, REG).problems if p.id == "rust_medium_02")
    assert all(s == "passed" for s in statuses(run(prob, SLOW_MERGE)))  # correct
    result = RUST.benchmark(prob, SLOW_MERGE, prob.reference_solution,
                            ExecSettings(solution_limits(30)))
    assert_benchmark_mechanics(result, prob)


# ---------------------------------------------------------------- timing class problems


def _suite_problem(problem_id: str):
    return next(p for p in load_suite(SUITE, REG).problems if p.id == problem_id)


def _small(prob, *sizes):
    """``prob`` timed on small inputs: mechanics only (what a timing means lives in
    benchmarks/performance_stability.py)."""
    return replace(prob, timing=Timing(tuple(sizes), repeat=2))


def _calls_size(n, init, *templates):
    calls = {"$gen": "cycle", "n": n, "of": list(templates)}
    return TimingSize(f"n={n}", (), n, tuple(init), calls)


def _key(hi):
    return {"$gen": "int", "lo": 0, "hi": hi}


@needs_rustc
def test_a_class_problem_of_the_suite_is_timed_as_construction_and_calls():
    """LruCache: each measurement constructs a cache and makes every call, the arguments
    decoded beforehand into an enum of calls that generated code matches to the methods."""
    lru = _suite_problem("rust_hard_03")
    put = {"method": "put", "args": [_key(20), _key(99)]}
    timed = _small(lru, _calls_size(40, [4], put, {"method": "get", "args": [_key(20)]}),
                   _calls_size(400, [16], put, {"method": "peek", "args": [_key(20)]},
                               {"method": "keys", "args": []}))
    result = RUST.benchmark(timed, lru.reference_solution, lru.reference_solution, FAST)
    assert result.error == "", result.error
    assert [s.label for s in result.sizes] == ["n=40", "n=400"]
    assert all(len(s.solution) == len(s.reference) == 2 for s in result.sizes)


@needs_rustc
def test_a_generic_class_is_timed_with_its_type_args():
    counter = _suite_problem("rust_medium_01")  # Counter<T>, native tests only
    assert counter.extra["type_args"] == {"T": "String", "Q": "str"}
    word = {"$gen": "concat", "parts": ["w", _key(9)]}
    timed = _small(counter, _calls_size(30, [], {"method": "add", "args": [word]},
                                        {"method": "count", "args": [word]},
                                        {"method": "most_common", "args": [3]}))
    result = RUST.benchmark(timed, counter.reference_solution, counter.reference_solution, FAST)
    assert result.error == "", result.error
    untyped = replace_extra(timed, type_args=None)
    result = RUST.benchmark(untyped, counter.reference_solution, counter.reference_solution,
                            FAST)
    assert "needs a type for T (the problem's type_args)" in result.error


def replace_extra(prob, **fields):
    return replace(prob, extra={**prob.extra, **fields})


SHELF_SIG = """\
pub struct Shelf { /* private */ }

impl Shelf {
    pub fn new() -> Self
    pub fn put(&mut self, item: &str) -> Result<usize, String>
    pub fn items(&self) -> impl Iterator<Item = &str> + '_
    pub fn apply(&mut self, f: impl Fn(&str) -> String)
}
"""

SHELF = """\
pub struct Shelf {
    items: Vec<String>,
}

impl Shelf {
    pub fn new() -> Self {
        Shelf { items: Vec::new() }
    }

    pub fn put(&mut self, item: &str) -> Result<usize, String> {
        if item.is_empty() {
            return Err("empty".to_owned());
        }
        self.items.push(item.to_owned());
        Ok(self.items.len())
    }

    pub fn items(&self) -> impl Iterator<Item = &str> + '_ {
        self.items.iter().map(|s| s.as_str())
    }

    pub fn apply(&mut self, f: impl Fn(&str) -> String) {
        self.items = self.items.iter().map(|s| f(s)).collect();
    }
}
"""


@needs_rustc
def test_class_timing_discards_errors_forces_iterators_and_refuses_what_json_cannot_call(
        tmp_path):
    """An Err result is the method's answer (discarded), a lazy iterator is read inside the
    timed unit (a panic while reading it ends the timing), and a method that takes a closure
    is refused by name when a timing input calls it, without costing the build (the problem
    has native tests only: its data cases could not call that method)."""
    native = ("#[test]\nfn puts() {\n    let mut shelf = Shelf::new();\n"
              "    assert_eq!(shelf.put(\"a\"), Ok(1));\n}\n")
    timing = {"sizes": [{"n": 3, "init": [], "calls": [
        {"method": "put", "args": ["a"]}, {"method": "put", "args": [""]},
        {"method": "items", "args": []}]}], "repeat": 2}
    shelf = problem(tmp_path, SHELF_SIG, native=native, timing=timing)
    assert statuses(run(shelf, SHELF)) == ["passed"]
    assert RUST.benchmark(shelf, SHELF, SHELF, FAST).error == ""
    reading_panics = SHELF.replace(".map(|s| s.as_str())",
                                   ".map(|s| -> &str { panic!(\"read {s}\") })")
    result = RUST.benchmark(shelf, reading_panics, SHELF, FAST)
    assert "read a" in result.error
    closure = _small(shelf, _calls_size(2, [], {"method": "apply", "args": ["x"]}))
    result = RUST.benchmark(closure, SHELF, SHELF, FAST)
    assert "the method `apply` cannot be called from JSON" in result.error


def test_methods_after_a_where_clause_of_a_stub_are_read():
    items = scan_items("impl<T> Bag<T> {\n    pub fn count<Q>(&self, q: &Q) -> usize\n    where\n"
                       "        T: Borrow<Q>,\n        Q: Eq + ?Sized,\n"
                       "    pub fn len(&self) -> usize\n}\n")
    assert [f.name for f in items.methods("Bag")] == ["count", "len"]
