<?php

function topWords($text, $limit)
{
    if ($limit < 0) {
        throw new InvalidArgumentException("limit is negative");
    }
    $text = strtolower($text);
    $words = array();
    $current_word = "";
    for ($i = 0; $i < strlen($text); $i++) {
        $ch = $text[$i];
        if (ctype_alnum($ch)) {
            $current_word = $current_word . $ch;
        } else {
            if ($current_word != "") {
                $words[] = $current_word;
            }
            $current_word = "";
        }
    }
    if ($current_word != "") {
        $words[] = $current_word;
    }
    $Counts = array();
    foreach ($words as $w) {
        if (isset($Counts[$w])) {
            $Counts[$w] = $Counts[$w] + 1;
        } else {
            $Counts[$w] = 1;
        }
    }
    $keys = array();
    foreach ($Counts as $k => $v) {
        $keys[] = (string)$k;
    }
    // bubble sort by count, then alphabetically
    for ($i = 0; $i < count($keys); $i++) {
        for ($j = 0; $j < count($keys) - 1 - $i; $j++) {
            $a = $keys[$j];
            $b = $keys[$j + 1];
            if ($Counts[$a] < $Counts[$b] || ($Counts[$a] == $Counts[$b] && strcmp($a, $b) > 0)) {
                $keys[$j] = $b;
                $keys[$j + 1] = $a;
            }
        }
    }
    $result = array();
    for ($i = 0; $i < $limit && $i < sizeof($keys); $i++) {
        $result[] = $keys[$i];
    }
    //var_dump($result);
    return $result;
}
