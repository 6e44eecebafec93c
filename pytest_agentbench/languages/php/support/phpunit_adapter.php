<?php

/**
 * The tests file's tests as a PHPUnit 9 suite (pytest-agentbench, native.php).
 *
 * A class of the tests file that extends PHPUnit\Framework\TestCase is PHPUnit's own: its tests,
 * fixtures, data providers and assertions are PHPUnit's. The format native tests had before
 * PHPUnit ran them is adapted, not rewritten: a function whose name starts with `test`, or a
 * public method whose name starts with `test` of any other class of the tests file (a new
 * instance per test, `setUp()`/`tearDown()` called around it when defined), becomes one
 * NativeTest, a PHPUnit test case that calls it. Such tests use assert(), which PHPUnit counts
 * as a failure; they skip themselves with `skip('why')` or `incomplete('why')` of this namespace
 * (or `$this->markTestSkipped()` / `markTestIncomplete()` in a class extending TestCase of this
 * namespace) and are disabled by `#[\AgentBench\Skip('why')]`: PHPUnit's skipped and incomplete
 * tests, never passed. Tests are ordered as the file declares them.
 */

declare(strict_types=1);

namespace AgentBench;

use Attribute;
use PHPUnit\Framework\AssertionFailedError;
use PHPUnit\Framework\IncompleteTest;
use PHPUnit\Framework\SkippedTest;
use PHPUnit\Framework\Test;
use PHPUnit\Framework\TestCase as PhpUnitCase;
use PHPUnit\Framework\TestSuite;
use PHPUnit\Framework\WarningTestCase;
use PHPUnit\Util\Test as TestUtil;
use ReflectionClass;
use ReflectionFunction;
use ReflectionMethod;
use RecursiveIteratorIterator;
use SplObjectStorage;
use Throwable;

/** A test disabled by its own file: reported "skipped", not run. */
#[Attribute(Attribute::TARGET_FUNCTION | Attribute::TARGET_METHOD)]
final class Skip
{
    public function __construct(public string $reason = '')
    {
    }
}

/** Thrown by skip(): the running test skips itself (PHPUnit's skipped test). */
final class Skipped extends AssertionFailedError implements SkippedTest
{
}

/** Thrown by incomplete(): the running test is incomplete (PHPUnit's incomplete test). */
final class Incomplete extends AssertionFailedError implements IncompleteTest
{
}

/** Skip the running test from its own code (reported "skipped", never passed). */
function skip(string $reason = ''): never
{
    throw new Skipped($reason);
}

/** Mark the running test incomplete: reported "skipped", as it is not passed. */
function incomplete(string $reason = ''): never
{
    throw new Incomplete($reason);
}

/** A base for adapted test classes that skip the PHPUnit way (`$this->markTestSkipped('why')`). */
abstract class TestCase
{
    public static function markTestSkipped(string $message = ''): never
    {
        skip($message);
    }

    public static function markTestIncomplete(string $message = ''): never
    {
        incomplete($message);
    }
}

/** One test function, or one test method of a class that is not PHPUnit's, as a PHPUnit test. */
final class NativeTest extends PhpUnitCase
{
    public function __construct(private ReflectionFunction|ReflectionMethod $test)
    {
        parent::__construct('runNativeTest');
    }

    /** Run the test as the tests file wrote it (PHPUnit calls this method by its name). */
    public function runNativeTest(): void
    {
        foreach ($this->test->getAttributes(Skip::class) as $disabled) {
            try {
                $reason = $disabled->newInstance()->reason;
            } catch (Throwable $e) {
                $reason = '(' . $e->getMessage() . ')';
            }
            throw new Skipped(trim("disabled: $reason"));
        }
        if ($this->test instanceof ReflectionFunction) {
            $this->test->invoke();
            return;
        }
        $class = $this->test->getDeclaringClass()->getName();
        $obj = new $class();
        if (method_exists($obj, 'setUp')) {
            $obj->setUp();
        }
        try {
            $this->test->invoke($obj);
        } finally {
            if (method_exists($obj, 'tearDown')) {
                $obj->tearDown();
            }
        }
    }
}

/**
 * The suite of the tests the tests file declared, in the order of the file, and each test's
 * name: `test_fn` for a function, `Class::testMethod` for a method (`Class::testMethod with data
 * set #0` or `... with data set name` for one of a PHPUnit data provider's sets).
 *
 * @param array<string> $functions user functions declared by the tests file
 * @param array<string> $classes classes declared by the tests file
 * @return array{TestSuite, SplObjectStorage<Test, string>}
 */
function build_suite(string $file, array $functions, array $classes): array
{
    $found = [];
    foreach ($functions as $function) {
        $ref = new ReflectionFunction($function);
        if (str_starts_with(strtolower($ref->getShortName()), 'test') && $ref->getFileName() === $file) {
            $found[] = [$ref->getStartLine(), [[$ref->getShortName(), new NativeTest($ref)]]];
        }
    }
    foreach ($classes as $class) {
        $ref = new ReflectionClass($class);
        if ($ref->getFileName() !== $file || !$ref->isInstantiable()) {
            continue;
        }
        if ($ref->isSubclassOf(PhpUnitCase::class)) {
            $found[] = [$ref->getStartLine(), phpunit_tests($ref)];
            continue;
        }
        foreach ($ref->getMethods(ReflectionMethod::IS_PUBLIC) as $method) {
            if (
                !$method->isStatic() && $method->getDeclaringClass()->getName() === $ref->getName()
                && str_starts_with(strtolower($method->getName()), 'test')
            ) {
                $found[] = [$method->getStartLine(),
                    [[$ref->getShortName() . '::' . $method->getName(), new NativeTest($method)]]];
            }
        }
    }
    usort($found, static fn (array $a, array $b): int => $a[0] <=> $b[0]);
    $suite = new TestSuite();
    /** @var SplObjectStorage<Test, string> $names */
    $names = new SplObjectStorage();
    foreach ($found as [, $tests]) {
        foreach ($tests as [$name, $test]) {
            if ($test instanceof TestSuite) {
                $suite->addTest($test);
                foreach (new RecursiveIteratorIterator($test) as $leaf) {
                    $names[$leaf] = $name . case_suffix($leaf);
                }
            } else {
                $suite->addTest($test);
                $names[$test] = $name;
            }
        }
    }
    return [$suite, $names];
}

/**
 * A PHPUnit test class of the tests file as PHPUnit builds it (data providers run here), or
 * nothing when it declares no test (a helper class).
 *
 * @return list<array{string, TestSuite}>
 */
function phpunit_tests(ReflectionClass $ref): array
{
    foreach ($ref->getMethods() as $method) {
        if (TestUtil::isTestMethod($method)) {
            return [[$ref->getShortName() . '::', new TestSuite($ref)]];
        }
    }
    return [];
}

/** A PHPUnit test's part of its name: the method, and its data set if it has one. */
function case_suffix(Test $test): string
{
    if ($test instanceof WarningTestCase) {
        return 'warning';
    }
    if (!$test instanceof PhpUnitCase) {
        return get_class($test);
    }
    $set = $test->dataName();
    $name = $test->getName(false);
    if ($test->getDataSetAsString(false) === '') {
        return $name;
    }
    return is_int($set) ? "$name with data set #$set" : "$name with data set $set";
}

/**
 * Whether a skip, incomplete or risky mark came from the tests file or from PHPUnit itself: the
 * first place it passed through outside PHPUnit and this harness (where it was thrown, then
 * its callers) is the tests file, or there is none. A solution that raises one (throwing
 * PHPUnit's or this harness's exception, or calling a helper) gets an error instead.
 */
function raised_by_tests(Throwable $e, string $tests, string $framework): bool
{
    $places = [$e->getFile(), ...array_map(static fn (array $f): ?string => $f['file'] ?? null, $e->getTrace())];
    foreach ($places as $file) {
        if ($file === null || str_starts_with($file, __DIR__ . '/') || str_starts_with($file, $framework)) {
            continue;
        }
        return realpath($file) === realpath($tests);
    }
    return true;
}
