<?php

/**
 * A small test runner for a problem's native tests (pytest-agentbench); PHP ships none.
 *
 * Usage: php -d zend.assertions=1 -d assert.exception=1 native.php solution.php tests.php
 *        ENTRY_POINT KIND, with the outcome channel in the environment (common.php, Events).
 *
 * A test is a function whose name starts with `test` (`test_window_slides`), or a public method
 * whose name starts with `test` of a class declared in the tests file (a new instance per test,
 * with `setUp()`/`tearDown()` called around it when defined), in the order of the file. Tests
 * use assert(): a failed assertion fails the test with its expression (or description) and
 * line; any other throwable is an error. A test skips itself with `\AgentBench\skip('why')` or
 * `\AgentBench\incomplete('why')` (or, in a class extending `\AgentBench\TestCase`,
 * `$this->markTestSkipped()` / `$this->markTestIncomplete()`), and is disabled by the attribute
 * `#[\AgentBench\Skip('why')]`: either way it is reported "skipped", never passed. Only the
 * tests file's own code can skip: a skip raised from the solution is an error of the test.
 * Writes JSON lines to the channel: plan, start, test, done.
 */

declare(strict_types=1);

namespace AgentBench;

use AssertionError;
use Attribute;
use Exception;
use ReflectionClass;
use ReflectionFunction;
use ReflectionMethod;
use Throwable;

require __DIR__ . '/common.php';

/**
 * Read the command line and open the outcome channel, whose token is read here, before the
 * solution and the tests are loaded (at the top level, so that their top-level variables are
 * globals).
 *
 * @param list<string> $argv
 */
function prepare(array $argv): void
{
    $events = Events::fromEnvironment();
    [, $solution, $tests, $entry, $kind] = $argv;
    State::$job = ['solution' => $solution, 'tests' => $tests, 'entry' => $entry, 'kind' => $kind];
    install_handlers($events, (string) getcwd());
}

/** A test disabled by its own file: reported "skipped", not run. */
#[Attribute(Attribute::TARGET_FUNCTION | Attribute::TARGET_METHOD)]
final class Skip
{
    public function __construct(public string $reason = '')
    {
    }
}

/** Thrown by skip() and incomplete(): the running test skips itself. */
final class Skipped extends Exception
{
}

/** Skip the running test from its own code (reported "skipped", never passed). */
function skip(string $reason = ''): never
{
    throw new Skipped($reason);
}

/** Mark the running test incomplete: reported "skipped", as PHPUnit's incomplete tests are not passed. */
function incomplete(string $reason = ''): never
{
    throw new Skipped($reason === '' ? 'incomplete' : "incomplete: $reason");
}

/** A base for test classes that skip the PHPUnit way (`$this->markTestSkipped('why')`). */
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

/**
 * Whether a skip came from the tests file's own code: raised by the helpers above, called
 * (past the runner's own frames) from the tests file, not from the solution.
 */
function skipped_by_tests(Skipped $e): bool
{
    if ($e->getFile() !== __FILE__) {
        return false;
    }
    foreach ($e->getTrace() as $frame) {
        $file = $frame['file'] ?? null;
        if ($file === null || $file === __FILE__) {
            continue;
        }
        return realpath($file) === realpath((string) State::$job['tests']);
    }
    return false;
}

/** Whether the solution defines the entry point (a load_error event if not). */
function entry_point_found(): bool
{
    ['entry' => $entry, 'kind' => $kind] = State::$job;
    State::$phase = 'loaded';
    if (($kind === 'class' ? find_class($entry) : find_function($entry)) !== null) {
        State::$job['functions'] = get_defined_functions()['user'];
        State::$job['classes'] = get_declared_classes();
        State::$phase = 'loading';
        return true;
    }
    State::$events?->emit(['event' => 'load_error', 'error_type' => 'Error', 'message' => sprintf(
        "the solution does not define the %s '%s' (it defines: %s)",
        $kind === 'class' ? 'class' : 'function',
        $entry,
        implode(', ', defined_names()) ?: 'nothing'
    )]);
    State::$phase = 'done';
    return false;
}

/** Run the tests the tests file declared, in the order of the file. */
function main(): int
{
    $events = State::$events;
    assert($events !== null);
    ['tests' => $tests, 'functions' => $functions, 'classes' => $classes] = State::$job;
    State::$phase = 'loaded';
    $found = discover(
        (string) realpath($tests),
        array_diff(get_defined_functions()['user'], $functions),
        array_diff(get_declared_classes(), $classes)
    );
    State::$phase = 'tests';
    $events->emit(['event' => 'plan', 'tests' => array_keys($found)]);
    foreach ($found as $name => $test) {
        $events->emit(['event' => 'start', 'test' => $name]);
        State::$running = ['event' => 'test', 'test' => $name];
        State::$started = now();
        $result = run_test($test);
        State::$running = null;
        $events->emit(['event' => 'test', 'test' => $name] + $result
            + ['seconds' => elapsed(State::$started)]);
    }
    State::$phase = 'done';
    $events->emit(['event' => 'done']);
    return 0;
}

/**
 * The tests declared in the tests file, by name, in the order of the file.
 *
 * @param array<string> $functions user functions declared by the tests file
 * @param array<string> $classes classes declared by the tests file
 * @return array<string, ReflectionFunction|ReflectionMethod>
 */
function discover(string $file, array $functions, array $classes): array
{
    $found = [];
    foreach ($functions as $function) {
        $ref = new ReflectionFunction($function);
        if (str_starts_with(strtolower($ref->getShortName()), 'test') && $ref->getFileName() === $file) {
            $found[] = [$ref->getStartLine(), $ref->getShortName(), $ref];
        }
    }
    foreach ($classes as $class) {
        $ref = new ReflectionClass($class);
        if ($ref->getFileName() !== $file || !$ref->isInstantiable()) {
            continue;
        }
        foreach ($ref->getMethods(ReflectionMethod::IS_PUBLIC) as $method) {
            if (
                !$method->isStatic() && $method->getDeclaringClass()->getName() === $ref->getName()
                && str_starts_with(strtolower($method->getName()), 'test')
            ) {
                $found[] = [$method->getStartLine(), $ref->getShortName() . '::' . $method->getName(), $method];
            }
        }
    }
    usort($found, static fn (array $a, array $b): int => $a[0] <=> $b[0]);
    return array_column($found, 2, 1);
}

/** @return array{status: string, message?: string} */
function run_test(ReflectionFunction|ReflectionMethod $test): array
{
    foreach ($test->getAttributes(Skip::class) as $disabled) {
        try {
            $reason = $disabled->newInstance()->reason;
        } catch (Throwable $e) {
            $reason = '(' . $e->getMessage() . ')';
        }
        return ['status' => 'skipped', 'message' => trim("disabled: $reason")];
    }
    try {
        if ($test instanceof ReflectionFunction) {
            $test->invoke();
        } else {
            $class = $test->getDeclaringClass()->getName();
            $obj = new $class();
            if (method_exists($obj, 'setUp')) {
                $obj->setUp();
            }
            try {
                $test->invoke($obj);
            } finally {
                if (method_exists($obj, 'tearDown')) {
                    $obj->tearDown();
                }
            }
        }
        return ['status' => 'passed'];
    } catch (Skipped $e) {
        if (skipped_by_tests($e)) {
            return ['status' => 'skipped', 'message' => $e->getMessage()];
        }
        $fields = error_fields($e);
        return ['status' => 'error', 'message' => 'a skip raised outside the tests file: '
            . $fields['message'] . "\n" . $fields['traceback']];
    } catch (AssertionError $e) {
        return ['status' => 'failed',
            'message' => relative($e->getFile()) . ':' . $e->getLine() . ': ' . $e->getMessage()];
    } catch (Throwable $e) {
        $fields = error_fields($e);
        return ['status' => 'error',
            'message' => $fields['error_type'] . ': ' . $fields['message'] . "\n" . $fields['traceback']];
    }
}

prepare($argv);
try {
    require State::$job['solution'];
} catch (Throwable $agentbenchError) {
    load_failed($agentbenchError, State::$events);
    exit(0);
}
if (!entry_point_found()) {
    exit(0);
}
try {
    require State::$job['tests'];
} catch (Throwable $agentbenchError) {
    load_failed($agentbenchError, State::$events);
    exit(0);
}
exit(main());
