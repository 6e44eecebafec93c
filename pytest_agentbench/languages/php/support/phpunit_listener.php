<?php

/**
 * PHPUnit's outcome of each test, written to the outcome channel (pytest-agentbench,
 * native.php). PHPUnit's own logs (its JUnit XML file, TeamCity lines on stdout) go where the
 * solution writes too, so a listener of the run reports each test as an event carrying the
 * channel's token: `start` when it starts, `test` with its status when it ends.
 */

declare(strict_types=1);

namespace AgentBench;

use AssertionError;
use PHPUnit\Framework\AssertionFailedError;
use PHPUnit\Framework\ExceptionWrapper;
use PHPUnit\Framework\Test;
use PHPUnit\Framework\TestCase as PhpUnitCase;
use PHPUnit\Framework\TestFailure;
use PHPUnit\Framework\TestListener;
use PHPUnit\Framework\TestSuite;
use PHPUnit\Framework\Warning;
use SplObjectStorage;
use Throwable;

final class ChannelListener implements TestListener
{
    /** @var array{status: string, message?: string}|null the outcome of the running test */
    private ?array $outcome = null;

    /** @param SplObjectStorage<Test, string> $names each test's name */
    public function __construct(
        private Events $events,
        private SplObjectStorage $names,
        private string $tests,
        private string $framework
    ) {
    }

    public function startTest(Test $test): void
    {
        $name = $this->names[$test] ?? get_class($test);
        $this->events->emit(['event' => 'start', 'test' => $name]);
        $this->outcome = ['status' => 'passed'];
        State::$running = ['event' => 'test', 'test' => $name];
        State::$started = now();
    }

    public function endTest(Test $test, float $time): void
    {
        $name = $this->names[$test] ?? get_class($test);
        State::$running = null;
        $this->events->emit(['event' => 'test', 'test' => $name] + ($this->outcome ?? ['status' => 'passed'])
            + ['seconds' => $time]);
        $this->outcome = null;
        if ($test instanceof PhpUnitCase && !$test->hasExpectationOnOutput()) {
            print $test->getActualOutput(); // PHPUnit buffered what the test printed
        }
    }

    public function addError(Test $test, Throwable $t, float $time): void
    {
        if ($t instanceof ExceptionWrapper) { // what PHPUnit kept of an exception that was not its own
            $type = substr(strrchr('\\' . $t->getClassName(), '\\'), 1);
            $trace = trace_of($t->getFile(), $t->getLine(), $t->getSerializableTrace());
        } else {
            ['error_type' => $type, 'traceback' => $trace] = error_fields($t);
        }
        $this->outcome = ['status' => 'error', 'message' => "$type: " . clean($t->getMessage()) . "\n$trace"];
    }

    public function addWarning(Test $test, Warning $e, float $time): void
    {
        $this->outcome = ['status' => 'error', 'message' => 'PHPUnit warning: ' . clean($e->getMessage())];
    }

    public function addFailure(Test $test, AssertionFailedError $e, float $time): void
    {
        $assertion = $e->getPrevious();
        if ($assertion instanceof AssertionError) { // assert(), which PHPUnit wraps
            $message = relative($assertion->getFile()) . ':' . $assertion->getLine() . ': ' . $assertion->getMessage();
        } else {
            $message = $this->where($e) . clean(trim(TestFailure::exceptionToString($e)));
        }
        $this->outcome = ['status' => 'failed', 'message' => $message];
    }

    public function addIncompleteTest(Test $test, Throwable $t, float $time): void
    {
        $reason = $t->getMessage();
        $this->skipped($t, $reason === '' ? 'incomplete' : "incomplete: $reason");
    }

    public function addRiskyTest(Test $test, Throwable $t, float $time): void
    {
        // PHPUnit's own remark on a test that did not fail (output buffers left open): passed
        $this->skipped($t, null);
    }

    public function addSkippedTest(Test $test, Throwable $t, float $time): void
    {
        $this->skipped($t, $t->getMessage());
    }

    public function startTestSuite(TestSuite $suite): void
    {
    }

    public function endTestSuite(TestSuite $suite): void
    {
    }

    /** A skip (or, with a null message, a risky mark) the tests file or PHPUnit raised, else an error. */
    private function skipped(Throwable $t, ?string $message): void
    {
        if (!raised_by_tests($t, $this->tests, $this->framework)) {
            $fields = error_fields($t);
            $this->outcome = ['status' => 'error', 'message' => 'a skip raised outside the tests file: '
                . $fields['message'] . "\n" . $fields['traceback']];
        } elseif ($message === null) {
            $this->outcome = ['status' => 'passed'];
        } else {
            $this->outcome = ['status' => 'skipped', 'message' => $message];
        }
    }

    /** `tests.php:12: ` for the line of the tests file the failure went through, if any. */
    private function where(Throwable $e): string
    {
        $tests = realpath($this->tests);
        foreach ([['file' => $e->getFile(), 'line' => $e->getLine()], ...$e->getTrace()] as $frame) {
            if (isset($frame['file']) && realpath($frame['file']) === $tests) {
                return relative($frame['file']) . ':' . ($frame['line'] ?? 0) . ': ';
            }
        }
        return '';
    }
}
