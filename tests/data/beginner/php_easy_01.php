<?php

$allowed_separators = array('-', '_', '.');

function slugify($title, $separator = '-')
{
    global $allowed_separators;
    if (!in_array($separator, $allowed_separators)) {
        throw new InvalidArgumentException('bad separator: ' . $separator);
    }
    $Result = '';
    $need_sep = false;
    for ($i = 0; $i < strlen($title); $i++) {
        $c = $title[$i];
        if ($c == "'") {
            continue;
        }
        $c = strtolower($c);
        if (($c >= 'a' && $c <= 'z') || ($c >= '0' && $c <= '9')) {
            if ($need_sep == true && $Result != '') {
                $Result = $Result . $separator;
            }
            $Result = $Result . $c;
            $need_sep = false;
        } else {
            $need_sep = true;
        }
    }
    //print_r($Result);
    return $Result;
}
