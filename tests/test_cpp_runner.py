"""The C++ runner on plain data: signatures, prompts, one compiled binary per problem, Catch2
native tests, timing and the analysers."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pytest_agentbench.agents import ReferenceAgent
from pytest_agentbench.agents.workspace import layout_for
from pytest_agentbench.analysis import analyse
from pytest_agentbench.analysis.rules import load_rules
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.cpp import CppRunner, bundle
from pytest_agentbench.languages.cpp import runner as cpp_runner
from pytest_agentbench.languages.cpp.analysers import find_tool
from pytest_agentbench.languages.cpp.literals import cpp_literal
from pytest_agentbench.languages.cpp.source import blank_literals, declarations, stub
from pytest_agentbench.pipeline import BenchSettings, run_problem
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.scoring import Correctness, Performance
from pytest_agentbench.suite import load_suite

from .helpers import assert_mini_suite_shape, assert_timing_mechanics, write_suite

REG = default_registry()
CPP = REG.get("cpp")
FAST = ExecSettings(solution_limits(20))
SUITE = Path(__file__).resolve().parent.parent / "suites" / "cpp_mini.json"
BUNDLE = bundle()

needs_gpp = pytest.mark.skipif(
    not CPP.toolchain().available,
    reason=f"C++ toolchain not installed ({CPP.toolchain().reason}); "
           f"install: {CPP.toolchain().install_hint}")
needs_tidy = pytest.mark.skipif(find_tool("clang-tidy") is None,
                                reason="clang-tidy 16 or newer is not installed")


def problem(tmp_path, signature, cases=(), native=None, **extra):
    entry = {"id": "t", "difficulty": "easy", "description": "d", "signature": signature,
             **extra}
    if cases:
        entry["test_cases"] = list(cases)
    if native:
        entry["native_tests"] = native
    data = {"language": "cpp", "tests": [entry]}
    return load_suite(write_suite(tmp_path, "s.json", data), REG).problems[0]


def run(prob, code, settings=FAST):
    return judge(prob, CPP.run(prob, code, settings))


def statuses(ex):
    return [o.status for o in ex.outcomes]


ADD_SIG = "int add(int a, int b);"
ADD = "int add(int a, int b) { return a + b; }\n"
ADD_CASES = [{"args": [1, 2], "expected": 3}, {"args": [-1, 1], "expected": 0},
             {"args": [0, 0], "expected": 0}]


@pytest.fixture
def add(tmp_path):
    return problem(tmp_path, ADD_SIG, ADD_CASES)


# ---------------------------------------------------------------- signatures and prompts


def test_registered_with_aliases():
    assert isinstance(CPP, CppRunner) and CPP.file_name == "solution.cpp"
    for alias in ("c++", "cxx", "cc", "hpp", "CPP"):
        assert REG.get(alias) is CPP


def test_function_signature():
    sig = CPP.read_signature(
        "#include <map>\n#include <string>\n\n// doc\nstd::map<std::string, int> count(\n"
        "    const std::string& text, std::string_view sep = \" \", TreeNode* root = nullptr,\n"
        "    const std::vector<std::tuple<int, int, int>>& edges = {});", None)
    assert (sig.entry_point, sig.kind, sig.returns) == ("count", "function",
                                                        "std::map<std::string, int>")
    assert [(p.name, p.type, p.kind, p.required) for p in sig.params] == [
        ("text", "const std::string&", "str", True),
        ("sep", "std::string_view", "str", False),
        ("root", "TreeNode*", "tree", False),
        ("edges", "const std::vector<std::tuple<int, int, int>>&", "other", False)]
    assert CPP.read_signature("std::future<int> fetch(int id);", None).is_async


def test_class_signature_and_entry_point_choice():
    text = ("#include <cstddef>\n\nclass Cache {\npublic:\n    explicit Cache(std::size_t n);\n"
            "    int get(int key) const;\n    void put(int key, int value = 0);\n"
            "    int hits;\nprivate:\n    int secret_;\n};\n")
    sig = CPP.read_signature(text, None)
    assert (sig.entry_point, sig.kind) == ("Cache", "class")
    assert [(p.name, p.type) for p in sig.params] == [("n", "std::size_t")]
    cls = declarations(text).classes["Cache"]
    assert [m.name for m in cls.methods] == ["get", "put"] and cls.fields == (("hits", "int"),)
    leetcode = "class Solution {\npublic:\n    int climb(int n);\n};"
    assert CPP.read_signature(leetcode, None).entry_point == "climb"
    assert CPP.read_signature(text + "int helper(int x);", "Cache").kind == "class"
    with pytest.raises(ValueError, match="no function or class `nope`"):
        CPP.read_signature(text, "nope")


def test_blank_literals_keeps_offsets():
    code = ('int x = 1\'000; char c = \'{\'; auto s = R"(a"{)"; // {\n'
            'const char* t = "b\\"{"; /* { */ int y;')
    blank = blank_literals(code)
    assert len(blank) == len(code) and "{" not in blank
    assert "1'000" in blank and blank.count("\n") == code.count("\n")


def test_starter_gives_every_declaration_a_body_that_throws():
    text = stub("#include <vector>\n\nint f(int a);\n\nclass C {\npublic:\n    explicit C(int n);"
                "\n    int g() const;\n    virtual void h() = 0;\n    C(const C&) = delete;\n};\n")
    assert "#include <stdexcept>" in text
    assert text.count('throw std::logic_error("not implemented");') == 3
    assert "= 0;" in text and "= delete;" in text
    layout = layout_for("cpp", "int f(int a);", "f", maker=BUNDLE.layout)
    assert layout.starter == "solution.cpp" and "throw" in layout.starter_text


def test_prompt_literals_use_cpp_syntax(tmp_path):
    assert cpp_literal([[1, 2], [3]], "std::vector<std::vector<int>>") == "{{1, 2}, {3}}"
    assert cpp_literal({"a": 1}, "std::map<std::string, int>") == '{{"a", 1}}'
    assert cpp_literal("x", "char") == "'x'" and cpp_literal(None, "std::optional<int>") == \
        "std::nullopt"
    assert cpp_literal(3000000000) == "3000000000LL" and cpp_literal(True) == "true"
    prob = problem(tmp_path, "std::vector<int> two_sum(const std::vector<int>& nums, int t);",
                   [{"args": [[2, 7], 9], "expected": [0, 1]},
                    {"args": [[1], 5], "raises": "std::invalid_argument"}])
    assert CPP.format_example(prob, prob.cases[0]) == "two_sum({2, 7}, 9)  // -> [0, 1]"
    assert CPP.format_example(prob, prob.cases[1]).endswith("// throws std::invalid_argument")
    cls = problem(tmp_path, "class Box {\npublic:\n    explicit Box(int n);\n    int take(int k);"
                  "\n};", [{"init": [3], "calls": [{"method": "take", "kwargs": {"k": 2},
                                                    "expected": 1}]}])
    assert CPP.format_example(cls, cls.cases[0]) == "Box obj{3};\nobj.take(2);  // -> 1"


def test_answer_instructions(tmp_path):
    prob = problem(tmp_path, "int depth(TreeNode* root);", [{"args": [[1]], "expected": 1}])
    text = CPP.answer_instructions(prob)
    assert "`cpp`" in text and "C++20" in text and "TreeNode` is predefined" in text


def test_defines_and_looks_like_code():
    assert CPP.defines("int add(int a, int b) {\n  return a + b;\n}", "add")
    assert CPP.defines("struct Add { int x; };", "Add")
    assert CPP.defines("class Solution {\npublic:\n    int add(int a) { return a; }\n};", "add")
    assert not CPP.defines("int main() { return add(1, 2); }", "add")
    assert not CPP.defines('const char* s = "int add(int a) {";', "add")
    assert CPP.looks_like_code("#include <vector>\nint f() { return 1; }\n")
    assert not CPP.looks_like_code("Sure, here is the answer.")


def test_missing_toolchain_is_reported_with_the_install_hint(monkeypatch):
    monkeypatch.setattr(cpp_runner, "header_path", lambda name: None)
    found = CppRunner().toolchain()
    if found.reason.startswith("`g++` not found"):
        pytest.skip("no g++ here")
    assert not found.available and "catch2/catch.hpp" in found.reason
    assert "catch2" in found.install_hint


# ---------------------------------------------------------------- running


@needs_gpp
def test_correct_and_wrong_answers(add):
    assert statuses(run(add, ADD)) == ["passed"] * 3
    ex = run(add, "int add(int a, int b) { return a - b; }\n")
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]
    assert (ex.outcomes[0].expected, ex.outcomes[0].actual) == ("3", "-1")


@needs_gpp
def test_compile_error_names_the_compiler_message(add):
    ex = run(add, "int add(int a, int b) { return a + ; }\n")
    assert ex.failure.value == "compile_error"
    assert "solution.cpp:1" in ex.message and "error" in ex.message
    ex = run(add, "int add(int a) { return a; }\n")  # the signature's call does not fit
    assert ex.failure.value == "compile_error" and "add" in ex.message


@needs_gpp
def test_exceptions_by_type_subclasses_count(tmp_path):
    prob = problem(tmp_path, "int check(int x);", [
        {"args": [1], "expected": 1},
        {"args": [-1], "raises": "std::invalid_argument"},
        {"args": [-2], "raises": "std::logic_error"},  # invalid_argument derives from it
        {"args": [-3], "raises": "std::out_of_range"},
        {"args": [7], "expected": 7}])
    code = ("#include <stdexcept>\nint check(int x) {\n    if (x == 7) throw 42;\n"
            "    if (x < 0) throw std::invalid_argument(\"negative\");\n    return x;\n}\n")
    ex = run(prob, code)
    assert statuses(ex) == ["passed", "passed", "passed", "error", "error"]
    assert "std::invalid_argument: negative" in ex.outcomes[3].message
    assert ex.outcomes[4].message.startswith("int:")


@needs_gpp
def test_a_crash_names_its_case_and_the_rest_are_not_run(add):
    code = "int add(int a, int b) {\n    if (a == -1) { int* p = nullptr; return *p; }\n" \
           "    return a + b;\n}\n"
    ex = run(add, code)
    assert statuses(ex) == ["passed", "error", "not_run"]
    assert "SIGSEGV" in ex.outcomes[1].message or "signal" in ex.outcomes[1].message


@needs_gpp
def test_infinite_loop_times_out_keeping_finished_cases(add):
    code = ("int add(int a, int b) {\n    volatile int spins = 0;\n"
            "    while (a == -1) {\n        spins = spins + 1;\n    }\n    return a + b;\n}\n")
    ex = run(add, code, ExecSettings(solution_limits(3)))
    assert ex.failure.value == "timeout" and statuses(ex)[:2] == ["passed", "timeout"]


@needs_gpp
def test_exit_and_own_main_are_contained(add):
    ex = run(add, "#include <cstdlib>\nint add(int a, int b) { std::exit(0); }\n")
    assert ex.failure.value == "runtime_error" and not any(o.passed for o in ex.outcomes)
    ex = run(add, ADD + "int main() { return 0; }\n")
    assert ex.failure.value == "compile_error"


@needs_gpp
def test_constructors_run_after_the_token_is_read(add):
    """A static initialiser of the solution runs before main, but after .preinit_array: the
    token pipe is already closed and empty, so it cannot forge a pass."""
    code = ("#include <cstdlib>\n#include <unistd.h>\n#include <cstdio>\nstatic int stolen = [] {\n"
            "    const char* fd = std::getenv(\"AGENTBENCH_TOKEN_FD\");\n    char buf[64] = {};\n"
            "    return fd ? static_cast<int>(read(std::atoi(fd), buf, sizeof buf)) : -2;\n}();\n"
            "int add(int a, int b) { return stolen > 0 ? 99 : a + b; }\n")
    assert statuses(run(add, code)) == ["passed"] * 3


@needs_gpp
def test_values_containers_optionals_and_keywords(tmp_path):
    sig = ("#include <map>\n#include <optional>\n#include <string>\n#include <vector>\n"
           "std::map<std::string, std::vector<int>> group(const std::vector<std::pair<std::string,"
           " int>>& items, std::optional<int> limit = std::nullopt, bool sorted = false);")
    code = ("#include <algorithm>\n#include <map>\n#include <optional>\n#include <string>\n"
            "#include <vector>\nstd::map<std::string, std::vector<int>> group(const std::vector<"
            "std::pair<std::string, int>>& items, std::optional<int> limit = std::nullopt, bool "
            "sorted = false) {\n    std::map<std::string, std::vector<int>> out;\n"
            "    for (const auto& [k, v] : items) if (!limit || v <= *limit) out[k].push_back(v);\n"
            "    if (sorted) for (auto& [k, v] : out) std::sort(v.begin(), v.end());\n"
            "    return out;\n}\n")
    prob = problem(tmp_path, sig, [
        {"args": [[["a", 3], ["b", 1], ["a", 2]]], "expected": {"a": [3, 2], "b": [1]}},
        {"args": [[["a", 3], ["a", 2]], 2], "expected": {"a": [2]}},
        {"args": [[["a", 3], ["a", 2]]], "kwargs": {"limit": None, "sorted": True},
         "expected": {"a": [2, 3]}},
        {"args": [[["a", "x"]]], "expected": {}}])
    ex = run(prob, code)
    assert statuses(ex) == ["passed", "passed", "passed", "error"]
    assert "ArgumentError" in ex.outcomes[3].message and "an integer" in ex.outcomes[3].message


@needs_gpp
def test_class_calls_overloads_fields_and_constructor_errors(tmp_path):
    sig = ("#include <string>\nclass Counter {\npublic:\n    explicit Counter(int start = 0);\n"
           "    int add(int by = 1);\n    int add(const std::string& text);\n    int total;\n};")
    code = ("#include <stdexcept>\n#include <string>\nclass Counter {\npublic:\n"
            "    explicit Counter(int start = 0) : total(start) {\n"
            "        if (start < 0) throw std::domain_error(\"negative\");\n    }\n"
            "    int add(int by = 1) { return total += by; }\n"
            "    int add(const std::string& text) {\n"
            "        return total += static_cast<int>(text.size());\n    }"
            "\n    int total;\n};\n")
    prob = problem(tmp_path, sig, [
        {"init": [], "calls": [{"method": "add", "expected": 1},
                               {"method": "add", "kwargs": {"by": 5}, "expected": 6},
                               {"method": "add", "args": ["abc"], "expected": 9}]},
        {"init": [10], "calls": [{"method": "add", "args": [2], "expected": 12},
                                 {"method": "nope", "args": [], "raises": "ArgumentError"}]},
        {"init": [-1], "init_raises": "std::domain_error"}])
    ex = run(prob, code)
    assert statuses(ex) == ["passed", "passed", "passed"], [o.message for o in ex.outcomes]


@needs_gpp
def test_trees_and_linked_lists(tmp_path):
    tree = problem(tmp_path, "TreeNode* mirror(TreeNode* root);", [
        {"args": [[1, 2, 3, None, 4]], "expected": [1, 3, 2, None, None, 4]},
        {"args": [[]], "expected": []}])
    code = ("#include <utility>\nTreeNode* mirror(TreeNode* root) {\n    if (!root) return root;\n"
            "    std::swap(root->left, root->right);\n    mirror(root->left);\n"
            "    mirror(root->right);\n    return root;\n}\n")
    assert statuses(run(tree, code)) == ["passed", "passed"]
    lists = problem(tmp_path, "ListNode* reverse(ListNode* head);", [
        {"args": [[1, 2, 3]], "expected": [3, 2, 1]}, {"args": [[]], "expected": []}])
    code = ("ListNode* reverse(ListNode* head) {\n    ListNode* prev = nullptr;\n"
            "    while (head) { ListNode* next = head->next; head->next = prev; prev = head;"
            " head = next; }\n    return prev;\n}\n")
    assert statuses(run(lists, code)) == ["passed", "passed"]


# ---------------------------------------------------------------- native tests


NATIVE = """#include <cstdlib>

TEST_CASE("adds") { REQUIRE(add(1, 2) == 3); }
TEST_CASE("checks several") {
    CHECK(add(2, 2) == 5);
    CHECK(add(0, 0) == 1);
}
TEST_CASE("crashes") { if (add(1, 1) == 2) std::abort(); }
TEST_CASE("sections", "[tag]") {
    SECTION("one") { REQUIRE(add(1, 0) == 1); }
    SECTION("two") { REQUIRE(add(0, 1) == 1); }
}
"""


@needs_gpp
def test_native_tests_one_outcome_each_and_a_crash_costs_one(tmp_path):
    prob = problem(tmp_path, ADD_SIG, native=NATIVE)
    ex = run(prob, ADD)
    got = [(o.name, o.status) for o in ex.outcomes]
    assert got == [("adds", "passed"), ("checks several", "wrong_answer"),
                   ("crashes", "error"), ("sections", "passed")], got
    failed = ex.outcomes[1].message
    assert "tests.cpp:5: CHECK( add(2, 2) == 5 )" in failed and "4 == 5" in failed
    assert "add(0, 0) == 1" in failed  # every failed CHECK is named
    assert "signal 6" in ex.outcomes[2].message


@needs_gpp
def test_native_cases_and_tests_share_one_binary(tmp_path):
    prob = problem(tmp_path, ADD_SIG, ADD_CASES[:1], native='TEST_CASE("adds") '
                   '{ REQUIRE(add(1, 2) == 3); }\n')
    ex = run(prob, ADD)
    assert statuses(ex) == ["passed", "passed"] and ex.compile_seconds > 0


@needs_gpp
def test_native_test_that_hangs_times_out_and_the_rest_are_not_run(tmp_path):
    native = ('TEST_CASE("first") { REQUIRE(add(1, 1) == 2); }\n'
              'TEST_CASE("hangs") { while (add(1, 1) == 2) {} }\n'
              'TEST_CASE("last") { REQUIRE(true); }\n')
    ex = run(problem(tmp_path, ADD_SIG, native=native), ADD, ExecSettings(solution_limits(4)))
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("first", "passed"), ("hangs", "timeout"), ("last", "not_run")]


HIDDEN = """TEST_CASE("runs") { REQUIRE(add(1, 2) == 3); }
TEST_CASE("hidden", "[.]") { REQUIRE(add(1, 2) == 4); }
TEST_CASE("also hidden", "[!hide]") { REQUIRE(false); }
TEST_CASE("skips itself") { SKIP("not on this platform: " << 42); REQUIRE(false); }
TEST_CASE("fails, then skips") { CHECK(add(1, 1) == 3); SKIP(); }
// TEST_CASE("commented out") { REQUIRE(false); }
#if defined(EXERCISM_RUN_ALL_TESTS)
TEST_CASE("left out") { REQUIRE(add(2, 2) == 5); }
#endif
"""


@needs_gpp
def test_hidden_skipped_and_left_out_tests_are_skipped_never_passed(tmp_path):
    ex = run(problem(tmp_path, ADD_SIG, native=HIDDEN), ADD)
    got = {o.name: (o.status, o.message) for o in ex.outcomes}
    assert [o.name for o in ex.outcomes] == ["runs", "hidden", "also hidden", "skips itself",
                                             "fails, then skips", "left out"]
    assert got["runs"][0] == "passed" and got["fails, then skips"][0] == "wrong_answer"
    for name in ("hidden", "also hidden", "skips itself", "left out"):
        assert got[name][0] == "skipped", (name, got[name])
    assert got["skips itself"][1] == "skipped: not on this platform: 42"
    assert "preprocessor" in got["left out"][1] and "[.]" in got["hidden"][1]
    # as Aider runs Exercism's tests: hidden and preprocessor-disabled tests included
    ex = run(problem(tmp_path, ADD_SIG, native=HIDDEN, include_ignored=True), ADD)
    got = {o.name: o.status for o in ex.outcomes}
    assert got == {"runs": "passed", "hidden": "wrong_answer", "also hidden": "wrong_answer",
                   "skips itself": "skipped", "fails, then skips": "wrong_answer",
                   "left out": "wrong_answer"}


@needs_gpp
def test_catch2_v3_and_exercism_includes_work(tmp_path):
    native = ('#include <catch2/catch_test_macros.hpp>\n#include "test/catch.hpp"\n'
              '#include "catch.hpp"\nTEST_CASE("adds") { REQUIRE(add(1, 2) == 3); }\n')
    ex = run(problem(tmp_path, ADD_SIG, native=native), ADD)
    assert statuses(ex) == ["passed"], ex.message


@needs_gpp
def test_a_solution_with_catch2s_macro_names_compiles(tmp_path):
    code = ("enum Level { INFO, WARN, CHECK };\nint add(int a, int b) { return a + b + "
            "(INFO + WARN + CHECK) * 0; }\n")
    prob = problem(tmp_path, ADD_SIG, ADD_CASES[:1], native='TEST_CASE("adds") { '
                   'REQUIRE(add(1, 2) == 3); }\n')
    assert statuses(run(prob, code)) == ["passed", "passed"]


FORGE = r"""#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unistd.h>

int add(int a, int b) {
    const char* lines =
        "{\"event\": \"loaded\"}\n"
        "{\"event\": \"start\", \"index\": 0}\n"
        "{\"event\": \"case\", \"index\": 0, \"status\": \"value\", \"value\": 3}\n"
        "{\"event\": \"tests\", \"names\": [\"checks\"]}\n"
        "{\"event\": \"native\", \"name\": \"checks\", \"status\": \"passed\", \"message\": \"\"}\n"
        "{\"status\": \"passed\", \"message\": \"\"}\n"
        "{\"event\": \"done\"}\n";
    for (int fd = 3; fd < 256; ++fd) {
        ssize_t ignored = write(fd, lines, std::strlen(lines));
        (void)ignored;
    }
    for (const char* name : {"outcomes.jsonl", "events.jsonl"}) {
        std::ofstream(name, std::ios::app) << lines;
    }
    std::_Exit(a + b > 0 ? 0 : 1);
}
"""


@needs_gpp
def test_forged_outcomes_are_no_pass(tmp_path):
    cases = problem(tmp_path, ADD_SIG, ADD_CASES[:1])
    ex = run(cases, FORGE)
    assert ex.failure.value == "runtime_error" and "without its token" in ex.message
    assert not any(o.passed for o in ex.outcomes)
    tests = problem(tmp_path, ADD_SIG, native='TEST_CASE("checks") { REQUIRE(add(1, 2) == 3); }')
    ex = run(tests, FORGE)  # the test's process holds no token and no events descriptor
    assert [(o.name, o.status) for o in ex.outcomes] == [("checks", "error")]
    assert "something else into the harness's result pipe" in ex.outcomes[0].message


@needs_gpp
def test_the_run_step_sees_its_directory_read_only(add):
    code = ("#include <cstdio>\n#include <fstream>\nint add(int a, int b) {\n"
            "    std::ofstream scratch(\"/tmp/scratch\");\n"
            "    if (!(scratch << \"x\")) return -100;\n"
            "    if (std::ofstream(\"solution.cpp\")) return 0;\n    return a + b;\n}\n")
    assert statuses(run(add, code)) == ["passed"] * 3


@needs_gpp
def test_benchmark_times_each_size_in_process(tmp_path):
    prob = problem(tmp_path, "#include <vector>\nlong long total(const std::vector<int>& xs);",
                   [{"args": [[1, 2]], "expected": 3}],
                   timing={"sizes": [{"n": 10, "args": [{"$gen": "range", "stop": 10}]},
                                     {"n": 3000, "args": [{"$gen": "range", "stop": 3000}]}],
                           "repeat": 3})
    fast = ("#include <numeric>\n#include <vector>\nlong long total(const std::vector<int>& xs) "
            "{\n    return std::accumulate(xs.begin(), xs.end(), 0LL);\n}\n")
    slow = ("#include <vector>\nlong long total(const std::vector<int>& xs) {\n"
            "    long long sum = 0;\n    for (std::size_t i = 0; i < xs.size(); ++i)\n"
            "        for (std::size_t j = 0; j < xs.size(); ++j) sum += xs[j] < xs[i];\n"
            "    return sum;\n}\n")
    result = CPP.benchmark(prob, slow, fast, FAST)  # both define `total`: each runs its own
    assert result.error == "" and [s.label for s in result.sizes] == ["n=10", "n=3000"]
    small, large = result.sizes
    assert len(small.solution) == len(small.reference) == 3  # repeat rounds, in one process
    assert len(large.solution) == len(large.reference) == 3  # short calls: repeat rounds too
    assert min(large.solution) > 10 * max(large.reference)  # quadratic against linear
    assert max(small.solution) < min(large.solution)
    failing = CPP.benchmark(prob, fast.replace("return std", "throw 1; return std"), fast, FAST)
    assert "raised int" in failing.error


# ---------------------------------------------------------------- the suite


def test_cpp_mini_suite_shape():
    suite = load_suite(SUITE, REG)
    assert suite.language == "cpp" and len(suite.problems) == 12
    assert_mini_suite_shape(suite, CPP, lambda code: code.count("TEST_CASE("))


def test_cpp_suite_timing_inputs_or_reasons():
    """11 of 12 timed, the class designs (a construction and a call sequence) included; the
    callable-taking cpp_hard_02 says why not."""
    problems = load_suite(SUITE, REG).problems
    timed = [p for p in problems if p.timing is not None]
    assert {p.id for p in timed} == {"cpp_easy_01", "cpp_easy_02", "cpp_easy_03", "cpp_easy_04",
                                     "cpp_medium_01", "cpp_medium_02", "cpp_medium_03",
                                     "cpp_medium_04", "cpp_medium_05", "cpp_hard_01",
                                     "cpp_hard_03"}
    for p in timed:
        assert len(p.timing.sizes) == 2 and all(s.n for s in p.timing.sizes), p.id
        assert p.executable_cases, p.id
        assert all((s.calls is not None) == (p.signature.kind == "class")
                   for s in p.timing.sizes), p.id
    for p in problems:
        assert (p.timing is None) == bool(p.extra.get("no_timing")), p.id


def cut_to(problem_id, sizes):
    """A problem of the suite with its generated call sequences cut to ``sizes`` calls."""
    prob = next(p for p in load_suite(SUITE, REG).problems if p.id == problem_id)
    cut = tuple(replace(size, label=f"n={n}", n=n, calls={**size.calls, "n": n})
                for size, n in zip(prob.timing.sizes, sizes, strict=True))
    return replace(prob, timing=replace(prob.timing, sizes=cut))


@needs_gpp
def test_a_class_problem_of_the_suite_is_timed_as_its_construction_and_calls():
    """Mechanics only: the suite's LruCache (shorter call sequences) is measured like a
    function, each unit a fresh cache and its calls; no timing outcome is asserted."""
    assert CPP.supports_class_timing
    prob = cut_to("cpp_medium_02", (500, 2000))
    settings = BenchSettings(exec_settings=FAST, evaluators=(Correctness(), Performance()))
    result = run_problem(prob, ReferenceAgent(), CPP, REG, settings)
    score = next(s for s in result.scores if s.name == "performance")
    assert [s["n"] for s in score.details["sizes"]] == [500, 2000]
    assert_timing_mechanics(score, prob)


SHELF_SIG = """#include <cstddef>
#include <vector>

class Shelf {
public:
    explicit Shelf(std::size_t capacity);
    std::size_t put(int item);
    std::size_t put(int item, int times);
    auto halves() const;
};"""

SHELF = """#include <cstddef>
#include <ranges>
#include <stdexcept>
#include <vector>

class Shelf {
public:
    explicit Shelf(std::size_t capacity) { items_.reserve(capacity); }
    std::size_t put(int item) { items_.push_back(item); return items_.size(); }
    std::size_t put(int item, int times) {
        items_.insert(items_.end(), static_cast<std::size_t>(times), item);
        return items_.size();
    }
    auto halves() const {
        return items_ | std::views::transform([](int x) {
            if (x == -1) throw std::domain_error("read -1");
            return x / 2;
        });
    }

private:
    std::vector<int> items_;
};
"""


@needs_gpp
def test_class_timing_calls_overloads_reads_lazy_views_and_names_what_it_cannot_call(
        tmp_path):
    """The overload is chosen by the arguments before the clock; a lazy view a method returns
    is read inside the timed unit (what reading it throws ends the timing); a method the
    signature lacks is named."""
    calls = [{"method": "put", "args": [-1]},
             {"method": "put", "args": [3, 2]}, {"method": "halves", "args": []}]
    timing = {"sizes": [{"n": 30, "init": [4], "calls": {"$gen": "cycle", "n": 30,
                                                          "of": calls}}], "repeat": 2}
    shelf = problem(tmp_path, SHELF_SIG, [{"init": [2], "calls": [
        {"method": "put", "args": [4], "expected": 1},
        {"method": "put", "args": [5, 2], "expected": 3}]}], timing=timing)
    assert statuses(run(shelf, SHELF)) == ["passed"]
    safe = SHELF.replace("x == -1", "x == -100")
    result = CPP.benchmark(shelf, safe, safe, FAST)
    assert result.error == "" and len(result.sizes[0].solution) == 2, result.error
    result = CPP.benchmark(shelf, SHELF, safe, FAST)
    assert result.error == "the solution raised std::domain_error: read -1", result.error
    timing["sizes"][0]["calls"]["of"] = [{"method": "nope", "args": []}]
    missing = problem(tmp_path, SHELF_SIG, [{"init": [2], "calls": [
        {"method": "put", "args": [4], "expected": 1}]}], timing=timing)
    result = CPP.benchmark(missing, safe, safe, FAST)
    assert "no method `nope` in the signature" in result.error, result.error


COUNTER_SIG = "class Counter {\npublic:\n    explicit Counter(int start);\n    int add(int x);\n};"
#: the same class, helper and inline method names in both contenders: only a namespace each
#: keeps one's definitions from running for the other (the linker merges inline ones)
COUNTER = """#include <stdexcept>

inline int step(int x) { return x + 1; }

class Counter {
public:
    explicit Counter(int start) : total_(start) {}
    int add(int x) {
        total_ += step(x);
        return total_;
    }

private:
    int total_;
};
"""


@needs_gpp
def test_contenders_keep_their_own_definitions_and_errors_name_who_raised(tmp_path):
    """Both contenders define Counter and step(); the one whose step() throws is named, the
    solution's or the reference's: neither runs the other's code."""
    timing = {"sizes": [{"n": 20, "init": [0], "calls": {"$gen": "cycle", "n": 20, "of": [
        {"method": "add", "args": [1]}]}}], "repeat": 2}
    prob = problem(tmp_path, COUNTER_SIG, [{"init": [1], "calls": [
        {"method": "add", "args": [1], "expected": 3}]}], timing=timing)
    throwing = COUNTER.replace("{ return x + 1; }", "{ throw std::range_error(\"mine\"); }")
    result = CPP.benchmark(prob, throwing, COUNTER, FAST)
    assert result.error == "the solution raised std::range_error: mine", result.error
    result = CPP.benchmark(prob, COUNTER, throwing, FAST)
    assert result.error == "the reference raised std::range_error: mine", result.error


#: throws unless it gets its whole input, then spoils it: the next unit must not see that
CHECKS_ITS_INPUT = {
    "vector": ("#include <vector>\nint drain(std::vector<int>& xs);",
               "#include <stdexcept>\n#include <vector>\nint drain(std::vector<int>& xs) {\n"
               "    if (xs.size() < 10) throw std::logic_error(\"a spent input\");\n"
               "    int n = static_cast<int>(xs.size());\n    xs.clear();\n    return n;\n}\n"),
    "list": ("int drain(ListNode* head);",
             "#include <stdexcept>\nint drain(ListNode* head) {\n    int n = 0;\n"
             "    for (ListNode* node = head; node != nullptr; node = node->next) ++n;\n"
             "    if (n < 10) throw std::logic_error(\"a spent input\");\n"
             "    head->next = nullptr;\n    return n;\n}\n"),
}


@needs_gpp
@pytest.mark.parametrize("kind", ["vector", "list"], ids=["copied", "decoded-again"])
def test_every_unit_gets_its_whole_input_even_when_a_unit_spoils_it(tmp_path, kind):
    """A vector is copied for each unit, a list of nodes decoded again (a copy would share the
    nodes): a unit that empties its vector or cuts its list leaves the next one's whole."""
    signature, code = CHECKS_ITS_INPUT[kind]
    prob = problem(tmp_path, signature, [{"args": [list(range(12))], "expected": 12}],
                   timing={"sizes": [{"n": 20, "args": [{"$gen": "range", "stop": 20}]},
                                     {"n": 50, "args": [{"$gen": "range", "stop": 50}]}],
                           "repeat": 3})
    assert statuses(run(prob, code)) == ["passed"]
    result = CPP.benchmark(prob, code, code, FAST)
    assert result.error == "" and [len(s.solution) for s in result.sizes] == [3, 3], result.error


@needs_gpp
def test_an_endless_solution_is_cut_by_the_watchdog(tmp_path):
    """A solution unit past 25 times the reference's (at least 1 s) is cut short while it
    runs: the process reports the cut and ends, long before its time limit."""
    prob = problem(tmp_path, ADD_SIG, ADD_CASES, timing={
        "sizes": [{"n": 1, "args": [1, 2]}, {"n": 2, "args": [2, 3]}], "repeat": 3})
    endless = ("int add(int a, int b) {\n    volatile int spin = 0;\n"
               "    for (;;) spin = spin + 1;\n    return a + b;\n}\n")
    result = CPP.benchmark(prob, endless, ADD, FAST)
    assert result.cut and "25 times the reference" in result.error, result
    assert "n=1" in result.error and not result.sizes


#: what a contender is made of, wrapped in a namespace of its own: `using namespace std`, a
#: template, a struct, a macro and a conditional include at file scope, the predefined node
TREE_SIG = "int depth(TreeNode* root);"
TREE_WITH_PREDEFINED_NODE = """#include <bits/stdc++.h>
#ifdef AGENTBENCH_NEVER_DEFINED
#include "missing.h"
#endif
#define DEEPER(x) ((x) + 1)
using namespace std;

template <class T>
T larger(T a, T b) { return max(a, b); }

struct Frame {
    TreeNode* node;
    int level;
};

int depth(TreeNode* root) {
    int best = 0;
    vector<Frame> stack;
    if (root) stack.push_back({root, 1});
    while (!stack.empty()) {
        Frame top = stack.back();
        stack.pop_back();
        best = larger(best, top.level);
        for (TreeNode* child : {top.node->left, top.node->right})
            if (child) stack.push_back({child, DEEPER(top.level)});
    }
    return best;
}
"""
#: the reference declares its own TreeNode (its namespace's, decoded by the node codec)
TREE_WITH_OWN_NODE = """#include <algorithm>

struct TreeNode {
    int val;
    TreeNode* left;
    TreeNode* right;
    explicit TreeNode(int x) : val(x), left(nullptr), right(nullptr) {}
};

int depth(TreeNode* root) {
    return root ? 1 + std::max(depth(root->left), depth(root->right)) : 0;
}
"""


@needs_gpp
def test_contender_sources_keep_their_file_scope_lines_and_node_types(tmp_path):
    """Each contender's includes, macros and conditionals stay at file scope, the rest in
    its namespace; one uses the predefined TreeNode, the other declares its own."""
    prob = problem(tmp_path, TREE_SIG, [{"args": [[1, 2, 3, None, 4]], "expected": 3}],
                   timing={"sizes": [{"n": 15, "args": [list(range(15))]},
                                     {"n": 31, "args": [list(range(31))]}], "repeat": 2})
    for code in (TREE_WITH_PREDEFINED_NODE, TREE_WITH_OWN_NODE):
        assert statuses(run(prob, code)) == ["passed"], code
    result = CPP.benchmark(prob, TREE_WITH_PREDEFINED_NODE, TREE_WITH_OWN_NODE, FAST)
    assert result.error == "" and [len(s.reference) for s in result.sizes] == [2, 2], result.error
    broken = TREE_WITH_PREDEFINED_NODE.replace("return best;", "return bets;")
    result = CPP.benchmark(prob, broken, TREE_WITH_OWN_NODE, FAST)
    assert "did not build" in result.error and "solution/solution.cpp:27" in result.error, \
        result.error


def test_hoisting_keeps_file_scope_lines_and_line_numbers():
    """The leading directives go whole (a conditional include keeps its condition), a later
    include goes alone, a continued macro with its continuation; the body keeps its lines."""
    from pytest_agentbench.languages.cpp.codegen import hoist

    code = ('#include <vector>\n#ifdef X\n#include "x.h"\n#endif\n// about\nusing namespace std;\n'
            '#include <map>\n#define TWICE(a) \\\n    ((a) * 2)\nint f() { return TWICE(1); }\n'
            'const char* s = "#include <no>";\n')
    hoisted, body = hoist(code)
    assert [n for n, _line in hoisted] == [1, 2, 3, 4, 7]
    assert body.count("\n") == code.count("\n")
    assert "using namespace std;" in body and "#define TWICE" in body and "<no>" in body


# ---------------------------------------------------------------- analysers


CLUMSY = """#include <map>
#include <string>
#include <vector>
using namespace std;

typedef vector<int> Ints;

int count_big(Ints values, int limit) {
    int n;
    n = 0;
    for (int i = 0; i < values.size(); i++) {
        if (values[i] > limit) n++;
    }
    int unused = (int)limit;
    return n;
}

int length(std::string name) { return name.size(); }
"""


def cpp_analysis(code):
    return analyse("cpp", code, "solution.cpp", BUNDLE.analysers, load_rules("cpp", BUNDLE.rules),
                   BUNDLE.comments)


def found(result):
    return {(f.tool, f.rule, f.dimension) for f in result.findings}


@needs_tidy
def test_clang_tidy_findings_split_between_idiom_and_practice():
    result = cpp_analysis(CLUMSY)
    assert not result.errors and not result.missing, (result.errors, result.missing)
    assert {"clang-tidy", "clang-format", "lizard"} <= set(result.tools)
    rules = found(result)
    for expected in [("clang-tidy", "google-build-using-namespace", "idiomaticity"),
                     ("clang-tidy", "modernize-use-using", "idiomaticity"),
                     ("clang-tidy", "google-readability-casting", "idiomaticity"),
                     ("clang-tidy", "performance-unnecessary-value-param", "idiomaticity"),
                     ("clang-tidy", "clang-diagnostic-sign-compare", "best_practices"),
                     ("clang-tidy", "clang-diagnostic-unused-variable", "best_practices"),
                     ("clang-tidy", "cppcoreguidelines-init-variables", "best_practices")]:
        assert expected in rules, (expected, sorted(rules))
    lines = {f.rule: f.line for f in result.findings}
    assert lines["google-build-using-namespace"] == 4 and lines["clang-diagnostic-sign-compare"] \
        == 11


@needs_tidy
def test_clean_answer_has_no_findings_and_nolint_hides_nothing():
    code = ("#include <vector>\n\n/// Adds two numbers.\nint add(int a, int b) { return a + b; }\n")
    assert cpp_analysis(code).findings == ()
    hidden = cpp_analysis("using namespace std;  // NOLINT\n" + code)
    assert "google-build-using-namespace" in {f.rule for f in hidden.findings}


@needs_tidy
def test_any_common_layout_is_accepted_and_a_messy_one_is_not():
    allman = ("int add(int a, int b)\n{\n    if (a > b)\n    {\n        return a;\n    }\n"
              "    return a + b;\n}\n")
    two_spaces = "int add(int a, int b) {\n  if (a > b) {\n    return a;\n  }\n  return a + b;\n}\n"
    for code in (allman, two_spaces):
        assert not [f for f in cpp_analysis(code).findings if f.tool == "clang-format"], code
    messy = "int add(int a,int b){\n      if(a>b)  {return a;}\n  return a+b;}\n"
    assert [f for f in cpp_analysis(messy).findings if f.tool == "clang-format"]


@needs_tidy
def test_a_file_that_needs_the_harness_headers_is_a_finding_and_nodes_are_predefined():
    result = cpp_analysis("std::vector<int> f() { return {}; }\n")
    assert "clang-diagnostic-error" in {f.rule for f in result.findings}
    tree = cpp_analysis("int depth(const TreeNode* root) {\n"
                        "    return root == nullptr ? 0 : 1;\n}\n")
    assert not [f for f in tree.findings if f.rule == "clang-diagnostic-error"], tree.findings


def test_missing_clang_tidy_says_how_to_install_it(monkeypatch):
    from pytest_agentbench.languages.cpp import analysers

    monkeypatch.setattr(analysers, "find_tool", lambda *a, **k: None)
    version, why = analysers.ClangTidy().availability()
    assert version is None and "apt-get install clang-tidy-16" in why


# ---------------------------------------------------------------- project mode (Exercism)


LEAP_TEST = """#include "leap.h"
#ifdef EXERCISM_TEST_SUITE
#include <catch2/catch.hpp>
#else
#include "test/catch.hpp"
#endif

TEST_CASE("year not divisible by 4") { REQUIRE(!leap::is_leap_year(2015)); }

#if defined(EXERCISM_RUN_ALL_TESTS)
TEST_CASE("year divisible by 400") { REQUIRE(leap::is_leap_year(2000)); }

TEST_CASE("year divisible by 100 but not by 400") { REQUIRE(!leap::is_leap_year(1900)); }

TEST_CASE("hidden by its tag", "[.]") { REQUIRE(leap::is_leap_year(2024)); }
#endif
"""
LEAP_H = "#pragma once\n\nnamespace leap {\nbool is_leap_year(int year);\n}  // namespace leap\n"
LEAP_EXAMPLE = ('#include "leap.h"\n\nnamespace leap {\nbool is_leap_year(int year) {\n'
                "    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);\n}\n"
                "}  // namespace leap\n")


def _leap_exercise(tmp_path: Path) -> Path:
    """Exercism's C++ layout: a header and a source to write, the tests with their bundled
    Catch2 and its main, a CMakeLists.txt, tests past the first behind EXERCISM_RUN_ALL_TESTS."""
    exercise = tmp_path / "cpp" / "exercises" / "practice" / "leap"
    files = {
        ".meta/config.json": json.dumps({"files": {
            "solution": ["leap.cpp", "leap.h"], "test": ["leap_test.cpp"],
            "example": [".meta/example.cpp", ".meta/example.h"]}}),
        ".docs/instructions.md": "# Leap\n\nTell whether a year is a leap year.\n",
        ".meta/example.cpp": LEAP_EXAMPLE, ".meta/example.h": LEAP_H,
        "leap.h": LEAP_H,
        "leap.cpp": '#include "leap.h"\n\nnamespace leap {}  // namespace leap\n',
        "leap_test.cpp": LEAP_TEST,
        "test/catch.hpp": "#ifndef TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED\n"
                          "#error the bundled Catch2 is replaced by Debian's\n#endif\n",
        "test/tests-main.cpp": '#define CATCH_CONFIG_MAIN\n#include "catch.hpp"\n',
        "CMakeLists.txt": "cmake_minimum_required(VERSION 3.5.1)\n",
    }
    for rel, text in files.items():
        (exercise / rel).parent.mkdir(parents=True, exist_ok=True)
        (exercise / rel).write_text(text, encoding="utf-8")
    return exercise


@needs_gpp
def test_exercism_project_runs_every_test_including_the_disabled_ones(tmp_path):
    from pytest_agentbench import exercism

    exercise = _leap_exercise(tmp_path)
    (problem,) = exercism.load_exercise(exercise, REG).problems
    assert problem.language == "cpp" and problem.project.include_ignored
    out = CPP.run_project(problem, {"leap.cpp": LEAP_EXAMPLE}, FAST)
    ex = judge(problem, out)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("year not divisible by 4", "passed"), ("year divisible by 400", "passed"),
        ("year divisible by 100 but not by 400", "passed"), ("hidden by its tag", "passed")]
    wrong = judge(problem, CPP.run_project(problem, {"leap.cpp": LEAP_EXAMPLE.replace(
        " && (year % 100 != 0 || year % 400 == 0)", "")}, FAST))
    # every fourth year: 1900 is wrong, 2024 (behind the tag) right
    assert [o.status for o in wrong.outcomes] == ["passed", "passed", "wrong_answer", "passed"]
    stub = judge(problem, CPP.run_project(problem, {}, FAST))  # the stub defines nothing
    assert stub.failure.value == "compile_error" and "is_leap_year" in stub.message
    # without Aider's switch, the tests behind the preprocessor and the tag are skipped
    (strict,) = exercism.load_exercise(exercise, REG, include_ignored=False).problems
    ex = judge(strict, CPP.run_project(strict, {"leap.cpp": LEAP_EXAMPLE}, FAST))
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("year not divisible by 4", "passed"), ("year divisible by 400", "skipped"),
        ("year divisible by 100 but not by 400", "skipped"), ("hidden by its tag", "skipped")]
