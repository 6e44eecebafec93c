<?php

declare(strict_types=1);

/**
 * Splits any iterable, possibly infinite, into lists of $size values, lazily: a value is read
 * only when the chunk holding it is requested. The size is checked when chunked() is called.
 *
 * @template T
 * @param iterable<T> $items
 * @return Generator<int, list<T>>
 *
 * @throws InvalidArgumentException When $size is less than 1.
 */
function chunked(iterable $items, int $size): Generator
{
    if ($size < 1) {
        throw new InvalidArgumentException("The chunk size must be at least 1, got {$size}.");
    }

    return (static function () use ($items, $size): Generator {
        $chunk = [];
        foreach ($items as $item) {
            $chunk[] = $item;
            if (count($chunk) === $size) {
                yield $chunk;
                $chunk = [];
            }
        }
        if ($chunk !== []) {
            yield $chunk;
        }
    })();
}
