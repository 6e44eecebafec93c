<?php

function slugify(string $title, string $separator = '-'): string
{
    $ok_separators = array('-', '_', '.');
    $Found = false;
    for ($i = 0; $i < count($ok_separators); $i++) {
        if ($ok_separators[$i] === $separator) {
            $Found = true;
        }
    }
    if ($Found == false) {
        throw new InvalidArgumentException('bad separator');
    }

    $Words = array();
    $word = '';
    for ($i = 0; $i < strlen($title); $i++) {
        $ch = $title[$i];
        if ($ch != "'") {
            $ch = strtolower($ch);
            if (($ch >= 'a' && $ch <= 'z') || ($ch >= '0' && $ch <= '9')) {
                $word = $word . $ch;
            } else {
                if ($word != '') {
                    $Words[] = $word;
                    $word = '';
                }
            }
        }
    }
    if ($word != '') {
        $Words[] = $word;
    }

    $result = '';
    for ($i = 0; $i < count($Words); $i++) {
        if ($i > 0) {
            $result = $result . $separator;
        }
        $result = $result . $Words[$i];
    }
    // echo $result;
    return $result;
}
