<?php

/**
 * The timing job of the PHP harness (pytest-agentbench; docs/runners.md, "Timing"): the solution
 * and the reference timed in ONE process, their units interleaved round by round.
 *
 * PHP's functions and classes are global, and both contenders define the same names: the
 * solution is loaded as for its cases (the global namespace), the reference, the suite's own
 * trusted code, in a namespace of its own (REFERENCE_NAMESPACE, namespaced()). Each size's input
 * is decoded once (with the job); each unit runs on arguments converted for its contender (once
 * when they hold no object, else copied or converted afresh for every unit), in CPU seconds.
 * A solution unit past the cut-off is stopped by SIGALRM (pcntl) where PHP can interrupt it,
 * else judged after the call.
 */

declare(strict_types=1);

namespace AgentBench;

use Closure;
use Countable;
use PhpToken;
use ReflectionClass;
use ReflectionFunction;
use Serializable;
use SplObjectStorage;
use stdClass;
use Throwable;
use Traversable;
use UnitEnum;

/** The namespace the reference is loaded into; the solution keeps the global one. */
const REFERENCE_NAMESPACE = 'AgentbenchReference';
/** how deep serialized_copy() follows arguments (unserialize() stops at 4096 by default) */
const COPY_DEPTH = 1000;

/** One of the two programs timed, and what it measured at the current size. */
final class Contender
{
    public ?Closure $unit = null;
    public bool $reusable = false;
    /** the unit's arguments serialized, copied for each unit (serialized_copy()), or null */
    public ?string $copy = null;
    /** @var list<float> CPU seconds per unit */
    public array $seconds = [];
    /** @var list<float> wall seconds per unit (for the cut-off) */
    public array $walls = [];

    public function __construct(public string $who, public string $entry, public string $namespace)
    {
    }
}

/**
 * Each contender's file, by who: `dir/solution.php` under the work directory (the job's
 * `timing.contenders`; both name the same file when the codes are the same).
 *
 * @param array<string, mixed> $job
 * @return array<string, string>
 */
function contender_files(array $job, string $work): array
{
    $files = [];
    foreach ($job['timing']['contenders'] ?? [] as $contender) {
        $files[(string) $contender['who']] = $work . '/' . $contender['dir'] . '/solution.php';
    }
    return $files;
}

/**
 * The reference's code in REFERENCE_NAMESPACE, written to a scratch file in $TMPDIR to be
 * required (and removed once loaded, by run_timing()).
 */
function reference_file(string $path): string
{
    State::$who = 'reference';
    $scratch = tempnam(sys_get_temp_dir(), 'agentbench-reference-');
    if ($scratch === false || file_put_contents($scratch, namespaced((string) file_get_contents($path))) === false) {
        throw new \RuntimeException('cannot write the namespaced reference to ' . sys_get_temp_dir());
    }
    State::$scratch = $scratch;
    return $scratch;
}

/**
 * PHP code moved into REFERENCE_NAMESPACE: `namespace ...;` and a `use` of each global class it
 * names (PHP's own, TreeNode and ListNode: class names, unlike function names, do not fall back
 * to the global namespace) go after the opening tag and any declare(), on that same line, so
 * that line numbers stay as they were. Code that declares a namespace itself is left as it is.
 */
function namespaced(string $source): string
{
    $tokens = PhpToken::tokenize($source);
    $at = header_end($tokens);
    if ($at === null) {
        return $source;
    }
    $imports = global_classes_named($tokens);
    $head = ' namespace ' . REFERENCE_NAMESPACE . ';'
        . ($imports === [] ? '' : ' use ' . implode(', ', $imports) . ';');
    $offset = $tokens[$at]->pos + strlen($tokens[$at]->text);
    return substr($source, 0, $offset) . $head . substr($source, $offset);
}

/**
 * The index of the last token before the first statement: the opening tag, or the last
 * declare(...); after it. Null when there is no opening tag or the code declares a namespace.
 *
 * @param list<PhpToken> $tokens
 */
function header_end(array $tokens): ?int
{
    $at = null;
    foreach ($tokens as $i => $token) {
        if ($token->is(T_NAMESPACE)) {
            return null;
        }
        $at ??= $token->is(T_OPEN_TAG) ? $i : null;
    }
    if ($at === null) {
        return null;
    }
    for ($i = $at + 1; $i < count($tokens); $i++) {
        if ($tokens[$i]->isIgnorable()) {
            continue;
        }
        if (!$tokens[$i]->is(T_DECLARE)) {
            break;
        }
        while ($i < count($tokens) && $tokens[$i]->text !== ';') {
            $i++;
        }
        $at = $i;
    }
    return $at;
}

/**
 * The global classes, interfaces and enums the code names without declaring or importing them.
 *
 * @param list<PhpToken> $tokens
 * @return list<string>
 */
function global_classes_named(array $tokens): array
{
    $own = declared_names($tokens);
    $names = [];
    foreach ($tokens as $token) {
        $lower = strtolower($token->text);
        if ($token->is(T_STRING) && !isset($own[$lower]) && !isset($names[$lower]) && is_global_class($token->text)) {
            $names[$lower] = $token->text;
        }
    }
    return array_values($names);
}

function is_global_class(string $name): bool
{
    if (in_array(strtolower($name), ['treenode', 'listnode'], true)) {
        return true; // the harness's own, declared on first use (nodes.php)
    }
    if (!class_exists($name, false) && !interface_exists($name, false) && !enum_exists($name, false)) {
        return false;
    }
    return (new ReflectionClass($name))->isInternal();
}

/**
 * The lower-case names the code declares (classes, interfaces, traits, enums) or imports with a
 * top-level `use`: importing one of them again would be a fatal error.
 *
 * @param list<PhpToken> $tokens
 * @return array<string, true>
 */
function declared_names(array $tokens): array
{
    $names = [];
    $depth = 0;
    $importing = false;
    $declaring = false;
    foreach ($tokens as $token) {
        if ($token->isIgnorable()) {
            continue;
        }
        if ($token->text === '}') {
            $depth--;
        } elseif ($token->text === '{' || $token->is([T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES])) {
            $depth++;
        }
        if (($declaring || $importing) && $token->is([T_STRING, T_NAME_QUALIFIED, T_NAME_FULLY_QUALIFIED])) {
            $names[strtolower(short_name($token->text))] = true;
        }
        $declaring = $token->is([T_CLASS, T_INTERFACE, T_TRAIT, T_ENUM]);
        $importing = $depth === 0 && (($importing && $token->text !== ';') || $token->is(T_USE));
    }
    return $names;
}

/**
 * The timing job: both contenders' entry points found, then every size timed in turn, `rounds`
 * rounds of one unit of each (rounds()), the reference first in even rounds and the solution
 * first in odd ones. Events: loaded, a `timing` per size, done; or load_error, timing_error
 * (with `who`), timing_cut.
 *
 * @param array<string, mixed> $job
 */
function run_timing(Events $events, array $job): int
{
    if (State::$scratch !== '') {
        @unlink(State::$scratch);
    }
    State::$phase = 'timing';
    $contenders = timing_contenders($events, $job);
    if ($contenders !== null) {
        $events->emit(['event' => 'loaded']);
        if (time_sizes($events, $contenders, $job)) {
            $events->emit(['event' => 'done']);
        }
    }
    State::$phase = 'done';
    return 0;
}

/**
 * Every size in order, a `timing` event each. False once an error or a cut-off ended the
 * timing (its event emitted).
 *
 * @param array<string, Contender> $contenders
 * @param array<string, mixed> $job
 */
function time_sizes(Events $events, array $contenders, array $job): bool
{
    $previous = null;
    foreach ($job['timing']['sizes'] as $size) {
        $n = isset($size['n']) ? (int) $size['n'] : null;
        if (!time_size($events, $contenders, $job, $size, rounds($job['timing'], $previous, $n))) {
            return false;
        }
        $solution = $contenders['solution']->seconds;
        $reference = $contenders['reference']->seconds;
        $events->emit(['event' => 'timing', 'label' => $size['label'] ?? '', 'n' => $n,
            'solution' => $solution, 'reference' => $reference]);
        $previous = [$n, array_merge($solution, $reference)];
    }
    return true;
}

/**
 * The contenders by who, each with its entry point (the reference's in REFERENCE_NAMESPACE),
 * or null once a load_error says which one lacks it.
 *
 * @param array<string, mixed> $job
 * @return array<string, Contender>|null
 */
function timing_contenders(Events $events, array $job): ?array
{
    $name = (string) $job['entry_point'];
    $isClass = $job['kind'] === 'class';
    $contenders = [];
    foreach (['solution' => '', 'reference' => REFERENCE_NAMESPACE] as $who => $namespace) {
        $entry = $namespace === '' ? ($isClass ? find_class($name) : find_function($name))
            : own_entry($namespace . '\\' . $name, $isClass);
        if ($entry === null) {
            $events->emit(['event' => 'load_error', 'who' => $who] + missing_entry($name, $isClass, $who));
            return null;
        }
        $contenders[$who] = new Contender($who, $entry, $namespace);
    }
    return $contenders;
}

function own_entry(string $name, bool $isClass): ?string
{
    $found = $isClass ? class_exists($name, false) || enum_exists($name, false) : function_exists($name);
    return $found ? $name : null;
}

/**
 * Rounds at a size: the job's `repeat`, or fewer when the calls are expected to be long (the
 * plugin's rule, harness_runner.calls_per_process, as Python's _rounds): as many as fit in
 * `call_budget` seconds by the previous size's median call scaled linearly to `n`, at least
 * `min_calls`.
 *
 * @param array<string, mixed> $timing
 * @param array{?int, list<float>}|null $previous the previous size's n and every unit's seconds
 */
function rounds(array $timing, ?array $previous, ?int $n): int
{
    $repeat = (int) ($timing['repeat'] ?? 5);
    $budget = $timing['call_budget'] ?? null;
    if ($budget === null || $previous === null || !$previous[0] || !$n || $previous[1] === []) {
        return $repeat;
    }
    $calls = $previous[1];
    sort($calls);
    $expected = $calls[intdiv(count($calls), 2)] * max(1.0, $n / $previous[0]);
    if ($expected <= 0) {
        return $repeat;
    }
    return min($repeat, max((int) ($timing['min_calls'] ?? 3), (int) ceil((float) $budget / $expected)));
}

/**
 * One size: `rounds` rounds of a unit of each contender. False once an error or a cut-off
 * ended the timing (its event emitted).
 *
 * @param array<string, Contender> $contenders
 * @param array<string, mixed> $job
 * @param array<string, mixed> $size
 */
function time_size(Events $events, array $contenders, array $job, array $size, int $rounds): bool
{
    $cutoff = (float) ($job['timing']['cutoff_ratio'] ?? 25.0);
    foreach ($contenders as $contender) {
        [$contender->unit, $contender->copy, $contender->seconds, $contender->walls] = [null, null, [], []];
    }
    for ($round = 0; $round < $rounds; $round++) {
        foreach ($round % 2 === 0 ? ['reference', 'solution'] : ['solution', 'reference'] as $who) {
            $walls = $contenders['reference']->walls;
            $limit = $who === 'solution' && $walls !== [] ? max(1.0, $cutoff * min($walls)) : null;
            if (!time_unit($events, $contenders[$who], $job, $size, $limit)) {
                return false;
            }
        }
    }
    return true;
}

/**
 * One timed unit of a contender, its CPU and wall seconds recorded. Only the unit is timed,
 * with the cycle collector run before and kept out of it; a solution unit past `limit` wall
 * seconds is cut (cut()). False once an exception ended the timing (timing_error emitted).
 *
 * @param array<string, mixed> $job
 * @param array<string, mixed> $size
 */
function time_unit(Events $events, Contender $contender, array $job, array $size, ?float $limit): bool
{
    $where = ['who' => $contender->who, 'label' => $size['label'] ?? ''];
    try {
        prepare_unit($contender, $job, $size);
    } catch (Throwable $e) {
        $events->emit(['event' => 'timing_error'] + $where + argument_error($e));
        return false;
    }
    $unit = $contender->unit;
    assert($unit !== null);
    State::$running = ['event' => 'timing_error'] + $where; // for a fatal error or an exit()
    gc_collect_cycles();
    gc_disable();
    arm_watchdog($events, $size, $limit);
    $wall = hrtime(true);
    $cpu = cpu_seconds();
    try {
        $unit();
    } catch (Throwable $e) {
        $events->emit(['event' => 'timing_error'] + $where + error_fields($e));
        return false;
    } finally {
        $cpu = cpu_seconds() - $cpu;
        $wall = (hrtime(true) - $wall) / 1e9;
        disarm_watchdog();
        gc_enable();
        State::$running = null;
    }
    if ($limit !== null && $wall > $limit) {
        cut($events, $size, $limit);
    }
    $contender->seconds[] = $cpu;
    $contender->walls[] = $wall;
    return true;
}

/**
 * The contender's unit for the size, made unless the one it has may run again (its arguments
 * hold no object): from a copy of the arguments when they have one (serialized_copy()), else
 * from arguments converted afresh, their classes looked up in its own namespace first.
 *
 * @param array<string, mixed> $job
 * @param array<string, mixed> $size
 */
function prepare_unit(Contender $contender, array $job, array $size): void
{
    if ($contender->unit !== null && $contender->reusable) {
        return;
    }
    $contender->unit = null; // the previous unit's arguments freed before new ones are made
    $isClass = $job['kind'] === 'class';
    if ($contender->copy !== null) {
        $contender->unit = make_unit($contender->entry, $isClass, unserialize($contender->copy));
        return;
    }
    State::$namespace = $contender->namespace;
    try {
        $args = $isClass ? class_args(new ReflectionClass($contender->entry), $size, $job['params'] ?? [])
            : convert_args(new ReflectionFunction($contender->entry), $size['args'] ?? [], [], $job['params'] ?? []);
    } finally {
        State::$namespace = '';
    }
    $contender->reusable = !holds_object($args);
    $contender->copy = $contender->reusable ? null : serialized_copy($args);
    $contender->unit = make_unit($contender->entry, $isClass, $args);
}

/**
 * Stop a solution unit at `limit` wall seconds: SIGALRM (whole seconds, rounded up; the exact
 * limit is checked after the call) interrupts PHP code between two opcodes, not inside one
 * long built-in call. Without pcntl only the check after the call is made.
 *
 * @param array<string, mixed> $size
 */
function arm_watchdog(Events $events, array $size, ?float $limit): void
{
    if ($limit === null || !function_exists('pcntl_alarm')) {
        return;
    }
    pcntl_async_signals(true);
    pcntl_signal(SIGALRM, static function () use ($events, $size, $limit): void {
        cut($events, $size, $limit);
    });
    pcntl_alarm((int) ceil($limit));
}

function disarm_watchdog(): void
{
    if (function_exists('pcntl_alarm')) {
        pcntl_alarm(0);
    }
}

/**
 * The solution ran past the cut-off: say so and end the process (its score is 0 from here on).
 *
 * @param array<string, mixed> $size
 */
function cut(Events $events, array $size, float $limit): never
{
    State::$phase = 'done';
    State::$running = null;
    $events->emit(['event' => 'timing_cut', 'label' => $size['label'] ?? '',
        'n' => isset($size['n']) ? (int) $size['n'] : null, 'limit' => $limit]);
    exit(0);
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
 * A timed unit: a call of the entry function on `args`, or for a class problem (`args` being
 * class_args()) a fresh object and every call in order, results discarded. Arguments without
 * an object are converted once and reused: the closure's `use` copy is a value that each run
 * starts from afresh, by-reference parameters included (converting 5 * 10^5 elements took
 * 0.5 s against 10 ms for the call itself).
 *
 * @param array<int|string, mixed> $args
 */
function make_unit(string $entry, bool $isClass, array $args): Closure
{
    if (!$isClass) {
        return static function () use ($entry, $args): void {
            force($entry(...$args));
        };
    }
    [$init, $calls] = $args;
    return static function () use ($entry, $init, $calls): void {
        $obj = new $entry(...$init);
        foreach ($calls as [$method, $callArgs]) {
            force($obj->{$method}(...$callArgs));
        }
    };
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
 * A class problem's arguments: the constructor's from `init`, and each call of `calls` (each
 * `{"method", "args"}`) as [method, arguments], converted as for a class case.
 *
 * @param ReflectionClass<object> $class
 * @param array<string, mixed> $size
 * @param list<array<string, mixed>> $stubParams
 * @return array{array<int|string, mixed>, list<array{string, array<int|string, mixed>}>}
 */
function class_args(ReflectionClass $class, array $size, array $stubParams): array
{
    $init = convert_args($class->getConstructor(), $size['init'] ?? [], [], $stubParams);
    $methods = [];
    $calls = [];
    foreach ($size['calls'] ?? [] as $call) {
        $method = (string) $call['method'];
        if (!array_key_exists($method, $methods)) {
            $methods[$method] = $class->hasMethod($method) ? $class->getMethod($method) : null;
        }
        $calls[] = [$method, convert_args($methods[$method], $call['args'] ?? [])];
    }
    return [$init, $calls];
}

/**
 * Arguments holding objects, serialized so that unserialize() makes each unit a deep copy
 * (Money's 15000 calls: a few times faster than converting them again, which was most of that
 * timing's cost); null, so that they are converted afresh, when an object in them is not plain
 * data: an object of PHP's own classes (a closure, an ArrayObject, an exception), of a class
 * with a serialization of its own (__sleep, __wakeup, __serialize, __unserialize, Serializable)
 * or an anonymous one, or when they nest deeper than unserialize() goes.
 *
 * @param array<int|string, mixed> $args
 */
function serialized_copy(array $args): ?string
{
    if (!plain_data($args, new SplObjectStorage(), 0)) {
        return null;
    }
    try {
        return serialize($args);
    } catch (Throwable) {
        return null;
    }
}

/** @param SplObjectStorage<object, null> $seen */
function plain_data(mixed $value, SplObjectStorage $seen, int $depth): bool
{
    if ($depth > COPY_DEPTH) {
        return false;
    }
    if (is_array($value)) {
        foreach ($value as $item) {
            if (!plain_data($item, $seen, $depth + 1)) {
                return false;
            }
        }
        return true;
    }
    if (!is_object($value) || $value instanceof UnitEnum || $seen->contains($value)) {
        return true;
    }
    $seen->attach($value);
    if (!($value instanceof stdClass) && !plain_class(new ReflectionClass($value))) {
        return false;
    }
    foreach ((array) $value as $property) {
        if (!plain_data($property, $seen, $depth + 1)) {
            return false;
        }
    }
    return true;
}

/** @param ReflectionClass<object> $class a user class serialized as its properties alone */
function plain_class(ReflectionClass $class): bool
{
    for ($c = $class; $c !== false; $c = $c->getParentClass()) {
        if ($c->isInternal() || $c->isAnonymous() || $c->implementsInterface(Serializable::class)) {
            return false;
        }
        foreach (['__sleep', '__wakeup', '__serialize', '__unserialize'] as $magic) {
            if ($c->hasMethod($magic)) {
                return false;
            }
        }
    }
    return true;
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
