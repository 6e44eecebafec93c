<?php

function parsePort(string|int $value): int
{
    if (is_int($value)) {
        if ($value >= 1) {
            if ($value <= 65535) {
                return $value;
            }
        }
        throw new InvalidArgumentException('bad port ' . $value);
    }

    $s = trim($value, " \t\n\r");
    if (strlen($s) == 0) {
        throw new InvalidArgumentException('bad port ' . $value);
    }
    if ($s[0] == '0') {
        throw new InvalidArgumentException('bad port ' . $value);
    }
    $Number = 0;
    for ($i = 0; $i < strlen($s); $i++) {
        $c = $s[$i];
        if (!in_array($c, array('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'))) {
            throw new InvalidArgumentException('bad port ' . $value);
        }
        $Number = $Number * 10 + intval($c);
        if ($Number > 65535) {
            throw new InvalidArgumentException('bad port ' . $value);
        }
    }
    return $Number;
}
