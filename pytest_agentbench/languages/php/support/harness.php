<?php

/**
 * Runs one PHP solution against one problem's cases (pytest-agentbench).
 *
 * Usage: php harness.php job.json, in the work directory that holds solution.php. Reads the job,
 * loads the solution (a parse or compile error becomes a compile_error event), then calls the
 * entry function, or constructs the entry class and calls its methods, for every case, with
 * the JSON arguments converted to the declared parameter types. One JSON line per event, to the
 * outcome channel (common.php, Events). A timing job ("mode": "timing") times the solution
 * against the reference instead, both loaded in this process (timing.php, run_timing()).
 */

declare(strict_types=1);

namespace AgentBench;

use ReflectionClass;
use ReflectionFunction;
use ReflectionMethod;
use Throwable;

require __DIR__ . '/common.php';
require __DIR__ . '/timing.php';

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
    if (timing_job()) {
        State::$job = contender_files($job, $work) + State::$job;
    }
    install_handlers($events, $work);
    return true;
}

function timing_job(): bool
{
    return (State::$job['mode'] ?? '') === 'timing';
}

/** The solution's file, loaded at the top level as for its cases (named in a timing job). */
function solution_file(): string
{
    State::$who = timing_job() ? 'solution' : '';
    return (string) State::$job['solution'];
}

/** Run the job once the solution has loaded. */
function main(): int
{
    $job = State::$job;
    $events = State::$events;
    assert($events !== null);
    State::$who = '';
    if (timing_job()) {
        return run_timing($events, $job);
    }
    State::$phase = 'loaded';
    $name = (string) $job['entry_point'];
    $isClass = $job['kind'] === 'class';
    $found = $isClass ? find_class($name) : find_function($name);
    if ($found === null) {
        $events->emit(['event' => 'load_error'] + missing_entry($name, $isClass));
        State::$phase = 'done';
        return 0;
    }
    $stubParams = $job['params'] ?? [];
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

/** @return array{error_type: string, message: string} the entry point is not defined */
function missing_entry(string $name, bool $isClass, string $who = 'solution'): array
{
    return ['error_type' => 'Error', 'message' => sprintf(
        "the %s does not define the %s '%s' (it defines: %s)",
        $who,
        $isClass ? 'class' : 'function',
        $name,
        implode(', ', defined_names($who === 'reference')) ?: 'nothing'
    )];
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
if (timing_job()) { // the reference first, in a namespace of its own (timing.php)
    try {
        require reference_file((string) State::$job['reference']);
    } catch (Throwable $agentbenchError) {
        load_failed($agentbenchError, State::$events);
        exit(0);
    }
}
try {
    require solution_file();
} catch (Throwable $agentbenchError) {
    load_failed($agentbenchError, State::$events);
    exit(0);
}
exit(main());
