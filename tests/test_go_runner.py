"""The Go runner end to end on plain data: one build and one process per problem."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from pytest_agentbench.agents import Agent
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, GoRunner, default_registry
from pytest_agentbench.languages.go import go_literal, parse_funcs, parse_types
from pytest_agentbench.models import AgentReply, Timing, TimingSize
from pytest_agentbench.pipeline import BenchSettings, run_problem, skip_reason
from pytest_agentbench.prompt import render_prompt
from pytest_agentbench.sandbox import solution_limits
from pytest_agentbench.suite import load_suite

from .helpers import assert_benchmark_mechanics, assert_mini_suite_shape, write_suite

REG = default_registry()
GO = REG.get("go")
FAST = ExecSettings(solution_limits(10))
SHORT = ExecSettings(solution_limits(2))
SUITE = Path(__file__).resolve().parent.parent / "suites" / "go_mini.json"

pytestmark = pytest.mark.skipif(
    not GO.toolchain().available,
    reason=f"Go toolchain not installed ({GO.toolchain().reason}); install it with: "
           f"{GO.toolchain().install_hint}",
)


def go(source: str) -> str:
    """Go source written indented with 4 spaces in this file, as gofmt writes it (tabs)."""
    lines = textwrap.dedent(source).strip("\n").split("\n")
    out = []
    for line in lines:
        stripped = line.lstrip(" ")
        out.append("\t" * ((len(line) - len(stripped)) // 4) + stripped)
    return "\n".join(out) + "\n"


def problem(id_, signature, cases=(), native=None):
    data = {"id": id_, "difficulty": "easy", "description": "d", "signature": go(signature),
            "test_cases": list(cases)}
    if native:
        data["native_tests"] = go(native)
    return data


ECHO_SIGNATURE = """
    type Point struct {
        X, Y int
    }

    func Echo(nums []int, m map[string][]int, s string, f float64, b bool, p *int,
        grid [][]string, pt Point, r rune, data []byte, ids map[int]bool) ([]int,
        map[string][]int, string, float64, bool, *int, [][]string, Point, rune, []byte,
        map[int]bool)
"""

PROBLEMS = [
    problem("add", "func Add(a, b int) int", [
        {"args": [1, 2], "expected": 3},
        {"args": [-1, 1], "expected": 0},
        {"args": [0, 0], "expected": 0},
    ]),
    problem("echo", ECHO_SIGNATURE, [
        {"name": "values",
         "args": [[1, -2], {"a": [1], "b": []}, "héllo", 2.5, True, 7, [["x"], []],
                  {"X": 1, "Y": -1}, "é", "bytes", {"3": True}],
         "expected": [[1, -2], {"a": [1], "b": []}, "héllo", 2.5, True, 7, [["x"], []],
                      {"X": 1, "Y": -1}, 233, "bytes", {"3": True}]},
        {"name": "zero values", "args": [[], {}, "", 0, False, None, [], {}, 0, [], {}],
         "expected": [[], {}, "", 0, False, None, [], {"X": 0, "Y": 0}, 0, "", {}]},
    ]),
    problem("counter", """
        type Counter struct{}

        func NewCounter(start int) (*Counter, error)
        func (c *Counter) Inc(by int) int
        func (c *Counter) Pop() (int, bool)
        func (c *Counter) Check() error
    """, [
        {"init": [5], "calls": [
            {"method": "Inc", "args": [2], "expected": 7},
            {"method": "inc", "args": [-10], "expected": -3},
            {"method": "Pop", "expected": [-3, True]},
            {"method": "check", "raises": "error"},
            {"method": "Inc", "args": [1000], "raises": "panic"},
        ]},
        {"init": [0], "calls": [{"method": "Pop", "expected": [0, False]},
                                {"method": "Check", "expected": None}]},
    ]),
    problem("mirror", "func Mirror(root *TreeNode) *TreeNode", [
        {"args": [[4, 2, 7, 1, 3, 6, 9]], "expected": [4, 7, 2, 9, 6, 3, 1]},
        {"args": [[1, None, 2, None, 3]], "expected": [1, 2, None, 3]},
        {"args": [[]], "expected": []},
    ]),
    problem("reverse", "func Reverse(head *ListNode) *ListNode", [
        {"args": [[1, 2, 3]], "expected": [3, 2, 1]},
        {"args": [[]], "expected": []},
    ]),
    problem("port", "func ParsePort(s string) (int, error)", [
        {"args": ["8080"], "expected": 8080},
        {"args": ["0"], "raises": "error"},
        {"args": ["http"], "raises": "error"},
    ]),
    problem("sum", "func Sum(nums ...int) int", [
        {"args": [], "expected": 0},
        {"args": [1, 2, 3], "expected": 6},
    ]),
    problem("words", "func WordCount(text string) map[string]int", [
        {"args": ["a b a"], "expected": {"a": 2, "b": 1}},
        {"args": [""], "expected": {}},
    ]),
    problem("native", "func Double(x int) int",
            [{"args": [2], "expected": 4}, {"args": [-3], "expected": -6}],
            native="""
                import (
                    "os"
                    "testing"
                )

                func TestSmall(t *testing.T) {
                    if got := Double(21); got != 42 {
                        t.Fatalf("Double(21) = %d", got)
                    }
                }

                func TestFails(t *testing.T) {
                    if got := Double(2); got != 5 {
                        t.Errorf("two doubled is not five: got %d", got)
                    }
                }

                func TestPanics(t *testing.T) {
                    var m map[string]int
                    m["x"] = Double(1)
                }

                func TestExitZero(t *testing.T) {
                    if Double(-1) == -2 {
                        os.Exit(0) // a pass in Go 1.19 unless the harness checks the verdict
                    }
                }

                func TestAfterThePanic(t *testing.T) {
                    t.Run("sub", func(t *testing.T) {
                        if Double(0) != 0 {
                            t.Error("zero")
                        }
                    })
                }
            """),
    problem("hang", "func Spin(n int) int", [{"args": [1], "expected": 1}],
            native="""
                import "testing"

                func TestQuick(t *testing.T) {
                    if Spin(1) != 1 {
                        t.Fatal("one")
                    }
                }

                func TestForever(t *testing.T) {
                    Spin(-1)
                }

                func TestNeverReached(t *testing.T) {}
            """),
    problem("stack", """
        type Stack struct{}

        func (s *Stack) Push(x int)
        func (s *Stack) Pop() (int, error)
    """, [
        {"calls": [{"method": "Push", "args": [1]}, {"method": "Push", "args": [2]},
                   {"method": "Pop", "expected": 2}, {"method": "Pop", "expected": 1},
                   {"method": "Pop", "raises": "error"}]},
    ]),
    problem("maxof", "func MaxOf[T int | float64](xs ...T) T", native="""
        import (
            "fmt"
            "os"
            "testing"
        )

        func TestMain(m *testing.M) {
            os.Exit(m.Run())
        }

        func TestInts(t *testing.T) {
            if MaxOf(1, 3, 2) != 3 {
                t.Fatal("ints")
            }
        }

        func TestFloats(t *testing.T) {
            if MaxOf(-1.5, -2.5) != -1.5 {
                t.Fatal("floats")
            }
        }

        func ExampleMaxOf() {
            fmt.Println(MaxOf(4, 9))
            // Output: 9
        }
    """),
    problem("generic", "func MinOf[T int | float64](xs ...T) T", [{"args": [1, 2], "expected": 1}]),
    problem("limiter", "type Limiter struct{}\n\nfunc NewLimiter(maxEvents, window int) *Limiter", [
        {"input": "(2, 10)", "expected": "{'max_events': 2, 'window': 10}"},
    ]),
    problem("total", "func Total(nums []int, workers int) int", [
        {"args": [list(range(1, 101)), 4], "expected": 5050},
        {"args": [[], 3], "expected": 0},
        {"args": [[5], 8], "expected": 5},
    ]),
]


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    path = write_suite(tmp_path_factory.mktemp("go"), "go_test.json",
                       {"language": "golang", "tests": PROBLEMS})
    loaded = load_suite(path, REG)
    return {p.id: p for p in loaded.problems}


def run(problem, code, settings=FAST):
    return judge(problem, GO.run(problem, code, settings))


def statuses(ex):
    return [o.status for o in ex.outcomes]


ADD = go("""
    package main

    // Add adds.
    func Add(a, b int) int {
        return a + b
    }
""")


def add_with(body: str) -> str:
    """An Add whose body starts with ``body`` (Go, 4-space indented), then returns a + b."""
    return go(f"""
        package main

        func Add(a, b int) int {{
{textwrap.indent(textwrap.dedent(body).strip(chr(10)), " " * 12)}
            return a + b
        }}
    """)


# ---------------------------------------------------------------- plain functions


def test_correct_solution_passes_every_case(suite):
    ex = run(suite["add"], ADD)
    assert statuses(ex) == ["passed"] * 3 and ex.failure is None


def test_wrong_answer_has_expected_and_actual(suite):
    ex = run(suite["add"], ADD.replace("a + b", "a - b"))
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]
    assert ex.failure.value == "wrong_answer"
    assert ex.outcomes[0].expected == "3" and ex.outcomes[0].actual == "-1"


def test_compile_error_names_the_line_of_the_agents_code(suite):
    code = ADD.replace("return a + b", "return a + c")
    ex = run(suite["add"], code)
    assert ex.failure.value == "compile_error" and ex.outcomes == ()
    assert "solution.go:5:13: undefined: c" in ex.message
    # without a package clause the line numbers are still the agent's own
    ex = run(suite["add"], code.replace("package main\n\n", ""))
    assert "solution.go:3:13: undefined: c" in ex.message


def test_missing_entry_point_is_named(suite):
    ex = run(suite["add"], ADD.replace("func Add(", "func Plus("))
    assert ex.failure.value == "compile_error"
    assert "the solution does not define `Add`" in ex.message


def test_other_package_name_and_func_main_are_accepted(suite):
    code = go("""
        package solution // the agent's own package

        import "fmt"

        func Add(a, b int) int { return a + b }

        func main() { fmt.Println(Add(1, 2)) }
    """)
    assert run(suite["add"], code).failure is None


def test_infinite_loop_times_out_keeping_finished_cases(suite):
    ex = run(suite["add"], add_with("for a < 0 {\n}"), SHORT)
    assert statuses(ex) == ["passed", "timeout", "not_run"]
    assert ex.failure.value == "timeout"


def test_panic_is_a_runtime_error_with_its_type_and_message(suite):
    code = add_with("""
        if a < 0 {
            var xs []int
            return xs[5]
        }
    """)
    ex = run(suite["add"], code)
    assert statuses(ex) == ["passed", "error", "passed"]
    assert ex.failure.value == "runtime_error"
    assert ex.outcomes[1].actual == "raised panic"
    assert "index out of range [5] with length 0" in ex.outcomes[1].message
    assert "main.Add(" in ex.outcomes[1].message
    assert " at solution.go:6" in ex.outcomes[1].message  # the frame in the agent's code


def test_panic_in_a_goroutine_crashes_and_is_named(suite):
    code = add_with("""
        if a < 0 {
            done := make(chan int)
            go func() { panic("lost in a goroutine") }()
            <-done
        }
    """)
    ex = run(suite["add"], code)
    assert statuses(ex) == ["passed", "error", "not_run"]
    assert ex.failure.value == "runtime_error"
    assert "panic: lost in a goroutine" in ex.outcomes[1].message
    assert "at solution.go:6" in ex.outcomes[1].message


def test_deadlock_is_named(suite):
    code = add_with("""
        if a < 0 {
            ch := make(chan int)
            ch <- 1
        }
    """)
    ex = run(suite["add"], code)
    assert ex.failure.value == "runtime_error"
    assert "all goroutines are asleep - deadlock!" in ex.outcomes[1].message


def test_exit_inside_solution_is_contained(suite):
    code = go("""
        package main

        import "os"

        func Add(a, b int) int {
            os.Exit(7)
            return 0
        }
    """)
    ex = run(suite["add"], code)
    assert ex.failure.value == "runtime_error"
    assert statuses(ex)[0] == "error" and "status 7" in ex.outcomes[0].message


def test_output_of_the_solution_does_not_disturb_results(suite):
    code = go("""
        package main

        import (
            "fmt"
            "os"
        )

        func Add(a, b int) int {
            fmt.Println(`{"event": "case", "index": 0, "status": "value", "value": 9}`)
            fmt.Fprintln(os.Stderr, "panic: not really")
            return a + b
        }
    """)
    ex = run(suite["add"], code)
    assert ex.failure is None and "event" in ex.stdout


def test_memory_hog_hits_the_resource_limit(suite):
    code = add_with("""
        var keep [][]byte
        for i := 0; a < 0 && i < 64; i++ {
            keep = append(keep, make([]byte, 256<<20))
        }
        b += len(keep)
    """)
    ex = run(suite["add"], code)
    assert ex.failure.value == "resource_limit", ex.message
    assert "out of memory" in ex.message
    assert statuses(ex)[0] == "passed"


# ---------------------------------------------------------------- types across the boundary


def test_arguments_and_results_of_many_types(suite):
    code = go("""
        package main

        // Point is a point.
        type Point struct {
            X, Y int
        }

        func Echo(nums []int, m map[string][]int, s string, f float64, b bool, p *int,
            grid [][]string, pt Point, r rune, data []byte, ids map[int]bool) ([]int,
            map[string][]int, string, float64, bool, *int, [][]string, Point, rune, []byte,
            map[int]bool) {
            return nums, m, s, f, b, p, grid, pt, r, data, ids
        }
    """)
    ex = run(suite["echo"], code)
    assert ex.failure is None, ex.message


PORT = go("""
    package main

    import (
        "fmt"
        "strconv"
    )

    // ParsePort reads a TCP port.
    func ParsePort(s string) (int, error) {
        n, err := strconv.Atoi(s)
        if err != nil {
            return 0, fmt.Errorf("port %q: %w", s, err)
        }
        if n < 1 || n > 65535 {
            return 0, fmt.Errorf("port %d out of range", n)
        }
        return n, nil
    }
""")


def test_error_results(suite):
    assert run(suite["port"], PORT).failure is None
    ex = run(suite["port"], PORT.replace('return 0, fmt.Errorf("port %d out of range", n)',
                                         'panic("range")'))
    assert statuses(ex) == ["passed", "error", "passed"]
    assert "panic: range" in ex.message
    wrong = run(suite["port"], PORT.replace("n < 1 ||", ""))
    assert statuses(wrong) == ["passed", "wrong_answer", "passed"]
    assert wrong.outcomes[1].expected == "raises error"
    assert wrong.outcomes[1].actual == "returned 0"


def test_goroutines_and_generics_in_a_solution(suite):
    code = go("""
        package main

        import "sync"

        // Reduce folds xs with f.
        func Reduce[T, A any](xs []T, acc A, f func(A, T) A) A {
            for _, x := range xs {
                acc = f(acc, x)
            }
            return acc
        }

        // Total sums nums with a pool of workers.
        func Total(nums []int, workers int) int {
            parts := make(chan int)
            var wg sync.WaitGroup
            size := (len(nums) + workers - 1) / workers
            for start := 0; start < len(nums); start += size {
                end := start + size
                if end > len(nums) {
                    end = len(nums)
                }
                wg.Add(1)
                go func(chunk []int) {
                    defer wg.Done()
                    parts <- Reduce(chunk, 0, func(a, b int) int { return a + b })
                }(nums[start:end])
            }
            go func() {
                wg.Wait()
                close(parts)
            }()
            sum := 0
            for p := range parts {
                sum += p
            }
            return sum
        }
    """)
    assert run(suite["total"], code).failure is None


WORDS = go("""
    package main

    import "strings"

    func WordCount(text string) map[string]int {
        counts := map[string]int{}
        for _, w := range strings.Fields(text) {
            counts[w]++
        }
        return counts
    }
""")


def test_variadic_and_map_results(suite):
    code = go("""
        package main

        func Sum(nums ...int) int {
            t := 0
            for _, n := range nums {
                t += n
            }
            return t
        }
    """)
    assert run(suite["sum"], code).failure is None
    assert run(suite["words"], WORDS).failure is None
    nil_map = WORDS.replace("counts := map[string]int{}", "var counts map[string]int") \
                   .replace("counts[w]++", "_ = w")
    ex = run(suite["words"], nil_map)
    assert statuses(ex) == ["wrong_answer", "passed"]  # a nil map is an empty object


# ---------------------------------------------------------------- classes, trees, lists


COUNTER = go("""
    package main

    import "errors"

    // Counter counts.
    type Counter struct {
        n      int
        popped bool
    }

    // NewCounter makes a counter.
    func NewCounter(start int) (*Counter, error) {
        if start < 0 {
            return nil, errors.New("negative start")
        }
        return &Counter{n: start}, nil
    }

    // Inc adds by.
    func (c *Counter) Inc(by int) int {
        if by > 100 {
            panic("too much")
        }
        c.n += by
        return c.n
    }

    // Pop returns the value once.
    func (c *Counter) Pop() (int, bool) {
        if c.popped {
            return 0, false
        }
        c.popped = true
        return c.n, c.n != 0
    }

    // Check fails for a negative count.
    func (c *Counter) Check() error {
        if c.n < 0 {
            return errors.New("negative")
        }
        return nil
    }
""")


def test_class_calls(suite):
    ex = run(suite["counter"], COUNTER)
    assert statuses(ex) == ["passed", "passed"], ex.message
    ex = run(suite["counter"], COUNTER.replace("c.n += by", "c.n += by + 1"))
    assert statuses(ex) == ["wrong_answer", "passed"]
    assert ex.outcomes[0].expected == "7" and ex.outcomes[0].actual == "8"
    assert "call 1 Inc" in ex.outcomes[0].message


def test_zero_value_class_and_attributes(suite):
    stack = go("""
        package main

        import "errors"

        // Stack is a LIFO stack; its zero value is empty.
        type Stack struct {
            items []int
        }

        // Push pushes.
        func (s *Stack) Push(x int) {
            s.items = append(s.items, x)
        }

        // Pop pops.
        func (s *Stack) Pop() (int, error) {
            if len(s.items) == 0 {
                return 0, errors.New("empty")
            }
            x := s.items[len(s.items)-1]
            s.items = s.items[:len(s.items)-1]
            return x, nil
        }
    """)
    assert run(suite["stack"], stack).failure is None
    limiter = go("""
        package main

        // Limiter limits.
        type Limiter struct {
            MaxEvents int
            window    int
        }

        // NewLimiter makes one.
        func NewLimiter(maxEvents, window int) *Limiter {
            return &Limiter{MaxEvents: maxEvents, window: window}
        }

        // Window is the window (a getter for an unexported field).
        func (l *Limiter) Window() int { return l.window }
    """)
    ex = run(suite["limiter"], limiter)
    assert ex.failure is None, ex.message


MIRROR = go("""
    package main

    // Mirror mirrors a tree.
    func Mirror(root *TreeNode) *TreeNode {
        if root == nil {
            return nil
        }
        root.Left, root.Right = Mirror(root.Right), Mirror(root.Left)
        return root
    }
""")


def test_trees(suite):
    assert run(suite["mirror"], MIRROR).failure is None
    own = MIRROR + go("""
        // TreeNode is the solution's own node type.
        type TreeNode struct {
            Val         int
            Left, Right *TreeNode
        }
    """)
    assert run(suite["mirror"], own).failure is None
    ex = run(suite["mirror"], MIRROR.replace("Mirror(root.Right), Mirror(root.Left)",
                                             "root.Right, root.Left"))
    assert statuses(ex) == ["wrong_answer", "wrong_answer", "passed"]
    assert ex.outcomes[0].actual == "[4, 7, 2, 6, 9, 1, 3]"


def test_linked_lists(suite):
    reverse = go("""
        package main

        func Reverse(head *ListNode) *ListNode {
            var prev *ListNode
            for head != nil {
                head, head.Next, prev = head.Next, prev, head
            }
            return prev
        }
    """)
    assert run(suite["reverse"], reverse).failure is None
    cyclic = go("""
        package main

        func Reverse(head *ListNode) *ListNode {
            if head != nil {
                head.Next = head
            }
            return head
        }
    """)
    ex = run(suite["reverse"], cyclic)
    assert statuses(ex) == ["wrong_answer", "passed"]
    assert "cycle" in ex.outcomes[0].actual


# ---------------------------------------------------------------- native tests


DOUBLE = go("""
    package main

    // Double doubles.
    func Double(x int) int {
        return 2 * x
    }
""")


def test_native_tests_one_outcome_each(suite):
    ex = run(suite["native"], DOUBLE)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("case 1", "passed"), ("case 2", "passed"),
        ("TestSmall", "passed"), ("TestFails", "wrong_answer"), ("TestPanics", "error"),
        ("TestExitZero", "error"), ("TestAfterThePanic", "passed")]
    assert ex.outcomes[3].message == "solution_test.go:14: two doubled is not five: got 4"
    assert "assignment to entry in nil map" in ex.outcomes[4].message
    assert "TestPanics(" in ex.outcomes[4].message and "at solution_test.go:20" in \
        ex.outcomes[4].message
    assert "exited before the test ended" in ex.outcomes[5].message
    assert ex.failure.value == "runtime_error"


def reported_events(monkeypatch) -> list[list[dict]]:
    """The events of every step run through the channel from now on (token removed)."""
    runs: list[list[dict]] = []
    real = GoRunner.report

    def spy(self, step, work, limits):
        got = real(self, step, work, limits)
        runs.append(got.events)
        return got

    monkeypatch.setattr(GoRunner, "report", spy)
    return runs


def test_native_tests_build_once_with_the_data_cases(suite, tmp_path, monkeypatch):
    keep = tmp_path / "kept"
    runs = reported_events(monkeypatch)
    GO.run(suite["native"], DOUBLE, ExecSettings(solution_limits(10), keep_dir=keep))
    assert (keep / "solution.bin").exists() and not (keep / "tests.bin").exists()
    assert not list(keep.glob("*.jsonl"))  # every event came through the channel
    cases, tests = runs
    assert cases[0] == {"event": "loaded"} and cases[-1] == {"event": "done"}
    assert tests[0] == {"event": "listed", "names": [
        "TestSmall", "TestFails", "TestPanics", "TestExitZero", "TestAfterThePanic"]}


def test_native_test_that_hangs_times_out_keeping_the_others(suite):
    code = go("""
        package main

        func Spin(n int) int {
            for n < 0 {
            }
            return n
        }
    """)
    ex = run(suite["hang"], code, SHORT)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("case 1", "passed"), ("TestQuick", "passed"), ("TestForever", "error"),
        ("TestNeverReached", "error")]
    assert ex.failure.value == "timeout"
    assert "did not finish" in ex.outcomes[2].message and "not run" in ex.outcomes[3].message


def test_native_tests_that_do_not_compile_are_a_compile_error(suite):
    ex = run(suite["native"], DOUBLE.replace("x int) int", "x int64) int64"))
    assert ex.failure.value == "compile_error"
    assert "solution_test.go" in ex.message


def test_vet_findings_are_not_compile_errors(suite):
    code = DOUBLE.replace("return 2 * x", '_ = fmt.Sprintf("%d", "not a number")\n\treturn 2 * x')
    code = code.replace("package main\n", 'package main\n\nimport "fmt"\n')
    ex = run(suite["native"], code)
    assert ex.failure.value == "runtime_error"  # only the three failing tests fail
    assert statuses(ex).count("passed") == 4


def test_generic_entry_points_need_native_tests(suite):
    code = go("""
        package main

        // MaxOf returns the largest argument.
        func MaxOf[T int | float64](xs ...T) T {
            best := xs[0]
            for _, x := range xs[1:] {
                if x > best {
                    best = x
                }
            }
            return best
        }
    """)
    ex = run(suite["maxof"], code)  # native tests only, with their own TestMain and an Example
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("TestInts", "passed"), ("TestFloats", "passed"), ("ExampleMaxOf", "passed")]
    ex = run(suite["maxof"], code.replace("x > best", "x < best"))
    assert [o.status for o in ex.outcomes] == ["wrong_answer"] * 3
    assert ex.outcomes[2].message == "got:\n4\nwant:\n9"
    ex = run(suite["generic"], code.replace("MaxOf", "MinOf"))  # data cases cannot call it
    assert ex.failure.value == "runtime_error" and "MinOf is a generic function" in ex.message


SKIPS = problem("skips", "func Double(x int) int", native="""
    import "testing"

    func TestChecked(t *testing.T) {
        if Double(2) != 4 {
            t.Fatal("two")
        }
    }

    func TestSkip(t *testing.T) {
        t.Skip("not on this machine")
        if Double(3) != 6 {
            t.Fatal("three")
        }
    }

    func TestSkipf(t *testing.T) {
        t.Skipf("needs %s", "a network")
    }

    func TestSkipNow(t *testing.T) {
        t.SkipNow()
    }

    func TestEverySubtestSkips(t *testing.T) {
        for _, n := range []int{4, 5} {
            t.Run("n", func(t *testing.T) {
                t.Skip("later")
                if Double(n) != 2*n {
                    t.Fatal(n)
                }
            })
        }
    }

    func TestOneSubtestSkips(t *testing.T) {
        t.Run("skips", func(t *testing.T) { t.Skip("later") })
        t.Run("checks", func(t *testing.T) {
            if Double(1) != 2 {
                t.Fatal("one")
            }
        })
    }

    func TestFailsThenSkips(t *testing.T) {
        if Double(0) != 0 {
            t.Error("zero")
        }
        t.SkipNow()
    }

    func FuzzEverySeedSkips(f *testing.F) {
        f.Add(7)
        f.Fuzz(func(t *testing.T, n int) {
            t.Skip("not today")
        })
    }
""")

ALL_SKIPPED = problem("all_skipped", "func Double(x int) int", native="""
    import "testing"

    func TestLater(t *testing.T) {
        t.Skip("later")
        if Double(1) != 2 {
            t.Fatal("one")
        }
    }

    func TestNever(t *testing.T) {
        t.SkipNow()
    }
""")


@pytest.fixture(scope="module")
def skip_suite(tmp_path_factory):
    path = write_suite(tmp_path_factory.mktemp("go-skip"), "go_skip.json",
                       {"language": "go", "tests": [SKIPS, ALL_SKIPPED]})
    return {p.id: p for p in load_suite(path, REG).problems}


def test_tests_that_skip_themselves_are_skipped_never_passed(skip_suite):
    ex = run(skip_suite["skips"], DOUBLE)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("TestChecked", "passed"), ("TestSkip", "skipped"), ("TestSkipf", "skipped"),
        ("TestSkipNow", "skipped"), ("TestEverySubtestSkips", "skipped"),
        ("TestOneSubtestSkips", "passed"), ("TestFailsThenSkips", "skipped"),
        ("FuzzEverySeedSkips", "skipped")]
    assert "not on this machine" in ex.outcomes[1].message
    assert "needs a network" in ex.outcomes[2].message
    assert "every subtest (2) was skipped" in ex.outcomes[4].message
    assert ex.failure is None and ex.passed_count == 2 and len(ex.counted) == 2
    wrong = run(skip_suite["skips"], DOUBLE.replace("2 * x", "2*x + 1"))  # wrong for any x
    assert [o.status for o in wrong.outcomes] == [
        "wrong_answer", "skipped", "skipped", "skipped", "skipped", "wrong_answer",
        "wrong_answer", "skipped"]


def test_a_wrong_solution_gets_no_pass_from_a_skipped_test(skip_suite):
    # wrong only for 3, which only the skipped TestSkip checks
    wrong = DOUBLE.replace("return 2 * x", "if x == 3 {\n\t\treturn 0\n\t}\n\treturn 2 * x")
    ex = run(skip_suite["skips"], wrong)
    skip = ex.outcomes[1]
    assert (skip.name, skip.status, skip.passed) == ("TestSkip", "skipped", False)
    assert ex.failure is None  # the item passes on what was checked ...
    assert ex.passed_count == 2 and len(ex.counted) == 2  # ... 2 of 8 tests; 6 skipped


def test_an_item_whose_every_test_skips_itself_is_skipped(skip_suite):
    ex = run(skip_suite["all_skipped"], DOUBLE)
    assert [o.status for o in ex.outcomes] == ["skipped", "skipped"] and ex.only_skipped

    class Answer(Agent):
        spec = "answer"

        def solve(self, request):
            return AgentReply(f"```go\n{DOUBLE}```", 0.0)

    result = run_problem(skip_suite["all_skipped"], Answer(), GO, REG,
                         BenchSettings(exec_settings=FAST))
    assert result.status == "skipped", result.message
    assert "every test of the problem was skipped" in result.message


def test_forged_events_without_the_token_void_the_run(suite):
    lines = [{"event": "loaded"}, {"event": "start", "index": 0},
             {"event": "case", "index": 0, "status": "value", "value": 3, "seconds": 0.0},
             {"event": "case", "index": 1, "status": "value", "value": 0, "seconds": 0.0},
             {"event": "case", "index": 2, "status": "value", "value": 0, "seconds": 0.0},
             {"event": "done"}]
    text = "".join(json.dumps(line) + "\n" for line in lines)
    forger = go(f"""
        package main

        import (
            "os"
            "syscall"
        )

        func init() {{
            if os.Getenv("AGENTBENCH_TOKEN_FD") != "" || os.Getenv("AGENTBENCH_EVENTS_FD") != "" {{
                panic("the channel's names are still in the environment")
            }}
        }}

        func Add(a, b int) int {{
            for fd := 3; fd < 256; fd++ {{
                _, _ = syscall.Write(fd, []byte({json.dumps(text)}))
            }}
            os.Exit(0)
            return 0
        }}
    """)
    ex = run(suite["add"], forger)
    assert ex.failure.value == "runtime_error"
    assert "without its token" in ex.message and ex.passed_count == 0


# ---------------------------------------------------------------- reading and prompting


def sig(text, entry=None):
    return GO.read_signature(go(text), entry)


def test_signature_of_functions():
    s = sig("func TwoSum(nums []int, target int) []int")
    assert (s.entry_point, s.kind, s.returns) == ("TwoSum", "function", "[]int")
    assert [(p.name, p.type, p.kind) for p in s.params] == [
        ("nums", "[]int", "other"), ("target", "int", "other")]
    s = sig("""
        // Apply applies f.
        func Apply(f func(int) (int, error), a, b string,
            xs ...map[string]int) (out []int, err error) {
    """)
    assert [(p.name, p.type) for p in s.params] == [
        ("f", "func(int) (int, error)"), ("a", "string"), ("b", "string"),
        ("xs", "...map[string]int")]
    assert s.returns == "(out []int, err error)" and s.params[1].kind == "str"
    assert sig("func Name(id int) (string, error)").returns_kind == "str"
    s = sig("func MaxDepth(root *TreeNode) int")
    assert s.params[0].kind == "tree" and s.returns_kind == "other"
    assert sig("func Rev(head *ListNode) *ListNode").returns_kind == "linked_list"
    assert sig("func Any() interface{} {").returns == "interface{}"
    s = sig("func Map[T any, U fmt.Stringer](xs []T, f func(T) U) []U")
    assert s.entry_point == "Map" and [p.type for p in s.params] == ["[]T", "func(T) U"]
    assert [p.type for p in sig("func Pair(int, chan string) bool").params] == [
        "int", "chan string"]


def test_signature_of_types():
    s = sig("""
        type LRUCache struct{}

        func NewLRUCache(capacity int) *LRUCache
        func (c *LRUCache) Get(key int) (int, bool)
    """)
    assert (s.entry_point, s.kind, [p.name for p in s.params]) == (
        "LRUCache", "class", ["capacity"])
    leet = sig("""
        type MinStack struct {
        }

        func Constructor() MinStack {
        }

        func (this *MinStack) Push(val int) {
        }
    """)
    assert (leet.entry_point, leet.kind, leet.params) == ("MinStack", "class", ())
    zero = sig("type Set[T comparable] struct{ m map[T]struct{} }\n\nfunc (s *Set[T]) Add(v T)")
    assert (zero.entry_point, zero.kind) == ("Set", "class")
    # an interface and the function that uses it: the function is the entry point
    shapes = sig("""
        type Shape interface {
            Area() float64
        }

        func Largest(shapes []Shape) Shape
    """)
    assert (shapes.entry_point, shapes.kind) == ("Largest", "function")
    # a type with methods beside a plain function: the plain function is the entry point
    both = "type Rect struct{ W, H float64 }\n\nfunc (r Rect) Area() float64\n" \
           "func Biggest(rs []Rect) Rect"
    assert sig(both).entry_point == "Biggest"
    assert sig(both, "Rect").kind == "class"
    assert sig(both, "Biggest").kind == "function"
    grouped = parse_types(go("""
        type (
            Celsius float64
            Grid    [3][3]int
            Pair[K comparable, V any] struct {
                Key K
            }
        )
    """))
    assert [(t.name, t.generic) for t in grouped] == [
        ("Celsius", False), ("Grid", False), ("Pair", True)]
    with pytest.raises(ValueError, match="no Go"):
        sig("reverse a string")
    with pytest.raises(ValueError, match="Missing"):
        sig("func Add(a, b int) int", "Missing")
    assert [(f.receiver, f.name) for f in parse_funcs(
        "x := func() {}\nfunc (s *S) M() {}\nfunc (p Pair[K, V]) Key() K\nfunc (*S) N()\n")] == [
        ("S", "M"), ("Pair", "Key"), ("S", "N")]


def test_defines_and_looks_like_code():
    assert GO.defines("func Add(a, b int) int { return a + b }", "Add")
    assert GO.defines("func Map[T any](xs []T) []T { return xs }", "Map")
    assert GO.defines("type (\n\tCache struct{}\n)", "Cache")
    assert not GO.defines("func Adder() {}", "Add")
    # read from the tree: a method counts, a comment, a string or a func in a body does not
    assert GO.defines("func (s *Stack) Push(x int) {}", "Push")
    assert not GO.defines('// func Add(a int) int\nvar s = "func Add("', "Add")
    assert not GO.defines("func main() {\n\ttype Add struct{}\n}", "Add")
    assert GO.looks_like_code("package main\n\nfunc Add() {}")
    assert not GO.looks_like_code("Here is how to add two numbers.")


def test_go_literals():
    assert go_literal([[1, 2], [3]], "[][]int") == "[][]int{{1, 2}, {3}}"
    assert go_literal({"a": [1]}, "map[string][]int") == 'map[string][]int{"a": {1}}'
    assert go_literal({"X": 1, "Y": 2}, "Point") == "Point{X: 1, Y: 2}"
    assert go_literal([3, 9, None], "*TreeNode") == "tree(3, 9, nil)"
    assert go_literal([1, 2], "*ListNode") == "list(1, 2)"
    assert go_literal(["a", "é"]) == '[]string{"a", "é"}'
    assert go_literal([1, 2.5]) == "[]float64{1, 2.5}"
    assert go_literal([1, "a", True, None, 2.5]) == '[]any{1, "a", true, nil, 2.5}'
    # untyped expected values: several results, and a struct's exported fields
    assert go_literal([0, False]) == "(0, false)"
    assert go_literal({"Major": 1, "Pre": ""}) == '{Major: 1, Pre: ""}'
    assert go_literal({"k": 1}) == 'map[string]int{"k": 1}'
    assert go_literal("x", "rune") == "'x'"


def test_prompt_uses_go_syntax(suite):
    text = render_prompt(suite["echo"], GO)
    assert 'Echo([]int{1, -2}, map[string][]int{"a": {1}, "b": {}}, "héllo", 2.5, true, 7, ' \
           '[][]string{{"x"}, {}}, Point{X: 1, Y: -1}, \'é\', "bytes"' in text
    assert "```go" in text and "package main" in text
    assert re.search(r"compiled with Go 1\.\d+", text)
    tree = render_prompt(suite["mirror"], GO)
    assert "Mirror(tree(4, 2, 7, 1, 3, 6, 9))" in tree and "`TreeNode`" in tree
    assert "do not declare it" in tree
    assert "constructor `NewCounter`" in render_prompt(suite["counter"], GO)
    assert "zero value of `Stack`" in render_prompt(suite["stack"], GO)


def test_missing_toolchain_skips_with_the_install_command(suite, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    tc = GoRunner().toolchain()
    assert not tc.available and tc.install_hint == "apt-get install golang-go"
    reason = skip_reason(suite["add"], GoRunner())
    assert "Go toolchain not available" in reason and "apt-get install golang-go" in reason
    (tmp_path / "old").mkdir()  # a Go without generics counts as missing
    old = tmp_path / "old" / "go"
    old.write_text("#!/bin/sh\necho go version go1.17.13 linux/amd64\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", str(old.parent))
    tc = GoRunner().toolchain()
    assert not tc.available and "Go 1.18 or newer" in tc.reason


# ---------------------------------------------------------------- the suite


def native_test_names(code: str | None) -> list[str]:
    return re.findall(r"^func (Test\w*)\(t \*testing\.T\)", code or "", re.M)


def test_go_mini_suite_shape():
    suite = load_suite(SUITE, REG)
    assert suite.language == "go" and len(suite.problems) == 12
    assert_mini_suite_shape(suite, GO, lambda code: len(native_test_names(code)))


# ---------------------------------------------------------------- keyword arguments, examples


KEYWORDS = [
    problem("scale", "func Scale(nums []int, factor, offset int) []int", [
        {"args": [[1, 2]], "kwargs": {"factor": 3, "offset": 1}, "expected": [4, 7]},
        {"args": [[1, 2], 2], "kwargs": {"offset": 0}, "expected": [2, 4]},
        {"args": [[5]], "kwargs": {"offset": 1, "factor": 0}, "expected": [1]},
    ]),
    problem("account", """
        type Account struct {
            // unexported fields
        }

        func NewAccount(owner string, balance int) (*Account, error)
        func (a *Account) Deposit(amount int, note string) int
    """, [
        {"init": ["ann"], "init_kwargs": {"balance": 5},
         "calls": [{"method": "deposit", "args": [3], "kwargs": {"note": "x"}, "expected": 8},
                   {"method": "Deposit", "kwargs": {"note": "y", "amount": 2}, "expected": 10}]},
        {"init": ["bob", -1], "init_raises": "error"},
        {"init": [], "init_kwargs": {"owner": "cy", "balance": 0}, "init_raises": "error"},
    ]),
]

SCALE = go("""
    package main

    // Scale multiplies each number by factor and adds offset.
    func Scale(nums []int, factor, offset int) []int {
        out := make([]int, len(nums))
        for i, n := range nums {
            out[i] = n*factor + offset
        }
        return out
    }
""")

ACCOUNT = go("""
    package main

    import "errors"

    // Account is a balance with an owner.
    type Account struct {
        owner   string
        balance int
    }

    // NewAccount opens an account; the balance must be positive.
    func NewAccount(owner string, balance int) (*Account, error) {
        if balance <= 0 {
            return nil, errors.New("the opening balance must be positive")
        }
        return &Account{owner: owner, balance: balance}, nil
    }

    // Deposit adds amount and returns the new balance.
    func (a *Account) Deposit(amount int, note string) int {
        a.balance += amount
        return a.balance
    }
""")


@pytest.fixture(scope="module")
def keyword_suite(tmp_path_factory):
    path = write_suite(tmp_path_factory.mktemp("go-kw"), "go_kw.json",
                       {"language": "go", "tests": KEYWORDS})
    return {p.id: p for p in load_suite(path, REG).problems}


def test_keyword_arguments_take_their_parameters_place(keyword_suite):
    ex = run(keyword_suite["scale"], SCALE)
    assert statuses(ex) == ["passed"] * 3, [o.message for o in ex.outcomes]


def test_class_cases_with_init_kwargs_call_kwargs_and_init_raises(keyword_suite):
    ex = run(keyword_suite["account"], ACCOUNT)
    assert statuses(ex) == ["passed"] * 3, [o.message for o in ex.outcomes]
    lenient = ACCOUNT.replace("balance <= 0", "balance < 0")
    assert statuses(run(keyword_suite["account"], lenient)) == ["passed", "passed",
                                                                 "wrong_answer"]


def test_job_names_the_parameters_of_each_method(keyword_suite):
    job = GO.job_for(keyword_suite["account"])
    assert job["methods"] == {"Deposit": ["amount", "note"]}
    assert [p["name"] for p in job["params"]] == ["owner", "balance"]
    assert job["cases"][0]["init_kwargs"] == {"balance": 5}
    assert job["cases"][0]["calls"][0]["kwargs"] == {"note": "x"}


def test_examples_are_written_in_go(keyword_suite):
    from pytest_agentbench.prompt import render_example

    scale = keyword_suite["scale"]
    assert render_example(scale, scale.cases[0], GO) == (
        "Scale([]int{1, 2}, 3, 1)  // -> []int{4, 7}")
    account = keyword_suite["account"]
    assert render_example(account, account.cases[0], GO) == (
        'a := NewAccount("ann", 5)\n'
        'a.Deposit(3, "x")  // -> 8\n'
        'a.Deposit(2, "y")  // -> 10')
    assert render_example(account, account.cases[1], GO) == (
        'NewAccount("bob", -1)  // -> non-nil error')
    text = render_prompt(load_suite(SUITE, REG).problems[3], GO)  # go_easy_04, RingBuffer
    assert "rb := NewRingBuffer(3)\nrb.Push(1)  // -> 0, false" in text


# ---------------------------------------------------------------- analysers


def go_analysis(code: str):
    from pytest_agentbench.analysis import analyse, analysers_for

    missing = [a.name for a in analysers_for("go") if a.availability()[0] is None]
    if missing:
        pytest.skip(f"Go analysers not installed: {', '.join(missing)}")
    return analyse("go", code, GO.file_name)


def rules(result, dimension):
    return sorted(f"{f.tool}:{f.rule}" for f in result.for_dimension(dimension))


def test_analysers_find_formatting_idiom_and_practice_problems():
    code = go("""
        package main

        import (
            "fmt"
            "strings"
        )

        // has reports whether s holds sub.
        func has(s, sub string) bool {
            return strings.Index(s, sub) != -1
        }

        // Describe describes n.
        func Describe(n int) string {
            fmt.Printf("%d\\n", "n")
            return fmt.Sprint(has("ab", "a"), n)
        }

        func unused_helper() {}
    """).replace("\treturn fmt.Sprint", "    return fmt.Sprint")
    result = go_analysis(code)
    assert not result.errors and not result.missing, (result.errors, result.missing)
    idiom, practice = rules(result, "idiomaticity"), rules(result, "best_practices")
    assert "gofmt:format" in idiom and "staticcheck:S1003" in idiom
    assert "staticcheck:ST1003" in idiom  # unused_helper: underscores in a Go name
    assert "govet:printf" in practice and "staticcheck:U1000" in practice
    fmt_finding = next(f for f in result.findings if f.rule == "format")
    assert code.splitlines()[fmt_finding.line - 1].startswith("    return fmt.Sprint")


def test_lint_directives_do_not_hide_findings():
    code = go("""
        package main

        //lint:file-ignore ST1003 an answer may not silence the analysers

        // Snake_case is badly named.
        func Snake_case() int {
            return 1
        }
    """)
    assert "staticcheck:ST1003" in rules(go_analysis(code), "idiomaticity")


def test_predefined_tree_and_a_package_that_does_not_type_check():
    tree = go("""
        package main

        // Depth is the height of a tree.
        func Depth(root *TreeNode) int {
            if root == nil {
                return 0
            }
            return 1 + max(Depth(root.Left), Depth(root.Right))
        }

        func max(a, b int) int {
            if a > b {
                return a
            }
            return b
        }
    """)
    result = go_analysis(tree)
    assert not result.findings, result.findings  # TreeNode is predefined, not undefined
    broken = go_analysis(tree.replace("root.Left", "root.Lefty"))
    assert "govet:typecheck" in rules(broken, "best_practices")


def test_go_references_score_well_and_beginners_do_not():
    from pytest_agentbench.scoring.quality import quality_score

    suite = {p.id: p for p in load_suite(SUITE, REG).problems}
    beginner = Path(__file__).parent / "data" / "beginner" / "go_easy_04.go"
    for code, low in ((suite["go_easy_04"].reference_solution, False),
                      (beginner.read_text(), True)):
        result = go_analysis(code)
        for dim in ("idiomaticity", "best_practices"):
            score = quality_score(sum(f.weight for f in result.for_dimension(dim)), result.lines)
            assert (score <= 7) if low else (score == 10), (dim, score, result.findings)


# ---------------------------------------------------------------- timing


SLOW_TRUNCATE = go("""
    package main

    import (
        "strings"
        "unicode"
        "unicode/utf8"
    )

    // Truncate shortens s to at most maxRunes runes, counting the kept runes again for every
    // rune it keeps and copying them as it goes: O(n^2) where the reference is O(n).
    func Truncate(s string, maxRunes int) string {
        if maxRunes <= 0 {
            return ""
        }
        if utf8.RuneCountInString(s) <= maxRunes {
            return s
        }
        kept := ""
        for _, r := range s {
            if utf8.RuneCountInString(kept) == maxRunes-1 {
                break
            }
            kept += string(r)
        }
        return strings.TrimRightFunc(kept, unicode.IsSpace) + "…"
    }
""")


def test_go_suite_has_timing_inputs_with_two_sizes():
    """8 of 12 timed: the class designs (a construction and a call sequence) and the generic
    Chunk (instantiated by its type_args) too; the other four say why not."""
    problems = load_suite(SUITE, REG).problems
    timed = [p for p in problems if p.timing is not None]
    assert {p.id for p in timed} == {"go_easy_01", "go_easy_02", "go_easy_03", "go_easy_04",
                                     "go_medium_03", "go_medium_04", "go_hard_02", "go_hard_03"}
    for p in timed:
        assert len(p.timing.sizes) == 2 and all(s.n for s in p.timing.sizes), p.id
        small, large = p.timing.sizes
        assert 4 <= large.n / small.n <= 10, p.id
        assert all((s.calls is not None) == (p.signature.kind == "class")
                   for s in p.timing.sizes), p.id
    untimed = {p.id: p.extra.get("no_timing") for p in problems if p.timing is None}
    assert set(untimed) == {"go_medium_01", "go_medium_02", "go_medium_05", "go_hard_01"}
    assert all(untimed.values()), untimed


def test_an_asymptotically_slower_solution_is_timed_on_both_sizes():
    """Mechanics only: the O(n^2) truncation is correct and measured on both sizes (that it
    loses points is what benchmarks/performance_discrimination.py shows)."""
    problem = next(p for p in load_suite(SUITE, REG).problems if p.id == "go_easy_01")
    assert statistics_ok(run(problem, SLOW_TRUNCATE))  # correct on every case
    result = GO.benchmark(problem, SLOW_TRUNCATE, problem.reference_solution,
                          ExecSettings(solution_limits(30)))
    assert_benchmark_mechanics(result, problem)


def statistics_ok(ex) -> bool:
    return all(s == "passed" for s in statuses(ex))


def test_missing_staticcheck_says_how_to_install_it(tmp_path, monkeypatch):
    import shutil

    from pytest_agentbench.languages.go.analysers import Gofmt, Staticcheck

    for program in ("go", "gofmt"):
        (tmp_path / program).symlink_to(shutil.which(program))
    monkeypatch.setenv("PATH", str(tmp_path))
    version, why = Staticcheck().availability()
    assert version is None and "apt-get install go-staticcheck" in why
    assert Gofmt().availability()[0].startswith("gofmt (go1.")


# ---------------------------------------------------------------- timing class problems


def _suite_problem(problem_id: str):
    return next(p for p in load_suite(SUITE, REG).problems if p.id == problem_id)


def _small(problem, *sizes):
    """``problem`` timed on small inputs: mechanics only (what a timing means lives in
    benchmarks/performance_stability.py)."""
    return replace(problem, timing=Timing(tuple(sizes), repeat=2))


def _calls_size(n, init, *templates):
    calls = {"$gen": "cycle", "n": n, "of": list(templates)}
    return TimingSize(f"n={n}", (), n, tuple(init), calls)


PUSH = {"method": "push", "args": [{"$gen": "int", "lo": 0, "hi": 99}]}


def test_a_class_problem_of_the_suite_is_timed_as_construction_and_calls():
    """RingBuffer: each measurement constructs a buffer and makes every call, its arguments
    decoded beforehand, the calls bound to the methods by generated code (no reflection)."""
    ring = _small(_suite_problem("go_easy_04"),
                  _calls_size(40, [4], PUSH, {"method": "Pop", "args": []}),
                  _calls_size(400, [16], PUSH, PUSH, {"method": "Len", "args": []}))
    result = GO.benchmark(ring, ring.reference_solution, ring.reference_solution, FAST)
    assert result.error == "", result.error
    assert [s.label for s in result.sizes] == ["n=40", "n=400"]
    assert all(len(s.solution) == len(s.reference) == 2 for s in result.sizes)  # repeat rounds


def test_class_timing_takes_a_writer_from_a_string_and_refuses_an_unknown_method():
    writer = _suite_problem("go_medium_04")  # NewPrefixWriter(w io.Writer, prefix string)
    write = {"method": "Write", "args": [{"$gen": "randstr", "n": 30, "alphabet": "ab \n"}]}
    timed = _small(writer, _calls_size(10, ["", "> "], write), _calls_size(50, ["", "> "], write))
    result = GO.benchmark(timed, writer.reference_solution, writer.reference_solution, FAST)
    assert result.error == "", result.error
    unknown = _small(writer, _calls_size(10, ["", "> "], {"method": "flush", "args": []}))
    result = GO.benchmark(unknown, writer.reference_solution, writer.reference_solution, FAST)
    assert "has no method Flush to time" in result.error


STACK = go("""
    package main

    // Stack is a stack of ints.
    type Stack struct {
        items []int
    }

    // Push puts v on top.
    func (s *Stack) Push(v int) { s.items = append(s.items, v) }

    // Pop takes the top value off.
    func (s *Stack) Pop() int {
        v := s.items[len(s.items)-1]
        s.items = s.items[:len(s.items)-1]
        return v
    }
""")


def test_a_solution_without_a_method_still_builds_for_its_data_cases(tmp_path):
    """Methods are bound for timing from the solution's own declarations, so one it lacks
    costs only the calls of that method (as without timing), not the build."""
    signature = ("type Stack struct{}\n\nfunc (s *Stack) Push(v int)\nfunc (s *Stack) Pop() int\n"
                 "func (s *Stack) Peek() int")
    cases = [{"init": [], "calls": [{"method": "push", "args": [1]},
                                    {"method": "pop", "expected": 1}]},
             {"init": [], "calls": [{"method": "push", "args": [2]},
                                    {"method": "peek", "expected": 2}]}]
    data = {"language": "go", "tests": [
        {**problem("stack", signature, cases),
         "timing": {"sizes": [{"n": 4, "init": [], "calls": [PUSH, PUSH]}], "repeat": 1}}]}
    stack = load_suite(write_suite(tmp_path, "stack.json", data), REG).problems[0]
    ex = run(stack, STACK)
    assert statuses(ex)[0] == "passed", ex.message  # built and run
    assert "no exported method Peek" in ex.outcomes[1].message
    assert GO.benchmark(stack, STACK, STACK, FAST).error == ""


def test_a_generic_function_is_timed_with_its_type_args():
    chunk = _suite_problem("go_easy_03")
    assert chunk.extra["type_args"] == {"T": "int"}
    timed = _small(chunk, *(TimingSize(f"n={n}", ({"$gen": "range", "stop": n}, 3), n)
                            for n in (30, 300)))
    result = GO.benchmark(timed, chunk.reference_solution, chunk.reference_solution, FAST)
    assert result.error == "" and len(result.sizes) == 2, result.error


LAZY = go("""
    package main

    // Count delivers 0..n-1 on a channel, then panics: only a reader of the whole channel
    // gets the producer that far.
    func Count(n int) <-chan int {
        out := make(chan int)
        go func() {
            for i := 0; i < n; i++ {
                out <- i
            }
            panic("the channel was read to its end")
        }()
        return out
    }
""")


def test_a_channel_result_is_drained_inside_the_timed_call(tmp_path):
    data = {"language": "go", "tests": [
        {**problem("count", "func Count(n int) <-chan int"),
         "timing": {"sizes": [{"n": 5, "args": [5]}], "repeat": 1}}]}
    count = load_suite(write_suite(tmp_path, "lazy.json", data), REG).problems[0]
    result = GO.benchmark(count, LAZY, LAZY.replace("panic(", "close(out)\n\t_ = ("), FAST)
    assert "panic: the channel was read to its end" in result.error


def test_a_method_s_channel_result_is_drained_inside_the_timed_unit(tmp_path):
    signature = "type Counter struct{}\n\nfunc (c *Counter) Count(n int) <-chan int"
    code = LAZY.replace("func Count(", "type Counter struct{}\n\nfunc (c *Counter) Count(")
    cases = [{"init": [], "calls": [{"method": "Count", "args": [0]}]}]
    data = {"language": "go", "tests": [
        {**problem("counter", signature, cases),
         "timing": {"sizes": [{"n": 5, "init": [], "calls": [{"method": "count", "args": [5]}]}],
                    "repeat": 1}}]}
    counter = load_suite(write_suite(tmp_path, "lazy.json", data), REG).problems[0]
    result = GO.benchmark(counter, code, code.replace("panic(", "close(out)\n\t_ = ("), FAST)
    assert "panic: the channel was read to its end" in result.error


# ---------------------------------------------------------------- one timing process


def _timed_function(tmp_path, signature, sizes, repeat=3, cases=()):
    """A function problem timed on ``sizes`` (``(n, args)`` pairs), ``repeat`` rounds."""
    data = {"language": "go", "tests": [
        {**problem("timed", signature, cases),
         "timing": {"repeat": repeat,
                    "sizes": [{"n": n, "args": list(args)} for n, args in sizes]}}]}
    return load_suite(write_suite(tmp_path, "timed.json", data), REG).problems[0]


COUNTED_SUM = go("""
    package main

    var calls int

    // Sum adds xs up, and panics past 4 calls: a warm-up and 3 rounds of its own at one size.
    func Sum(xs []int) int {
        calls++
        if calls > 4 {
            panic("called more often than one contender is")
        }
        total := 0
        for _, x := range xs {
            total += x
        }
        return total
    }
""")


def test_each_contender_is_a_package_of_its_own_timed_once_per_round(tmp_path):
    """Solution and reference are timed in one process, each in its own package: with the
    same code, a call counter shared between them would pass 4 (a warm-up and 3 rounds)."""
    timed = _timed_function(tmp_path, "func Sum(xs []int) int", [(5, [[1, 2, 3, 4, 5]])])
    result = GO.benchmark(timed, COUNTED_SUM, COUNTED_SUM, FAST)
    assert result.error == "", result.error
    assert [(s.label, s.n, len(s.solution), len(s.reference)) for s in result.sizes] == [
        ("n=5", 5, 3, 3)]
    other = COUNTED_SUM.replace("total += x", "total += x * 1")  # another reference
    assert GO.benchmark(timed, COUNTED_SUM, other, FAST).error == ""


DRAIN = go("""
    package main

    // Drain counts xs and overwrites them, as an in-place algorithm leaves its input; a call
    // on what an earlier call left panics.
    func Drain(xs []int) int {
        for _, x := range xs {
            if x < 0 {
                panic("the input was overwritten by an earlier call")
            }
        }
        for i := range xs {
            xs[i] = -1
        }
        return len(xs)
    }
""")


def test_every_unit_gets_fresh_arguments_at_every_size(tmp_path):
    """An input decoded once per size is copied for each unit of each contender, so one that
    overwrites its input is timed on the whole input every time; quick calls get the full
    ``repeat`` rounds at the second size too."""
    timed = _timed_function(tmp_path, "func Drain(xs []int) int",
                            [(10, [list(range(10))]), (100, [list(range(100))])], repeat=4)
    result = GO.benchmark(timed, DRAIN, DRAIN.replace("len(xs)", "len(xs) + 0"), FAST)
    assert result.error == "", result.error
    assert [(s.n, len(s.solution), len(s.reference)) for s in result.sizes] == [
        (10, 4, 4), (100, 4, 4)]


def test_an_error_names_the_contender_that_raised_it(tmp_path):
    timed = _timed_function(tmp_path, "func Sum(xs []int) int", [(3, [[1, 2, 3]])])
    fine = COUNTED_SUM.replace("calls > 4", "calls < 0")
    broken = fine.replace("return total", 'panic("no sum today")')
    result = GO.benchmark(timed, broken, fine, FAST)
    assert result.error.startswith("the solution raised panic: no sum today"), result.error
    result = GO.benchmark(timed, fine, broken, FAST)
    assert result.error.startswith("the reference raised panic: no sum today"), result.error
    assert not result.cut


def test_an_endless_solution_is_cut_by_the_watchdog(tmp_path):
    """Cut after a second (the reference's calls are far shorter): timing_cut, not the run's
    time limit."""
    timed = _timed_function(tmp_path, "func Sum(xs []int) int", [(3, [[1, 2, 3]])])
    fine = COUNTED_SUM.replace("calls > 4", "calls < 0")
    endless = fine.replace("total := 0", "total := 0\n\tfor calls > 0 {\n\t}")
    result = GO.benchmark(timed, endless, fine, FAST)
    assert result.cut and not result.timed_out, result.error
    assert "25 times the reference" in result.error and "at n=3" in result.error


def test_a_generic_entry_point_without_type_args_is_a_load_error(tmp_path):
    code = go("""
        package main

        // First returns the first item.
        func First[T any](xs []T) T { return xs[0] }
    """)
    timed = _timed_function(tmp_path, "func First[T any](xs []T) T", [(2, [[1, 2]])])
    result = GO.benchmark(timed, code, code, FAST)
    assert "the solution raised HarnessError: First is a generic function" in result.error


BAG = go("""
    package main

    // Bag holds the items added to it.
    type Bag struct {
        items []int
    }

    // Add keeps xs, marking them taken; taken ones cannot be added again.
    func (b *Bag) Add(xs []int) int {
        for i, x := range xs {
            if x < 0 {
                panic("an argument was reused from an earlier unit")
            }
            xs[i] = -1
            b.items = append(b.items, x)
        }
        return len(b.items)
    }
""")


def test_a_class_unit_gets_fresh_arguments_for_every_call_of_each_contender(tmp_path):
    """Each unit constructs a bag and makes every call, its arguments decoded afresh; the two
    contenders (different code) each bind their own methods."""
    signature = "type Bag struct{}\n\nfunc (b *Bag) Add(xs []int) int"
    add = {"method": "add", "args": [[1, 2, 3]]}
    data = {"language": "go", "tests": [
        {**problem("bag", signature, [{"init": [], "calls": [{**add, "expected": 3}]}]),
         "timing": {"repeat": 3, "sizes": [{"n": 2, "init": [], "calls": [add, add]},
                                           {"n": 8, "init": [], "calls": [add] * 8}]}}]}
    bag = load_suite(write_suite(tmp_path, "bag.json", data), REG).problems[0]
    result = GO.benchmark(bag, BAG, BAG.replace("return len(b.items)", "return len(xs)"), FAST)
    assert result.error == "", result.error
    assert [(s.n, len(s.solution), len(s.reference)) for s in result.sizes] == [(2, 3, 3),
                                                                                (8, 3, 3)]
