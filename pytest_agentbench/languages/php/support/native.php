<?php

/**
 * Runs a problem's native tests with PHPUnit 9 (pytest-agentbench).
 *
 * Usage: php -d zend.assertions=1 -d assert.exception=1 native.php PHPUNIT_AUTOLOAD solution.php
 *        tests.php ENTRY_POINT KIND, with the outcome channel in the environment (common.php,
 *        Events).
 *
 * The channel's token is read first, then PHPUnit's autoloader and the adapter are loaded, then
 * the solution and the tests file, at the top level (their top-level variables are globals).
 * The tests file's tests (phpunit_adapter.php: PHPUnit test classes, and `test*` functions and
 * methods that use assert()) run as one PHPUnit suite in the order of the file; PHPUnit decides
 * each outcome (passed, failure, error, skipped, incomplete) and ChannelListener reports it:
 * JSON lines plan, start, test, done. PHP's warnings and notices do not fail a test (PHPUnit's
 * error handler is off), as when the tests ran without PHPUnit.
 */

declare(strict_types=1);

namespace AgentBench;

use PHPUnit\Framework\TestResult;
use Throwable;

require __DIR__ . '/common.php';

/**
 * Read the command line, open the outcome channel (its token is read here, before anything
 * else is loaded) and load PHPUnit and the adapter, before the solution and the tests are
 * loaded (at the top level, so that their top-level variables are globals).
 *
 * @param list<string> $argv
 */
function prepare(array $argv): void
{
    $events = Events::fromEnvironment();
    [, $autoload, $solution, $tests, $entry, $kind] = $argv;
    State::$job = ['solution' => $solution, 'tests' => $tests, 'entry' => $entry, 'kind' => $kind];
    install_handlers($events, (string) getcwd());
    $root = dirname($autoload, 2);
    State::$framework = $root . '/';
    if (!in_array($root, explode(PATH_SEPARATOR, get_include_path()), true)) {
        set_include_path(get_include_path() . PATH_SEPARATOR . $root); // PHPUnit's own requires
    }
    require_once $autoload;
    require_once __DIR__ . '/phpunit_adapter.php';
    require_once __DIR__ . '/phpunit_listener.php';
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

/** Run the tests the tests file declared, in the order of the file, with PHPUnit. */
function main(): int
{
    $events = State::$events;
    assert($events !== null);
    ['tests' => $tests, 'functions' => $functions, 'classes' => $classes] = State::$job;
    State::$phase = 'loaded';
    [$suite, $names] = build_suite(
        (string) realpath($tests),
        array_diff(get_defined_functions()['user'], $functions),
        array_diff(get_declared_classes(), $classes)
    );
    State::$phase = 'tests';
    $plan = [];
    foreach ($names as $test) {
        $plan[] = $names[$test];
    }
    $events->emit(['event' => 'plan', 'tests' => $plan]);
    $result = new TestResult();
    $result->convertDeprecationsToExceptions(false);
    $result->convertErrorsToExceptions(false);
    $result->convertNoticesToExceptions(false);
    $result->convertWarningsToExceptions(false);
    $result->beStrictAboutTestsThatDoNotTestAnything(false); // assert() counts no assertion
    $result->addListener(new ChannelListener($events, $names, (string) $tests, State::$framework));
    $suite->run($result);
    State::$phase = 'done';
    $events->emit(['event' => 'done']);
    return 0;
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
