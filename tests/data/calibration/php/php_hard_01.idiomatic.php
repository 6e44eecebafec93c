<?php

declare(strict_types=1);

/**
 * Stands for a template variable that does not exist, as opposed to one that is null.
 */
enum TemplateValue
{
    case Missing;
}

/**
 * One `{{ path|filter|filter("argument") }}` tag of a template, parsed.
 */
final class TemplateTag
{
    private const SYNTAX = '/^\s*
        (?<path> [A-Za-z_]\w* (?: \.\w+ )* )
        (?<filters> (?: \s*\|\s* [a-z_]+ (?: \(\s* "(?: [^"\\\\] | \\\\. )*" \s*\) )? )* )
        \s*$/sx';

    private const FILTER = '/\|\s* (?<name> [a-z_]+ ) (?: \(\s* "(?<argument> (?: [^"\\\\] | \\\\. )* )" \s*\) )?/sx';

    /** Whether each known filter takes an argument. */
    private const TAKES_ARGUMENT = [
        'default' => true,
        'join' => true,
        'upper' => false,
        'lower' => false,
        'trim' => false,
        'title' => false,
        'length' => false,
        'raw' => false,
    ];

    /**
     * @param list<string> $path keys to follow from the variables
     * @param list<array{string, ?string}> $filters name and argument of each filter but raw
     * @param bool $escape false when the tag has the raw filter
     */
    private function __construct(
        public readonly array $path,
        public readonly array $filters,
        public readonly bool $escape,
    ) {
    }

    /**
     * Parses what stands between `{{` and `}}`.
     *
     * @throws InvalidArgumentException When the tag is not a path followed by known filters.
     */
    public static function parse(string $source): self
    {
        if (preg_match(self::SYNTAX, $source, $tag) !== 1) {
            throw new InvalidArgumentException("Invalid template tag '{{{$source}}}'.");
        }
        preg_match_all(self::FILTER, $tag['filters'], $found, PREG_SET_ORDER | PREG_UNMATCHED_AS_NULL);

        $filters = [];
        $escape = true;
        foreach ($found as ['name' => $name, 'argument' => $argument]) {
            if ((self::TAKES_ARGUMENT[$name] ?? null) !== ($argument !== null)) {
                throw new InvalidArgumentException("Unknown filter '{$name}' or wrong use of its argument.");
            }
            if ($name === 'raw') {
                $escape = false;
            } else {
                $filters[] = [$name, $argument === null ? null : preg_replace('/\\\\(.)/s', '$1', $argument)];
            }
        }

        return new self(explode('.', $tag['path']), $filters, $escape);
    }
}

/**
 * Renders a template with `{{ path|filter }}` tags, HTML-escaping what the tags print.
 *
 * The whole template is parsed before any variable is read, so a syntax error anywhere wins.
 *
 * @param array<string, mixed> $vars
 *
 * @throws InvalidArgumentException On a syntax error.
 * @throws OutOfBoundsException When a variable is missing and gets no default.
 * @throws UnexpectedValueException When a value cannot be printed or joined.
 */
function render(string $template, array $vars): string
{
    $output = '';
    foreach (parseTemplate($template) as $segment) {
        $output .= $segment instanceof TemplateTag ? renderTag($segment, $vars) : $segment;
    }

    return $output;
}

/**
 * The template as text and tags, in order.
 *
 * @return list<string|TemplateTag>
 *
 * @throws InvalidArgumentException On a syntax error.
 */
function parseTemplate(string $template): array
{
    $pieces = preg_split('/\{\{(.*?)\}\}/s', $template, flags: PREG_SPLIT_DELIM_CAPTURE);
    $segments = [];
    foreach ($pieces as $index => $piece) {
        if ($index % 2 === 1) {
            $segments[] = TemplateTag::parse($piece);
        } elseif (str_contains($piece, '{{')) {
            throw new InvalidArgumentException("A '{{' in the template is never closed.");
        } else {
            $segments[] = $piece;
        }
    }

    return $segments;
}

/**
 * What one tag prints.
 *
 * @param array<string, mixed> $vars
 */
function renderTag(TemplateTag $tag, array $vars): string
{
    $value = lookUp($vars, $tag->path);
    foreach ($tag->filters as [$name, $argument]) {
        $value = $name === 'default'
            ? (in_array($value, [TemplateValue::Missing, null, ''], true) ? $argument : $value)
            : applyFilter($name, $argument, present($value, $tag));
    }
    $text = textOf(present($value, $tag));

    return $tag->escape ? htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE) : $text;
}

/**
 * The value at $path in $vars, or TemplateValue::Missing.
 *
 * @param array<string, mixed> $vars
 * @param list<string> $path
 */
function lookUp(array $vars, array $path): mixed
{
    $value = $vars;
    foreach ($path as $key) {
        if (!is_array($value) || !array_key_exists($key, $value)) {
            return TemplateValue::Missing;
        }
        $value = $value[$key];
    }

    return $value;
}

/**
 * $value, unless it is missing.
 *
 * @throws OutOfBoundsException When the value is missing.
 */
function present(mixed $value, TemplateTag $tag): mixed
{
    if ($value === TemplateValue::Missing) {
        throw new OutOfBoundsException(sprintf("Undefined template variable '%s'.", implode('.', $tag->path)));
    }

    return $value;
}

/**
 * A filter other than default and raw, applied to a present value.
 *
 * @throws UnexpectedValueException When the value cannot be used as text, or joined.
 */
function applyFilter(string $name, ?string $argument, mixed $value): string|int
{
    return match ($name) {
        'upper' => strtoupper(textOf($value)),
        'lower' => strtolower(textOf($value)),
        'trim' => trim(textOf($value)),
        'title' => ucwords(strtolower(textOf($value))),
        'length' => is_array($value) ? count($value) : strlen(textOf($value)),
        'join' => is_array($value)
            ? implode((string) $argument, array_map(textOf(...), $value))
            : throw new UnexpectedValueException('Only an array can be joined.'),
    };
}

/**
 * The text of a scalar or null: booleans as "true"/"false", null as "".
 *
 * @throws UnexpectedValueException For arrays and objects.
 */
function textOf(mixed $value): string
{
    return match (true) {
        is_bool($value) => $value ? 'true' : 'false',
        is_scalar($value), $value === null => (string) $value,
        default => throw new UnexpectedValueException(
            sprintf('Cannot print a value of type %s.', get_debug_type($value)),
        ),
    };
}
