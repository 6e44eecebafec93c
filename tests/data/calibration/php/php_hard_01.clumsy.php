<?php

function render(string $template, array $vars): string
{
    // first find all the tags and check them
    $tags = array();
    $pos = 0;
    while (true) {
        $start = strpos($template, '{{', $pos);
        if ($start === false) {
            break;
        }
        $end = strpos($template, '}}', $start + 2);
        if ($end === false) {
            throw new InvalidArgumentException('tag not closed');
        }
        $inside = trim(substr($template, $start + 2, $end - $start - 2));
        $parsed = parse_tag($inside);
        $tags[] = array($start, $end, $parsed[0], $parsed[1]);
        $pos = $end + 2;
    }

    // now render
    $out = '';
    $pos = 0;
    for ($t = 0; $t < count($tags); $t++) {
        $tag = $tags[$t];
        $out = $out . substr($template, $pos, $tag[0] - $pos);

        $value = $vars;
        $found = true;
        $keys = explode('.', $tag[2]);
        for ($k = 0; $k < count($keys); $k++) {
            if (is_array($value) && array_key_exists($keys[$k], $value)) {
                $value = $value[$keys[$k]];
            } else {
                $found = false;
                break;
            }
        }

        $raw = false;
        $filters = $tag[3];
        for ($f = 0; $f < count($filters); $f++) {
            $name = $filters[$f][0];
            if ($name == 'raw') {
                $raw = true;
            } elseif ($name == 'default') {
                if (!$found || $value === null || $value === '') {
                    $value = $filters[$f][1];
                    $found = true;
                }
            } else {
                if (!$found) {
                    throw new OutOfBoundsException('missing variable ' . $tag[2]);
                }
                if ($name == 'upper') {
                    $value = strtoupper(to_text($value));
                } elseif ($name == 'lower') {
                    $value = strtolower(to_text($value));
                } elseif ($name == 'trim') {
                    $value = trim(to_text($value));
                } elseif ($name == 'title') {
                    $value = ucwords(strtolower(to_text($value)));
                } elseif ($name == 'length') {
                    if (is_array($value)) {
                        $value = count($value);
                    } else {
                        $value = strlen(to_text($value));
                    }
                } elseif ($name == 'join') {
                    if (!is_array($value)) {
                        throw new UnexpectedValueException('join needs an array');
                    }
                    $s = '';
                    $first = true;
                    foreach ($value as $item) {
                        if (!$first) {
                            $s = $s . $filters[$f][1];
                        }
                        $s = $s . to_text($item);
                        $first = false;
                    }
                    $value = $s;
                }
            }
        }
        if (!$found) {
            throw new OutOfBoundsException('missing variable ' . $tag[2]);
        }
        $text = to_text($value);
        if ($raw == false) {
            $text = htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE);
        }
        $out = $out . $text;
        $pos = $tag[1] + 2;
    }
    $out = $out . substr($template, $pos);
    return $out;
}

function parse_tag($inside)
{
    $i = 0;
    $len = strlen($inside);
    $path = '';
    while ($i < $len && (ctype_alnum($inside[$i]) || $inside[$i] == '_' || $inside[$i] == '.')) {
        $path = $path . $inside[$i];
        $i++;
    }
    if (!preg_match('/^[A-Za-z_]\w*(\.\w+)*$/', $path)) {
        throw new InvalidArgumentException('bad path');
    }

    $filters = array();
    while ($i < $len) {
        while ($i < $len && ctype_space($inside[$i])) {
            $i++;
        }
        if ($i >= $len) {
            break;
        }
        if ($inside[$i] != '|') {
            throw new InvalidArgumentException('bad tag');
        }
        $i++;
        while ($i < $len && ctype_space($inside[$i])) {
            $i++;
        }
        $name = '';
        while ($i < $len && (ctype_lower($inside[$i]) || $inside[$i] == '_')) {
            $name = $name . $inside[$i];
            $i++;
        }
        $arg = null;
        if ($i < $len && $inside[$i] == '(') {
            $i++;
            while ($i < $len && ctype_space($inside[$i])) {
                $i++;
            }
            if ($i >= $len || $inside[$i] != '"') {
                throw new InvalidArgumentException('bad argument');
            }
            $i++;
            $arg = '';
            $closed = false;
            while ($i < $len) {
                if ($inside[$i] == '\\' && $i + 1 < $len) {
                    $arg = $arg . $inside[$i + 1];
                    $i = $i + 2;
                } elseif ($inside[$i] == '"') {
                    $closed = true;
                    $i++;
                    break;
                } else {
                    $arg = $arg . $inside[$i];
                    $i++;
                }
            }
            if (!$closed) {
                throw new InvalidArgumentException('bad argument');
            }
            while ($i < $len && ctype_space($inside[$i])) {
                $i++;
            }
            if ($i >= $len || $inside[$i] != ')') {
                throw new InvalidArgumentException('bad argument');
            }
            $i++;
        }
        if ($name == 'default' || $name == 'join') {
            if ($arg === null) {
                throw new InvalidArgumentException('filter needs an argument');
            }
        } elseif (in_array($name, array('upper', 'lower', 'trim', 'title', 'length', 'raw'))) {
            if ($arg !== null) {
                throw new InvalidArgumentException('filter takes no argument');
            }
        } else {
            throw new InvalidArgumentException('unknown filter');
        }
        $filters[] = array($name, $arg);
    }
    return array($path, $filters);
}

function to_text($v)
{
    if (is_string($v)) {
        return $v;
    }
    if ($v === true) {
        return 'true';
    }
    if ($v === false) {
        return 'false';
    }
    if ($v === null) {
        return '';
    }
    if (is_int($v) || is_float($v)) {
        return (string)$v;
    }
    throw new UnexpectedValueException('cannot print this');
}
