<?php

/**
 * Runs one PHP solution against one problem's cases (pytest-agentbench).
 *
 * Usage: php harness.php job.json, in the work directory that holds solution.php. Reads the job,
 * loads the solution (a parse or compile error becomes a compile_error event), then calls the
 * entry function, or constructs the entry class and calls its methods, for every case, with
 * the JSON arguments converted to the declared parameter types. One JSON line per event, to the
 * outcome channel (common.php, Events). A timing job ("mode": "timing") times `repeat` calls
 * (or constructions and call sequences) instead, in CPU seconds (run_timing()).
 */

declare(strict_types=1);

namespace AgentBench;

use Closure;
use Countable;
use ReflectionClass;
use ReflectionFunction;
use ReflectionMethod;
use Throwable;
use Traversable;

require __DIR__ . '/common.php';

/**
 * Read the job and open the outcome channel (its token is read here, before the solution is
 * loaded at the top level).
 *
 * @param list<string> $argv
 */
function prepare(array $argv): bool
{
    $events = Events::fromEnvironment();
    $text = file_get_contents($argv[1] ?? 'job.json');
    if ($text === false) {
        fwrite(STDERR, "agentbench: cannot read the job\n");
        return false;
    }
    $job = json_decode($text, true, 1 << 20, JSON_THROW_ON_ERROR);
    $work = (string) getcwd();
    State::$job = $job + ['solution' => $work . '/solution.php'];
    install_handlers($events, $work);
    return true;
}

/** Run the job once the solution has loaded. */
function main(): int
{
    $job = State::$job;
    $events = State::$events;
    assert($events !== null);
    State::$phase = 'loaded';
    $name = (string) $job['entry_point'];
    $isClass = $job['kind'] === 'class';
    $found = $isClass ? find_class($name) : find_function($name);
    if ($found === null) {
        $what = $isClass ? 'class' : 'function';
        $events->emit(['event' => 'load_error', 'error_type' => 'Error', 'message' => sprintf(
            "the solution does not define the %s '%s' (it defines: %s)",
            $what,
            $name,
            implode(', ', defined_names()) ?: 'nothing'
        )]);
        State::$phase = 'done';
        return 0;
    }
    $stubParams = $job['params'] ?? [];
    if (($job['mode'] ?? '') === 'timing') {
        return run_timing($events, $found, $job, $stubParams);
    }
    State::$phase = 'cases';
    $events->emit(['event' => 'loaded']);
    foreach ($job['cases'] as $case) {
        $index = $case['index'];
        $events->emit(['event' => 'start', 'index' => $index]);
        State::$running = ['event' => 'case', 'index' => $index];
        State::$started = now();
        $event = $isClass
            ? run_class_case(new ReflectionClass($found), $case, $stubParams)
            : run_function_case($found, $case, $stubParams, (string) ($job['returns'] ?? ''));
        State::$running = null;
        $events->emit(['event' => 'case', 'index' => $index] + $event);
    }
    State::$phase = 'done';
    $events->emit(['event' => 'done']);
    return 0;
}

/**
 * The timing job: `repeat` timed units, each on a fresh conversion of the same JSON arguments
 * (so a call that changes its input does not change the next one's). When the arguments hold
 * no object they are converted once and reused: the closure's `use` copy is a value that each
 * run starts from afresh, by-reference parameters included, and converting 5 * 10^5 elements
 * took 0.5 s against 10 ms for the call itself. A unit is a call of the entry
 * function, or for a class problem (`init` and `calls` instead of `args`) the construction of
 * a fresh object and every call in order, results discarded. A lazy result is read to its end
 * inside the unit (force()). Only the unit is timed, in CPU seconds (cpu_seconds()), with the
 * cycle collector run before and kept out of it.
 *
 * @param array<string, mixed> $job
 * @param list<array<string, mixed>> $stubParams
 */
function run_timing(Events $events, string $found, array $job, array $stubParams): int
{
    State::$phase = 'timing';
    $events->emit(['event' => 'loaded']);
    $seconds = [];
    $unit = null;
    $reusable = false;
    for ($i = 0, $repeat = max(1, (int) ($job['repeat'] ?? 5)); $i < $repeat; $i++) {
        try {
            if ($unit === null || !$reusable) {
                [$unit, $reusable] = $job['kind'] === 'class'
                    ? class_unit(new ReflectionClass($found), $job, $stubParams)
                    : function_unit($found, $job, $stubParams);
            }
        } catch (Throwable $e) {
            $events->emit(['event' => 'timing_error'] + argument_error($e));
            State::$phase = 'done';
            return 0;
        }
        gc_collect_cycles();
        gc_disable();
        $start = cpu_seconds();
        try {
            $unit();
        } catch (Throwable $e) {
            gc_enable();
            $events->emit(['event' => 'timing_error'] + error_fields($e));
            State::$phase = 'done';
            return 0;
        }
        $seconds[] = cpu_seconds() - $start;
        gc_enable();
    }
    unset($unit);
    $events->emit(['event' => 'timing', 'seconds' => $seconds]);
    State::$phase = 'done';
    $events->emit(['event' => 'done']);
    return 0;
}

/**
 * The CPU seconds this process has used (user and system, from getrusage(), to the
 * microsecond). PHP runs the solution on one thread, so the difference around a call is the
 * call's own CPU time: unlike the wall clock (hrtime), it does not charge the call for the
 * time a busy machine gives to other processes.
 */
function cpu_seconds(): float
{
    $usage = getrusage();
    return $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec']
        + ($usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec']) / 1e6;
}

/**
 * A function problem's timed unit: one call of the entry function, its arguments converted.
 *
 * @param array<string, mixed> $job
 * @param list<array<string, mixed>> $stubParams
 * @return array{Closure, bool} the unit, and whether it may run again on the same arguments
 */
function function_unit(string $function, array $job, array $stubParams): array
{
    $reflection = new ReflectionFunction($function);
    $args = convert_args($reflection, $job['args'] ?? [], $job['kwargs'] ?? [], $stubParams);
    $unit = static function () use ($function, $args): void {
        force($function(...$args));
    };
    return [$unit, !holds_object($args)];
}

/** Whether an object is anywhere in the value (objects are shared, not copied, by a call). */
function holds_object(mixed $value): bool
{
    if (is_object($value)) {
        return true;
    }
    if (is_array($value)) {
        foreach ($value as $item) {
            if (is_object($item) || (is_array($item) && holds_object($item))) {
                return true;
            }
        }
    }
    return false;
}

/**
 * A class problem's timed unit: a fresh object built from `init`, then every call of `calls`
 * in order (each `{"method", "args"}`), all arguments converted beforehand as for a class case.
 *
 * @param ReflectionClass<object> $class
 * @param array<string, mixed> $job
 * @param list<array<string, mixed>> $stubParams
 * @return array{Closure, bool} the unit, and whether it may run again on the same arguments
 */
function class_unit(ReflectionClass $class, array $job, array $stubParams): array
{
    $name = $class->getName();
    $init = convert_args($class->getConstructor(), $job['init'] ?? [], [], $stubParams);
    $methods = [];
    $calls = [];
    foreach ($job['calls'] ?? [] as $call) {
        $method = (string) $call['method'];
        if (!array_key_exists($method, $methods)) {
            $methods[$method] = $class->hasMethod($method) ? $class->getMethod($method) : null;
        }
        $calls[] = [$method, convert_args($methods[$method], $call['args'] ?? [])];
    }
    $unit = static function () use ($name, $init, $calls): void {
        $obj = new $name(...$init);
        foreach ($calls as [$method, $args]) {
            force($obj->{$method}(...$args));
        }
    };
    return [$unit, !holds_object([$init, $calls])];
}

/**
 * A lazy result read to its end, so that an answer that defers its work (a generator, an
 * iterator computed as it is read) is not timed as free. A Countable traversable (ArrayObject,
 * SplFixedArray...) already holds its items and is left alone, as is anything else.
 */
function force(mixed $result): void
{
    if ($result instanceof Traversable && !($result instanceof Countable)) {
        iterator_count($result);
    }
}

/**
 * @param array<string, mixed> $case
 * @param list<array<string, mixed>> $stubParams
 * @return array<string, mixed>
 */
function run_function_case(string $function, array $case, array $stubParams, string $stubReturns): array
{
    try {
        $ref = new ReflectionFunction($function);
        $args = convert_args($ref, $case['args'] ?? [], $case['kwargs'] ?? [], $stubParams);
    } catch (Throwable $e) {
        return argument_error($e);
    }
    $returns = (string) ($ref->getReturnType() ?? $stubReturns);
    $start = now();
    try {
        $value = result_json($function(...$args), $returns);
        return ['status' => 'value', 'value' => $value, 'seconds' => elapsed($start)];
    } catch (Throwable $e) {
        return ['status' => 'exception'] + error_fields($e) + ['seconds' => elapsed($start)];
    }
}

/**
 * A class case: the constructor, then either the attributes to read or the method calls, each
 * with its own result or error.
 *
 * @param ReflectionClass<object> $class
 * @param array<string, mixed> $case
 * @param list<array<string, mixed>> $stubParams
 * @return array<string, mixed>
 */
function run_class_case(ReflectionClass $class, array $case, array $stubParams): array
{
    $start = now();
    try {
        $args = convert_args($class->getConstructor(), $case['init'] ?? [], $case['init_kwargs'] ?? [], $stubParams);
    } catch (Throwable $e) {
        return argument_error($e);
    }
    try {
        $name = $class->getName();
        $obj = new $name(...$args);
    } catch (Throwable $e) {
        return ['status' => 'exception'] + error_fields($e) + ['seconds' => elapsed($start)];
    }
    if (isset($case['attributes'])) {
        $attributes = [];
        foreach ($case['attributes'] as $attribute) {
            $attributes[$attribute] = read_property($obj, $attribute);
        }
        return ['status' => 'value', 'value' => (object) $attributes, 'seconds' => elapsed($start)];
    }
    $calls = [];
    State::$running += ['status' => 'calls', 'calls' => []];
    foreach ($case['calls'] ?? [] as $call) {
        $method = (string) $call['method'];
        try {
            $ref = method_exists($obj, $method) ? new ReflectionMethod($obj, $method) : null;
            $callArgs = convert_args($ref, $call['args'] ?? [], $call['kwargs'] ?? []);
        } catch (Throwable $e) {
            $calls[] = ['error_type' => 'ArgumentError', 'message' => $e->getMessage()];
            State::$running['calls'] = $calls;
            continue;
        }
        try {
            $calls[] = ['value' => result_json($obj->{$method}(...$callArgs), (string) $ref?->getReturnType())];
        } catch (Throwable $e) {
            $fields = error_fields($e);
            $calls[] = ['error_type' => $fields['error_type'], 'message' => $fields['message']];
        }
        State::$running['calls'] = $calls;
    }
    return ['status' => 'calls', 'calls' => $calls, 'seconds' => elapsed($start)];
}

/** A result as JSON; a null tree or linked list (by the declared return type) is `[]`. */
function result_json(mixed $result, string $returnType): mixed
{
    if ($result === null && preg_match('/\b(TreeNode|ListNode)\b/i', $returnType)) {
        return [];
    }

    return to_json($result);
}

/** @return array<string, mixed> a case whose JSON arguments do not fit the parameters */
function argument_error(Throwable $e): array
{
    return ['status' => 'exception', 'error_type' => 'ArgumentError',
        'message' => 'cannot convert the arguments: ' . (new ReflectionClass($e))->getShortName()
            . ': ' . $e->getMessage()];
}

if (!prepare($argv)) {
    exit(3);
}
try {
    require State::$job['solution'];
} catch (Throwable $agentbenchError) {
    load_failed($agentbenchError, State::$events);
    exit(0);
}
exit(main());
