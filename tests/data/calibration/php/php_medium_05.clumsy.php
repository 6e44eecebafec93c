<?php

function chunked(iterable $items, int $size): Generator
{
    if ($size < 1) {
        throw new InvalidArgumentException('size too small');
    }
    return chunk_helper($items, $size);
}

function chunk_helper($items, $size)
{
    $buffer = array();
    $n = 0;
    foreach ($items as $key => $value) {
        $buffer[$n] = $value;
        $n = $n + 1;
        if ($n == $size) {
            $copy = array();
            for ($i = 0; $i < $n; $i++) {
                $copy[] = $buffer[$i];
            }
            yield $copy;
            $buffer = array();
            $n = 0;
        }
    }
    if ($n > 0) {
        $copy = array();
        for ($i = 0; $i < $n; $i++) {
            $copy[] = $buffer[$i];
        }
        yield $copy;
    }
}
