<?php

function nextRuns(string $expression, string $after, int $count): array
{
    if ($count < 1 || $count > 1000) {
        throw new InvalidArgumentException('bad count');
    }
    if (strlen($after) != 16 || !preg_match('/^(\d\d\d\d)-(\d\d)-(\d\d) (\d\d):(\d\d)$/', $after, $m)) {
        throw new InvalidArgumentException('bad date');
    }
    $year = intval($m[1]);
    $month = intval($m[2]);
    $day = intval($m[3]);
    $hour = intval($m[4]);
    $minute = intval($m[5]);
    if (!checkdate($month, $day, $year) || $hour > 23 || $minute > 59) {
        throw new InvalidArgumentException('bad date');
    }
    $start = gmmktime($hour, $minute, 0, $month, $day, $year);

    $fields = preg_split('/[ \t]+/', trim($expression, " \t"));
    if (count($fields) != 5) {
        throw new InvalidArgumentException('need 5 fields');
    }
    $Minutes = parse_field($fields[0], 0, 59);
    $Hours = parse_field($fields[1], 0, 23);
    $Days = parse_field($fields[2], 1, 31);
    $Months = parse_field($fields[3], 1, 12);
    $Weekdays = parse_field($fields[4], 0, 7);
    if ($Weekdays[7] == true) {
        $Weekdays[0] = true;
    }

    $dom_restricted = $fields[2][0] != '*';
    $dow_restricted = $fields[4][0] != '*';
    if (!($dom_restricted && $dow_restricted)) {
        $month_days = array(1 => 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);
        $possible = false;
        for ($mo = 1; $mo <= 12; $mo++) {
            if ($Months[$mo]) {
                for ($d = 1; $d <= $month_days[$mo]; $d++) {
                    if ($Days[$d]) {
                        $possible = true;
                    }
                }
            }
        }
        if ($possible == false) {
            throw new InvalidArgumentException('never runs');
        }
    }

    $result = array();
    $day_ts = gmmktime(0, 0, 0, $month, $day, $year);
    while (count($result) < $count) {
        $mo = intval(gmdate('n', $day_ts));
        $d = intval(gmdate('j', $day_ts));
        $w = intval(gmdate('w', $day_ts));
        if ($Months[$mo]) {
            if ($dom_restricted && $dow_restricted) {
                $day_ok = $Days[$d] || $Weekdays[$w];
            } else {
                $day_ok = $Days[$d] && $Weekdays[$w];
            }
            if ($day_ok) {
                for ($h = 0; $h < 24; $h++) {
                    if ($Hours[$h]) {
                        for ($mi = 0; $mi < 60; $mi++) {
                            if ($Minutes[$mi]) {
                                $t = $day_ts + $h * 3600 + $mi * 60;
                                if ($t > $start && count($result) < $count) {
                                    $result[] = gmdate('Y-m-d H:i', $t);
                                }
                            }
                        }
                    }
                }
            }
        }
        $day_ts = $day_ts + 86400;
    }
    return $result;
}

function parse_field($field, $min, $max)
{
    $allowed = array();
    for ($v = $min; $v <= $max; $v++) {
        $allowed[$v] = false;
    }
    $items = explode(',', $field);
    foreach ($items as $item) {
        $step = 1;
        $has_step = false;
        $slash = strpos($item, '/');
        if ($slash !== false) {
            $step_text = substr($item, $slash + 1);
            if (!ctype_digit($step_text)) {
                throw new InvalidArgumentException('bad step');
            }
            $step = intval($step_text);
            if ($step < 1) {
                throw new InvalidArgumentException('bad step');
            }
            $item = substr($item, 0, $slash);
            $has_step = true;
        }
        if ($item == '*') {
            $from = $min;
            $to = $max;
        } else {
            $dash = strpos($item, '-');
            if ($dash !== false) {
                $a = substr($item, 0, $dash);
                $b = substr($item, $dash + 1);
                if (!ctype_digit($a) || !ctype_digit($b)) {
                    throw new InvalidArgumentException('bad range');
                }
                $from = intval($a);
                $to = intval($b);
            } else {
                if (!ctype_digit($item)) {
                    throw new InvalidArgumentException('bad value');
                }
                $from = intval($item);
                if ($has_step) {
                    $to = $max;
                } else {
                    $to = $from;
                }
            }
        }
        if ($from < $min || $to > $max || $from > $to) {
            throw new InvalidArgumentException('out of range');
        }
        for ($v = $from; $v <= $to; $v += $step) {
            $allowed[$v] = true;
        }
    }
    return $allowed;
}
