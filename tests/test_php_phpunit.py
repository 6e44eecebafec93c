"""PHP's native tests under PHPUnit 9: PHPUnit test classes, the adapted assert() format beside
them, skips only the tests file can raise, and the item skipped where PHPUnit is missing."""

from __future__ import annotations

import shutil

import pytest

from pytest_agentbench.judge import judge
from pytest_agentbench.languages.php.toolchain import find_phpunit
from pytest_agentbench.pipeline import skip_reason

from .test_php_runner import FAST, PHP, add_code, needs_phpunit, problem, run

SIGNATURE = "function add(int $a, int $b): int"


def outcomes(ex):
    return [(o.name, o.status) for o in ex.outcomes]


PHPUNIT_CLASS = """<?php
declare(strict_types=1);

use PHPUnit\\Framework\\TestCase;

function test_first(): void
{
    assert(add(1, 1) === 2);
}

final class AddTest extends TestCase
{
    private int $base = 0;

    protected function setUp(): void
    {
        $this->base = 10;
    }

    public function testUsesSetUp(): void
    {
        $this->assertSame(11, add($this->base, 1));
    }

    public function testFails(): void
    {
        $this->assertSame(5, add(2, 2), 'two and two');
    }

    /** @dataProvider sums */
    public function testSums(int $a, int $b, int $sum): void
    {
        $this->assertSame($sum, add($a, $b));
    }

    public static function sums(): array
    {
        return [[1, 2, 3], 'negatives' => [-1, -2, -3]];
    }

    public function testSkipped(): void
    {
        $this->markTestSkipped('not yet');
    }

    public function testIncomplete(): void
    {
        $this->markTestIncomplete('later');
    }

    public function testExpectsAnException(): void
    {
        $this->expectException(InvalidArgumentException::class);
        add(-1, 0);
    }

    public function testPlainAssert(): void
    {
        assert(add(2, 2) === 5, 'plain assert');
    }
}

function test_last(): void
{
    trigger_error('only a warning', E_USER_WARNING);
    assert(add(2, 3) === 5);
}
"""


@needs_phpunit
def test_phpunit_test_classes_run_as_phpunit_runs_them(tmp_path):
    """A PHPUnit class (fixtures, data provider, skip, incomplete, expected exception) beside
    the adapted functions, in the order of the file; a PHP warning fails nothing."""
    prob = problem(tmp_path, SIGNATURE, None, PHPUNIT_CLASS)
    out = PHP.run(prob, add_code("if ($a < 0) {\n        throw new InvalidArgumentException('neg');"
                                 "\n    }\n    return $a + $b;"), FAST)
    ex = judge(prob, out)
    assert outcomes(ex) == [
        ("test_first", "passed"), ("AddTest::testUsesSetUp", "passed"),
        ("AddTest::testFails", "wrong_answer"),
        ("AddTest::testSums with data set #0", "passed"),
        ("AddTest::testSums with data set negatives", "error"),
        ("AddTest::testSkipped", "skipped"), ("AddTest::testIncomplete", "skipped"),
        ("AddTest::testExpectsAnException", "passed"),
        ("AddTest::testPlainAssert", "wrong_answer"), ("test_last", "passed")]
    by_name = {o.name: o.message for o in ex.outcomes}
    assert by_name["AddTest::testFails"].startswith(
        "tests.php:27: two and two\nFailed asserting that 4 is identical to 5.")
    assert by_name["AddTest::testSums with data set negatives"].startswith(
        "InvalidArgumentException: neg\nsolution.php:")
    assert by_name["AddTest::testSkipped"] == "not yet"
    assert by_name["AddTest::testIncomplete"] == "incomplete: later"
    assert by_name["AddTest::testPlainAssert"] == "tests.php:59: plain assert"
    assert out.process is not None and "only a warning" in out.process.stderr


@needs_phpunit
@pytest.mark.parametrize("dodge", [
    "\\PHPUnit\\Framework\\Assert::markTestSkipped('dodged');",
    "\\PHPUnit\\Framework\\Assert::markTestIncomplete('dodged');",
    "throw new \\PHPUnit\\Framework\\SkippedTestError('dodged');",
    "throw new \\PHPUnit\\Framework\\RiskyTestError('dodged');",
    "\\AgentBench\\incomplete('dodged');",
])
def test_a_solution_cannot_skip_its_tests_through_phpunit(tmp_path, dodge):
    """PHPUnit's own skip, incomplete and risky marks raised by the solution are errors."""
    native = ("<?php\nuse PHPUnit\\Framework\\TestCase;\n"
              "final class AddTest extends TestCase {\n"
              "    public function testAdds(): void { $this->assertSame(5, add(2, 2)); }\n}\n"
              "function test_adds(): void { assert(add(2, 2) === 5); }\n")
    ex = run(problem(tmp_path, SIGNATURE, None, native), add_code(dodge + "\n    return $a + $b;"))
    assert outcomes(ex) == [("AddTest::testAdds", "error"), ("test_adds", "error")]
    assert all("a skip raised outside the tests file: dodged" in o.message for o in ex.outcomes)


@needs_phpunit
def test_a_fatal_error_and_exit_in_a_test_are_that_tests_errors(tmp_path):
    native = ("<?php\nfunction test_adds(): void { assert(add(2, 2) === 4); }\n"
              "function test_dies(): void { add(-1, 0); }\n"
              "function test_after(): void { assert(add(1, 1) === 2); }\n")
    prob = problem(tmp_path, SIGNATURE, None, native)
    ex = run(prob, add_code("if ($a < 0) {\n        exit(3);\n    }\n    return $a + $b;"))
    assert outcomes(ex) == [("test_adds", "passed"), ("test_dies", "error"),
                            ("test_after", "not_run")]
    assert "exit()" in ex.outcomes[1].message and ex.failure.value == "runtime_error"
    ex = run(prob, add_code("if ($a < 0) {\n        function inner() {}\n"
                            "        function inner() {}\n    }\n    return $a + $b;"))
    assert outcomes(ex) == [("test_adds", "passed"), ("test_dies", "error"),
                            ("test_after", "not_run")]
    assert "FatalError: Cannot redeclare inner()" in ex.outcomes[1].message


def test_without_phpunit_a_native_item_is_skipped_naming_the_package(tmp_path, monkeypatch):
    """PHP without PHPUnit: the native item is skipped (before any agent), naming the package;
    an item of cases alone still runs."""
    php = shutil.which("php")
    if php is None:
        pytest.skip("no php on PATH")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "php").symlink_to(php)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    found = find_phpunit()
    assert isinstance(found, str) and "apt-get install phpunit" in found
    native = problem(tmp_path, SIGNATURE, None,
                     "<?php\nfunction test_one(): void { assert(add(1, 1) === 2); }\n")
    assert skip_reason(native, PHP) == found
    (tmp_path / "c").mkdir()
    cases = problem(tmp_path / "c", SIGNATURE, [{"args": [1, 2], "expected": 3}])
    assert skip_reason(cases, PHP) is None
