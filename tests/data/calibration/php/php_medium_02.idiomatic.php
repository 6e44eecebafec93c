<?php

declare(strict_types=1);

/**
 * A signup payload with invalid fields; errors() tells which, and why.
 */
final class ValidationException extends InvalidArgumentException
{
    /**
     * @param array<string, string> $errors field => error code
     */
    public function __construct(private readonly array $errors)
    {
        $fields = array_map(
            static fn (string $field, string $code): string => "{$field} ({$code})",
            array_keys($errors),
            $errors,
        );
        parent::__construct('Invalid signup fields: ' . implode(', ', $fields) . '.');
    }

    /**
     * @return array<string, string> field => error code
     */
    public function errors(): array
    {
        return $this->errors;
    }
}

/**
 * Validates and normalizes a decoded signup payload, reporting every invalid field at once.
 *
 * @param array<string, mixed> $input
 * @return array{email: string, age: int, newsletter: bool, tags: list<string>}
 *
 * @throws ValidationException When any field is missing, invalid, out of range or unknown.
 */
function validateSignup(array $input): array
{
    $errors = array_filter([
        'email' => emailError($input['email'] ?? null),
        'age' => ageError($input['age'] ?? null),
        'newsletter' => newsletterError($input['newsletter'] ?? null),
        'tags' => tagsError($input['tags'] ?? null),
    ]);
    $unknown = array_diff_key($input, array_flip(['email', 'age', 'newsletter', 'tags']));
    foreach (array_keys($unknown) as $key) {
        $errors[$key] = 'unknown';
    }
    if ($errors !== []) {
        throw new ValidationException($errors);
    }

    return [
        'email' => strtolower(trim($input['email'])),
        'age' => (int) $input['age'],
        'newsletter' => toBoolean($input['newsletter'] ?? false) ?? false,
        'tags' => normalizeTags($input['tags'] ?? []),
    ];
}

/**
 * The error code of an email address, null when it is valid.
 */
function emailError(mixed $email): ?string
{
    if ($email === null || (is_string($email) && trim($email) === '')) {
        return 'required';
    }
    if (!is_string($email) || filter_var(trim($email), FILTER_VALIDATE_EMAIL) === false) {
        return 'invalid';
    }

    return null;
}

/**
 * The error code of an age (an int or a string of digits in 13..130), null when it is valid.
 */
function ageError(mixed $age): ?string
{
    if ($age === null) {
        return 'required';
    }
    if (!is_int($age) && !(is_string($age) && ctype_digit($age))) {
        return 'invalid';
    }

    return (int) $age >= 13 && (int) $age <= 130 ? null : 'out_of_range';
}

/**
 * The error code of the newsletter flag, null when it is valid or absent.
 */
function newsletterError(mixed $newsletter): ?string
{
    return $newsletter === null || toBoolean($newsletter) !== null ? null : 'invalid';
}

/**
 * The error code of the tags, null when they are valid or absent.
 */
function tagsError(mixed $tags): ?string
{
    if ($tags === null) {
        return null;
    }
    if (!is_array($tags) || !array_is_list($tags) || array_filter($tags, 'is_string') !== $tags) {
        return 'invalid';
    }

    return count(normalizeTags($tags)) > 5 ? 'out_of_range' : null;
}

/**
 * A bool as is; an int or a string as filter_var() reads a boolean; null for anything else.
 */
function toBoolean(mixed $value): ?bool
{
    return match (true) {
        is_bool($value) => $value,
        is_int($value), is_string($value) => filter_var(
            $value,
            FILTER_VALIDATE_BOOLEAN,
            FILTER_NULL_ON_FAILURE,
        ),
        default => null,
    };
}

/**
 * Trimmed, lowercased, non-empty tags, each once, in first-seen order.
 *
 * @param list<string> $tags
 * @return list<string>
 */
function normalizeTags(array $tags): array
{
    $normalized = array_map(static fn (string $tag): string => strtolower(trim($tag)), $tags);

    return array_values(array_unique(array_filter($normalized, static fn (string $tag): bool => $tag !== '')));
}
