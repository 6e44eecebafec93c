<?php

function topWords(string $text, int $limit): array
{
    if ($limit < 0) {
        throw new InvalidArgumentException("negative");
    }
    $text = strtolower($text);
    $word_list = array();
    $w = "";
    for ($i = 0; $i < strlen($text); $i++) {
        if (ctype_alnum($text[$i])) {
            $w .= $text[$i];
        } else {
            if ($w != "") {
                array_push($word_list, $w);
            }
            $w = "";
        }
    }
    if ($w != "") {
        array_push($word_list, $w);
    }

    $counts = array();
    $order = array();
    foreach ($word_list as $word) {
        $found = false;
        for ($j = 0; $j < count($order); $j++) {
            if ($order[$j] === $word) {
                $counts[$j] = $counts[$j] + 1;
                $found = true;
                break;
            }
        }
        if (!$found) {
            $order[] = $word;
            $counts[] = 1;
        }
    }

    // selection sort
    for ($i = 0; $i < count($order); $i++) {
        $best = $i;
        for ($j = $i + 1; $j < count($order); $j++) {
            if ($counts[$j] > $counts[$best] || ($counts[$j] == $counts[$best] && strcmp($order[$j], $order[$best]) < 0)) {
                $best = $j;
            }
        }
        $tmp = $order[$i];
        $order[$i] = $order[$best];
        $order[$best] = $tmp;
        $tmp = $counts[$i];
        $counts[$i] = $counts[$best];
        $counts[$best] = $tmp;
    }

    $Result = array();
    for ($i = 0; $i < sizeof($order); $i++) {
        if ($i >= $limit) {
            break;
        }
        $Result[] = $order[$i];
    }
    return $Result;
}
