<?php

declare(strict_types=1);

/**
 * Parses a TCP port from configuration: an int, or a string of decimal digits without sign or
 * leading zeros (surrounding blanks allowed), in 1..65535.
 *
 * @throws InvalidArgumentException When the value is not such a port number.
 */
function parsePort(string|int $value): int
{
    $candidate = is_string($value) ? trim($value, " \t\n\r") : $value;
    $port = is_int($candidate) || ctype_digit($candidate)
        ? filter_var($candidate, FILTER_VALIDATE_INT, ['options' => ['min_range' => 1, 'max_range' => 65535]])
        : false;

    if ($port === false) {
        throw new InvalidArgumentException(sprintf('Invalid port number %s.', var_export($value, true)));
    }

    return $port;
}
