<?php

/**
 * Shared code of the PHP harness (pytest-agentbench): outcome events, the value codec, argument
 * conversion by declared types, and loading the solution with compile errors reported.
 *
 * Everything lives in the AgentBench namespace so that no name can clash with a solution's.
 * TreeNode and ListNode are global classes defined on first use by an autoloader (nodes.php),
 * so a solution that declares its own never clashes with them. Standard library only; PHP 8.1+.
 */

declare(strict_types=1);

namespace AgentBench;

use BackedEnum;
use Closure;
use CompileError;
use DateTimeInterface;
use JsonSerializable;
use ReflectionClass;
use ReflectionFunctionAbstract;
use ReflectionProperty;
use SplObjectStorage;
use Stringable;
use Throwable;
use Traversable;
use UnitEnum;

const JSON_FLAGS = JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
    | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR;
const FATAL = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;
const MAX_DEPTH = 10000;
const MAX_NODES = 1000000;
/** types whose JSON values convert() gives back as they are */
const PLAIN_TYPES = [
    '', 'mixed', 'string', 'non-empty-string', 'bool', 'true', 'false', 'array', 'iterable', 'callable',
];

spl_autoload_register(static function (string $class): void {
    if ($class === 'TreeNode' || $class === 'ListNode') {
        require_once __DIR__ . '/nodes.php';
    }
});

/**
 * Outcome events, one JSON object a line, written and flushed as they happen, to the outcome
 * channel (pytest_agentbench/channel.py): a descriptor outside the sandbox, named in
 * AGENTBENCH_EVENTS_FD. Every line carries the token read once from AGENTBENCH_TOKEN_FD, before
 * the solution is loaded; the plugin keeps only lines that carry it.
 */
final class Events
{
    /** @param resource $out */
    private function __construct(private $out, private string $token)
    {
    }

    /**
     * The channel named in the environment: the token is read to the end of its pipe and that
     * descriptor closed, and both variables are removed from the environment, so that code
     * loaded later finds neither. Ends the process (status 3) when the channel is missing.
     */
    public static function fromEnvironment(): self
    {
        $tokenFd = take_env('AGENTBENCH_TOKEN_FD');
        $eventsFd = take_env('AGENTBENCH_EVENTS_FD');
        if ($tokenFd === null || $eventsFd === null) {
            fwrite(STDERR, "agentbench: no outcome channel (AGENTBENCH_EVENTS_FD, AGENTBENCH_TOKEN_FD)\n");
            exit(3);
        }
        $pipe = fopen("php://fd/$tokenFd", 'rb');
        $token = $pipe === false ? false : stream_get_contents($pipe);
        if ($pipe !== false) {
            fclose($pipe); // closes PHP's duplicate of the descriptor, not the descriptor
        }
        close_fd($tokenFd);
        $out = fopen("php://fd/$eventsFd", 'ab');
        if ($token === false || $token === '' || $out === false) {
            fwrite(STDERR, "agentbench: cannot open the outcome channel\n");
            exit(3);
        }
        return new self($out, $token);
    }

    /** @param array<string, mixed> $event */
    public function emit(array $event): void
    {
        $event['t'] = $this->token;
        $line = json_encode($event, JSON_FLAGS, 1 << 20);
        if ($line === false) {
            $line = json_encode(['event' => 'harness_error', 'message' => json_last_error_msg(),
                't' => $this->token]);
        }
        fwrite($this->out, $line . "\n");
        fflush($this->out);
    }
}

/** A descriptor number from the environment, the variable removed from it (and from $_SERVER). */
function take_env(string $name): ?int
{
    $value = getenv($name);
    putenv($name);
    unset($_SERVER[$name], $_ENV[$name]);
    return is_string($value) && ctype_digit($value) ? (int) $value : null;
}

/**
 * Close an inherited descriptor by its number. PHP itself cannot (php://fd/N opens a
 * duplicate), so this asks libc through FFI where PHP has it; without FFI the descriptor stays
 * open, which gives nothing away: the pipe behind it was read to its end and has no writer.
 */
function close_fd(int $fd): void
{
    if (!class_exists(\FFI::class, false)) {
        return;
    }
    try {
        \FFI::cdef('int close(int fd);')->close($fd);
    } catch (Throwable) {
        // FFI disabled (ffi.enable=false): see above
    }
}

/**
 * What the process is doing, for the shutdown handler: a fatal error (not an exception) or an
 * exit() while loading is a compile error, while a case or test runs it is that case's outcome.
 */
final class State
{
    public static ?Events $events = null;
    public static string $phase = 'loading';
    /** @var array<string, mixed>|null the event to complete if the process dies mid-case */
    public static ?array $running = null;
    public static float $started = 0.0;
    public static string $reserve = '';
    public static string $workDir = '';
    /** @var array<string, mixed> the job (harness) or the command line (native tests) */
    public static array $job = [];
    /** in a timing job, the contender loading ("solution" or "reference"), named by its errors */
    public static string $who = '';
    /** the namespace whose classes argument types name first (the timed reference's) */
    public static string $namespace = '';
    /** a scratch file to remove (the timed reference, namespaced) */
    public static string $scratch = '';
    /** the test framework's directory (native tests: PHPUnit's), left out of tracebacks */
    public static string $framework = '';
}

/** Record fatal errors and exit() calls, which no catch block sees, before the process ends. */
function install_handlers(Events $events, string $workDir): void
{
    State::$events = $events;
    State::$workDir = rtrim($workDir, '/') . '/';
    State::$reserve = str_repeat(' ', 256 * 1024); // freed to report a memory exhaustion
    ini_set('display_errors', 'stderr');
    error_reporting(E_ALL);
    register_shutdown_function(static function (): void {
        State::$reserve = '';
        $error = error_get_last();
        $fatal = $error !== null && ($error['type'] & FATAL) !== 0;
        $events = State::$events;
        if ($events === null || State::$phase === 'done') {
            return;
        }
        $where = $fatal ? ' in ' . relative($error['file']) . ' on line ' . $error['line'] : '';
        if (State::$phase === 'loading' && State::$who !== '') {
            $events->emit(['event' => 'load_error', 'who' => State::$who,
                'error_type' => $fatal ? 'FatalError' : 'Exit',
                'message' => $fatal ? clean($error['message']) . $where : 'exit() was called while loading']);
            return;
        }
        if (State::$phase === 'loading') {
            if ($fatal) {
                $events->emit(['event' => 'compile_error',
                    'message' => 'PHP Fatal error: ' . clean($error['message']) . $where]);
            } else {
                $events->emit(['event' => 'load_error', 'error_type' => 'Exit',
                    'message' => 'the solution called exit() while loading']);
            }
            return;
        }
        if (State::$running === null) {
            $events->emit(['event' => 'harness_error', 'error_type' => $fatal ? 'FatalError' : 'Exit',
                'message' => $fatal ? clean($error['message']) . $where : 'exit() was called']);
            return;
        }
        $event = State::$running;
        [$type, $message] = $fatal
            ? ['FatalError', clean($error['message']) . $where]
            : ['Exit', 'exit() or die() was called'];
        if (($event['event'] ?? '') === 'test') {
            $event += ['status' => 'error', 'message' => "$type: $message"];
        } elseif (($event['status'] ?? '') === 'calls') {
            $event['calls'][] = ['error_type' => $type, 'message' => $message];
        } else {
            $event += ['status' => 'exception', 'error_type' => $type, 'message' => $message];
        }
        $event['seconds'] = elapsed(State::$started);
        $events->emit($event);
    });
}

function elapsed(float $since): float
{
    return (hrtime(true) / 1e9) - $since;
}

function now(): float
{
    return hrtime(true) / 1e9;
}

/** A message with the work and harness directories left out of the paths it names. */
function clean(string $message): string
{
    return str_replace([State::$workDir, __DIR__ . '/'], '', $message);
}

/** A path shown relative to the work directory. */
function relative(string $file): string
{
    $work = State::$workDir;
    return $work !== '' && str_starts_with($file, $work) ? substr($file, strlen($work)) : basename($file);
}

/**
 * Report why a file could not be loaded: a parse or compile error is a compile_error event, any
 * other throwable a load_error event; in a timing job (State::$who) always a load_error naming
 * the contender. The `require` itself is written at the top level of the harness scripts, so
 * that the file's top-level variables are globals, as in plain PHP.
 */
function load_failed(Throwable $e, Events $events): void
{
    if (State::$who !== '') {
        $events->emit(['event' => 'load_error', 'who' => State::$who] + error_fields($e));
    } elseif ($e instanceof CompileError) {
        $kind = $e instanceof \ParseError ? 'Parse error' : 'Fatal error';
        $events->emit(['event' => 'compile_error', 'message' => sprintf(
            'PHP %s: %s in %s on line %d',
            $kind,
            clean($e->getMessage()),
            relative($e->getFile()),
            $e->getLine()
        )]);
    } else {
        $events->emit(['event' => 'load_error'] + error_fields($e));
    }
    State::$phase = 'done';
}

// ------------------------------------------------------------------ errors

/** @return array{error_type: string, message: string, traceback: string} */
function error_fields(Throwable $e): array
{
    return [
        'error_type' => (new ReflectionClass($e))->getShortName(),
        'message' => clean($e->getMessage()),
        'traceback' => trace($e),
    ];
}

/** Where the throwable came from, the frames in the solution first (at most five lines). */
function trace(Throwable $e): string
{
    return trace_of($e->getFile(), $e->getLine(), $e->getTrace());
}

/**
 * trace() of a throwable known by its place and frames (PHPUnit keeps no more of an exception
 * it wrapped).
 *
 * @param list<array<string, mixed>> $frames
 */
function trace_of(string $file, int $line, array $frames): string
{
    $lines = [relative($file) . ':' . $line];
    foreach ($frames as $frame) {
        if (
            !isset($frame['file']) || str_starts_with($frame['file'], __DIR__ . '/')
            || (State::$framework !== '' && str_starts_with($frame['file'], State::$framework))
        ) {
            continue;
        }
        $call = isset($frame['class']) ? $frame['class'] . $frame['type'] . $frame['function'] : $frame['function'];
        $lines[] = relative($frame['file']) . ':' . ($frame['line'] ?? 0) . ' ' . $call . '()';
        if (count($lines) >= 5) {
            break;
        }
    }
    return implode("\n", $lines);
}

// ------------------------------------------------------------------ finding the entry point

/**
 * The user function named $name (case-insensitively, in any namespace but the timed
 * reference's), or null.
 */
function find_function(string $name): ?string
{
    if (function_exists($name)) {
        return $name;
    }
    $suffix = '\\' . strtolower(ltrim($name, '\\'));
    foreach (get_defined_functions()['user'] as $fn) {
        if (str_ends_with($fn, $suffix) && !of_reference($fn)) {
            return $fn;
        }
    }
    return null;
}

/** The class or enum named $name (in any namespace but the timed reference's), or null. */
function find_class(string $name): ?string
{
    if (class_exists($name, false) || enum_exists($name, false)) {
        return $name;
    }
    $suffix = '\\' . strtolower(ltrim($name, '\\'));
    foreach (get_declared_classes() as $class) {
        if (str_ends_with(strtolower($class), $suffix) && !of_reference($class)) {
            return $class;
        }
    }
    return null;
}

/** Whether a function or class is the timed reference's (timing.php, REFERENCE_NAMESPACE). */
function of_reference(string $name): bool
{
    return str_starts_with(strtolower($name), 'agentbenchreference\\');
}

/**
 * The user functions and classes defined, for a message: the solution's, or with $reference
 * the timed reference's (REFERENCE_NAMESPACE).
 *
 * @return list<string>
 */
function defined_names(bool $reference = false): array
{
    $names = [];
    foreach (get_defined_functions()['user'] as $fn) {
        if (!str_starts_with($fn, 'agentbench\\') && of_reference($fn) === $reference) {
            $names[] = $fn . '()';
        }
    }
    foreach (get_declared_classes() as $class) {
        $ref = new ReflectionClass($class);
        if ($ref->isUserDefined() && !str_starts_with($class, 'AgentBench\\') && of_reference($class) === $reference) {
            $names[] = $class;
        }
    }
    return $names;
}

// ------------------------------------------------------------------ arguments

/**
 * The arguments of one call, each JSON value converted to the parameter's declared type: the
 * native type from reflection, else the stub's type; `array` parameters use a PHPDoc element
 * type (`list<ListNode>`, `array<string, float>`, `int[]`) from the solution or the stub.
 *
 * @param list<mixed> $args
 * @param array<string, mixed> $kwargs
 * @param list<array<string, mixed>> $stubParams the job's params (name, type, doc)
 * @return array<int|string, mixed>
 */
function convert_args(?ReflectionFunctionAbstract $fn, array $args, array $kwargs = [], array $stubParams = []): array
{
    $params = $fn?->getParameters() ?? [];
    $docs = $fn !== null ? doc_param_types((string) $fn->getDocComment()) : [];
    $byName = [];
    foreach ($params as $i => $param) {
        $byName[$param->getName()] = $i;
    }
    $typeOf = static function (int $i) use ($params, $docs, $stubParams): string {
        $param = $params[$i] ?? null;
        if ($param === null && $params !== [] && end($params)->isVariadic()) {
            $param = end($params);
        }
        $native = $param?->getType();
        $name = $param?->getName() ?? ($stubParams[$i]['name'] ?? '');
        $stub = $stubParams[$i] ?? [];
        $doc = $docs[$name] ?? ($stub['doc'] ?? '');
        $type = $native !== null ? (string) $native : (string) ($stub['type'] ?? '');
        if ($doc !== '' && ($type === '' || preg_match('/^\??(array|iterable|mixed)$/i', $type))) {
            return $doc;
        }
        return $type;
    };
    $out = [];
    foreach (array_values($args) as $i => $value) {
        $out[] = convert($value, $typeOf($i));
    }
    foreach ($kwargs as $name => $value) {
        $i = $byName[$name] ?? null;
        $out[$name] = convert($value, $i === null ? '' : $typeOf($i));
    }
    return $out;
}

/**
 * PHPDoc `@param` types by parameter name.
 *
 * @return array<string, string>
 */
function doc_param_types(string $doc): array
{
    $types = [];
    if ($doc === '') {
        return $types;
    }
    $offset = 0;
    while (preg_match('/@(?:phpstan-|psalm-)?param\s+/', $doc, $m, PREG_OFFSET_CAPTURE, $offset)) {
        $pos = $m[0][1] + strlen($m[0][0]);
        [$type, $pos] = read_doc_type($doc, $pos);
        $offset = $pos;
        if (preg_match('/\G\s*(?:\.\.\.)?&?\$(\w+)/', $doc, $n, 0, $pos)) {
            $types[$n[1]] ??= $type;
        }
    }
    return $types;
}

/** @return array{string, int} a PHPDoc type read from $pos (balanced <>, (), {}) and the end */
function read_doc_type(string $doc, int $pos): array
{
    $depth = 0;
    $type = '';
    $len = strlen($doc);
    for (; $pos < $len; $pos++) {
        $ch = $doc[$pos];
        if (str_contains('<({', $ch)) {
            $depth++;
        } elseif (str_contains('>)}', $ch)) {
            $depth--;
        } elseif (ctype_space($ch) && $depth <= 0) {
            break;
        }
        $type .= $ch;
    }
    return [$type, $pos];
}

/** Split a type at top-level separators (`|` of unions, `,` of generics). @return list<string> */
function split_type(string $type, string $sep): array
{
    $parts = [];
    $depth = 0;
    $cur = '';
    foreach (str_split($type) as $ch) {
        if (str_contains('<({[', $ch)) {
            $depth++;
        } elseif (str_contains('>)}]', $ch)) {
            $depth--;
        }
        if ($ch === $sep && $depth === 0) {
            $parts[] = trim($cur);
            $cur = '';
            continue;
        }
        $cur .= $ch;
    }
    $parts[] = trim($cur);
    return array_values(array_filter($parts, static fn (string $p): bool => $p !== ''));
}

/** One JSON value as a value of the PHP type $type (a native or a PHPDoc type; '' = any). */
function convert(mixed $value, string $type): mixed
{
    $type = trim($type);
    if ($value === null || $type === '' || $type === 'mixed') {
        return $value;
    }
    if ($type[0] === '?') {
        $type = substr($type, 1);
    }
    $alternatives = array_values(array_filter(
        split_type(trim($type, '()'), '|'),
        static fn (string $t): bool => strtolower($t) !== 'null'
    ));
    if (count($alternatives) !== 1) {
        return convert_union($value, $alternatives);
    }
    $t = $alternatives[0];
    $lower = strtolower(ltrim($t, '\\'));
    switch ($lower) {
        case 'int':
        case 'positive-int':
        case 'negative-int':
        case 'non-negative-int':
            return is_float($value) && floor($value) === $value && abs($value) < 9.2e18 ? (int) $value : $value;
        case 'float':
            return is_int($value) ? (float) $value : $value;
        case 'string':
        case 'non-empty-string':
        case 'bool':
        case 'true':
        case 'false':
        case 'array':
        case 'iterable':
        case 'callable':
            return $value;
        case 'object':
            return is_array($value) && !array_is_list($value) ? (object) $value : $value;
    }
    if (is_array($value) && preg_match('/^(?:non-empty-)?(list|array|iterable)\s*<(.*)>$/is', $t, $m)) {
        $parts = split_type($m[2], ',');
        $elem = end($parts) ?: '';
        $key = count($parts) > 1 ? $parts[0] : '';
        if (converts_nothing($elem) && ($key === '' || converts_nothing($key) || is_key_type($key))) {
            return $value; // e.g. iterable<T>, list<string>: 10^5 elements need no walk
        }
        $out = [];
        foreach ($value as $k => $v) {
            $out[$key === '' ? $k : convert($k, $key)] = convert($v, $elem);
        }
        return $out;
    }
    if (is_array($value) && str_ends_with($t, '[]')) {
        return array_map(static fn (mixed $v): mixed => convert($v, substr($t, 0, -2)), $value);
    }
    return convert_object($value, $t);
}

/**
 * Whether convert() gives back every value of this type unchanged: no class to build, no
 * number to make an int or a float (remembered per type and namespace).
 */
function converts_nothing(string $type): bool
{
    static $known = [];
    return $known[State::$namespace . '|' . $type] ??= finds_nothing_to_convert($type);
}

function finds_nothing_to_convert(string $type): bool
{
    $t = ltrim(trim($type), '?\\');
    $lower = strtolower($t);
    if (in_array($lower, PLAIN_TYPES, true)) {
        return true;
    }
    if (preg_match('/^(?:non-empty-)?(?:list|array|iterable)\s*<(.*)>$/is', $t, $m)) {
        $parts = split_type($m[1], ',');
        return converts_nothing(end($parts) ?: '') && (count($parts) < 2 || is_key_type($parts[0]));
    }
    return preg_match('/^[A-Za-z_][\w\\\\]*$/', $t) === 1 && !in_array($lower, ['int', 'float', 'object'], true)
        && !str_ends_with($lower, 'int') && !in_array(strtolower(short_name($t)), ['treenode', 'listnode'], true)
        && class_for($t) === null;
}

/** A key type: array keys are ints and strings, and convert() leaves either as it is. */
function is_key_type(string $type): bool
{
    return in_array(strtolower(trim($type)), ['int', 'string', 'array-key', 'positive-int', 'non-negative-int'], true);
}

/** @param list<string> $alternatives */
function convert_union(mixed $value, array $alternatives): mixed
{
    $actual = get_debug_type($value);
    foreach ($alternatives as $t) {
        $lower = strtolower($t);
        if (
            $lower === $actual || ($lower === 'bool' && is_bool($value)) || $lower === 'mixed'
            || (is_array($value) && preg_match('/^(array|iterable|list)\b/', $lower))
        ) {
            return $value;
        }
    }
    foreach ($alternatives as $t) { // int given where only float is allowed, an enum, a node...
        try {
            $converted = convert($value, $t);
        } catch (Throwable) {
            continue;
        }
        if ($converted !== $value || is_object($converted)) {
            return $converted;
        }
    }
    return $value;
}

/** A JSON value as an instance of a class: a tree, a linked list, an enum, a constructor call. */
function convert_object(mixed $value, string $type): mixed
{
    $short = strtolower(short_name($type));
    $class = class_for($type);
    if ($short === 'treenode' && is_array($value)) {
        return build_tree(array_values($value), $class ?? 'TreeNode');
    }
    if ($short === 'listnode' && is_array($value)) {
        return build_list(array_values($value), $class ?? 'ListNode');
    }
    if ($class === null) {
        return $value;
    }
    if (is_subclass_of($class, BackedEnum::class) && (is_int($value) || is_string($value))) {
        return $class::from($value);
    }
    if (enum_exists($class) && is_string($value)) {
        return constant($class . '::' . $value);
    }
    if (is_array($value)) {
        $ref = new ReflectionClass($class);
        if (!$ref->isInstantiable()) {
            return $value;
        }
        $ctor = $ref->getConstructor();
        $positional = array_is_list($value) ? $value : [];
        $named = array_is_list($value) ? [] : $value;
        return $ref->newInstanceArgs(convert_args($ctor, $positional, $named));
    }
    return $value;
}

function short_name(string $type): string
{
    $pos = strrpos($type, '\\');
    return $pos === false ? $type : substr($type, $pos + 1);
}

/** The class a type names, or null if no such class can be loaded. */
function class_for(string $type): ?string
{
    // Remembered per type string: arguments are converted element by element (a timing input
    // holds 10^5 of them), and find_class scans every declared class. The solution's classes
    // are all declared by the time arguments are converted.
    static $known = [];
    $key = State::$namespace . '|' . $type;
    if (!array_key_exists($key, $known)) {
        $known[$key] = find_class_for($type);
    }
    return $known[$key];
}

/** The class a type names: a short name in State::$namespace first (the timed reference's). */
function find_class_for(string $type): ?string
{
    $name = ltrim($type, '\\');
    if ($name === '' || !preg_match('/^[A-Za-z_\\\\][\w\\\\]*$/', $name)) {
        return null;
    }
    $own = State::$namespace . '\\' . $name;
    if (State::$namespace !== '' && !str_contains($type, '\\') && (class_exists($own) || enum_exists($own))) {
        return $own;
    }
    if (class_exists($name) || enum_exists($name)) {
        return $name;
    }
    return find_class(short_name($name));
}

/** @param list<mixed> $values level order, null for a missing child */
function build_tree(array $values, string $class): ?object
{
    if ($values === [] || $values[0] === null) {
        return null;
    }
    $make = static function (mixed $val) use ($class): object {
        $node = new $class($val);
        $node->left = null;
        $node->right = null;
        return $node;
    };
    $root = $make($values[0]);
    $queue = [$root];
    $head = 0;
    $i = 1;
    $count = count($values);
    while ($head < count($queue) && $i < $count) {
        $node = $queue[$head++];
        foreach (['left', 'right'] as $side) {
            if ($i >= $count) {
                break;
            }
            if ($values[$i] !== null) {
                $child = $make($values[$i]);
                $node->{$side} = $child;
                $queue[] = $child;
            }
            $i++;
        }
    }
    return $root;
}

/** @param list<mixed> $values */
function build_list(array $values, string $class): ?object
{
    $head = null;
    foreach (array_reverse($values) as $val) {
        $node = new $class($val);
        $node->next = $head;
        $head = $node;
    }
    return $head;
}

// ------------------------------------------------------------------ results

/**
 * A result as plain JSON data: lists stay lists, other arrays become objects, trees and linked
 * lists become lists, enums their value (or name), NaN and infinities tagged floats, iterables
 * their items, other objects their public properties; anything else is tagged as opaque.
 */
function to_json(mixed $value, int $depth = 0): mixed
{
    if ($depth > MAX_DEPTH) {
        return ['$repr' => '<nested too deeply>', '$type' => get_debug_type($value)];
    }
    if ($value === null || is_bool($value) || is_int($value) || is_string($value)) {
        return $value;
    }
    if (is_float($value)) {
        if (is_nan($value)) {
            return ['$float' => 'nan'];
        }
        if (is_infinite($value)) {
            return ['$float' => $value > 0 ? 'inf' : '-inf'];
        }
        return $value;
    }
    if (is_array($value)) {
        $out = [];
        foreach ($value as $k => $v) {
            $out[$k] = to_json($v, $depth + 1);
        }
        return array_is_list($out) ? $out : (object) $out;
    }
    if (!is_object($value)) {
        return ['$repr' => get_debug_type($value), '$type' => get_debug_type($value)];
    }
    $short = (new ReflectionClass($value))->getShortName();
    if (
        $short === 'TreeNode' || (property_exists($value, 'left') && property_exists($value, 'right')
            && property_exists($value, 'val'))
    ) {
        return tree_to_list($value);
    }
    if ($short === 'ListNode' || (property_exists($value, 'next') && property_exists($value, 'val'))) {
        return list_to_list($value);
    }
    if ($value instanceof BackedEnum) {
        return $value->value;
    }
    if ($value instanceof UnitEnum) {
        return $value->name;
    }
    if ($value instanceof JsonSerializable) {
        return to_json($value->jsonSerialize(), $depth + 1);
    }
    if ($value instanceof DateTimeInterface) {
        return $value->format(DATE_ATOM);
    }
    if ($value instanceof Closure) {
        return ['$repr' => 'Closure', '$type' => 'Closure'];
    }
    if ($value instanceof Traversable) {
        return iterable_to_json($value, $depth);
    }
    $props = get_object_vars($value);
    if ($props !== []) {
        $out = [];
        foreach ($props as $k => $v) {
            $out[$k] = to_json($v, $depth + 1);
        }
        return (object) $out;
    }
    $text = $value instanceof Stringable ? (string) $value : get_class($value);
    return ['$repr' => $text, '$type' => get_class($value)];
}

/** Items of an iterable: a list when every key is an int (generators, queues), else an object. */
function iterable_to_json(Traversable $items, int $depth): mixed
{
    $keys = [];
    $values = [];
    $count = 0;
    foreach ($items as $k => $v) {
        if (++$count > MAX_NODES) {
            return ['$repr' => '<too many items>', '$type' => get_class($items)];
        }
        $keys[] = $k;
        $values[] = to_json($v, $depth + 1);
    }
    $intKeys = array_filter($keys, 'is_int') === $keys;
    $unique = count(array_unique(array_map('strval', $keys))) === count($keys);
    if ($intKeys || !$unique) {
        return $values;
    }
    return (object) array_combine(array_map('strval', $keys), $values);
}

/** @return list<mixed>|array{'$repr': string, '$type': string} */
function tree_to_list(object $root): array
{
    $out = [];
    $queue = [$root];
    $seen = new SplObjectStorage();
    for ($head = 0; $head < count($queue); $head++) {
        $node = $queue[$head];
        if ($node === null) {
            $out[] = null;
            continue;
        }
        if ($seen->contains($node) || count($seen) > MAX_NODES) {
            return ['$repr' => '<a tree with a cycle>', '$type' => get_class($root)];
        }
        $seen->attach($node);
        $out[] = to_json($node->val ?? null, 1);
        $queue[] = $node->left ?? null;
        $queue[] = $node->right ?? null;
    }
    while ($out !== [] && end($out) === null) {
        array_pop($out);
    }
    return $out;
}

/** @return list<mixed>|array{'$repr': string, '$type': string} */
function list_to_list(object $head): array
{
    $out = [];
    $seen = new SplObjectStorage();
    for ($node = $head; $node !== null; $node = $node->next ?? null) {
        if ($seen->contains($node) || count($seen) > MAX_NODES) {
            return ['$repr' => '<a linked list with a cycle>', '$type' => get_class($head)];
        }
        $seen->attach($node);
        $out[] = to_json($node->val ?? null, 1);
    }
    return $out;
}

/** A property of an object by name (any visibility; snake_case also tried as camelCase). */
function read_property(object $obj, string $name): mixed
{
    $camel = lcfirst(str_replace('_', '', ucwords($name, '_')));
    foreach ([$name, $camel] as $candidate) {
        if (property_exists($obj, $candidate)) {
            $prop = new ReflectionProperty($obj, $candidate);
            if ($prop->isInitialized($obj)) {
                return to_json($prop->getValue($obj));
            }
        }
    }
    return ['$repr' => '<missing>', '$type' => 'missing'];
}
