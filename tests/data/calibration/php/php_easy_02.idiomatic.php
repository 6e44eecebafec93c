<?php

declare(strict_types=1);

/**
 * The $limit most frequent words of $text, lowercased: higher counts first, equal counts in
 * byte-wise order.
 *
 * @return list<string>
 *
 * @throws InvalidArgumentException When $limit is negative.
 */
function topWords(string $text, int $limit): array
{
    if ($limit < 0) {
        throw new InvalidArgumentException("The limit must not be negative, got {$limit}.");
    }

    preg_match_all('/[a-z0-9]+/', strtolower($text), $matches);
    $counts = array_count_values($matches[0]);

    // numeric words such as "2024" became integer keys: compare and return them as strings
    uksort(
        $counts,
        static fn (int|string $left, int|string $right): int => $counts[$right] <=> $counts[$left]
            ?: strcmp((string) $left, (string) $right),
    );

    return array_map(strval(...), array_slice(array_keys($counts), 0, $limit));
}
