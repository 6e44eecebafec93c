<?php

declare(strict_types=1);

/**
 * Turns a title into a URL slug: lowercase ASCII letters and digits joined by $separator.
 *
 * Apostrophes vanish; every other run of characters (non-ASCII bytes included) becomes one
 * separator, and the slug never starts or ends with one.
 *
 * @throws InvalidArgumentException When $separator is not "-", "_" or ".".
 */
function slugify(string $title, string $separator = '-'): string
{
    if (!in_array($separator, ['-', '_', '.'], true)) {
        throw new InvalidArgumentException("Unsupported slug separator '{$separator}'.");
    }

    $slug = preg_replace('/[^a-z0-9]+/', $separator, strtolower(str_replace("'", '', $title)));

    return trim($slug, $separator);
}
