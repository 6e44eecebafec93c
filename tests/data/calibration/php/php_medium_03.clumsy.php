<?php

interface Shape
{
    public function area(): float;

    public function name(): string;
}

trait DescribesShape
{
    public function describe(): string
    {
        $a = $this->area();
        $text = $this->name() . ' with area ' . number_format($a, 2, '.', '');
        return $text;
    }
}

final class Circle implements Shape
{
    use DescribesShape;

    public function __construct(public readonly float $radius)
    {
        if (is_nan($radius) || is_infinite($radius) || $radius <= 0) {
            throw new InvalidArgumentException('bad radius');
        }
    }

    public function area(): float
    {
        return 3.141592653589793 * $this->radius * $this->radius;
    }

    public function name(): string
    {
        return 'circle';
    }
}

final class Rectangle implements Shape
{
    use DescribesShape;

    public function __construct(public readonly float $width, public readonly float $height)
    {
        if (is_nan($width) || is_infinite($width) || $width <= 0) {
            throw new InvalidArgumentException('bad width');
        }
        if (is_nan($height) || is_infinite($height) || $height <= 0) {
            throw new InvalidArgumentException('bad height');
        }
    }

    public function area(): float
    {
        return $this->width * $this->height;
    }

    public function name(): string
    {
        return 'rectangle';
    }
}

final class Square implements Shape
{
    use DescribesShape;

    public function __construct(public readonly float $side)
    {
        if (is_nan($side) || is_infinite($side) || $side <= 0) {
            throw new InvalidArgumentException('bad side');
        }
    }

    public function area(): float
    {
        return $this->side * $this->side;
    }

    public function name(): string
    {
        return 'square';
    }
}

function describeShapes(array $specs): array
{
    $shapes = array();
    for ($i = 0; $i < count($specs); $i++) {
        $spec = $specs[$i];
        if (!isset($spec['type'])) {
            throw new InvalidArgumentException('no type');
        }
        if ($spec['type'] == 'circle') {
            if (!isset($spec['radius']) || !(is_int($spec['radius']) || is_float($spec['radius']))) {
                throw new InvalidArgumentException('bad radius');
            }
            $shapes[] = new Circle((float)$spec['radius']);
        } elseif ($spec['type'] == 'rectangle') {
            if (!isset($spec['width']) || !(is_int($spec['width']) || is_float($spec['width']))) {
                throw new InvalidArgumentException('bad width');
            }
            if (!isset($spec['height']) || !(is_int($spec['height']) || is_float($spec['height']))) {
                throw new InvalidArgumentException('bad height');
            }
            $shapes[] = new Rectangle((float)$spec['width'], (float)$spec['height']);
        } elseif ($spec['type'] == 'square') {
            if (!isset($spec['side']) || !(is_int($spec['side']) || is_float($spec['side']))) {
                throw new InvalidArgumentException('bad side');
            }
            $shapes[] = new Square((float)$spec['side']);
        } else {
            throw new InvalidArgumentException('unknown type');
        }
    }

    // insertion sort, biggest first, keeps equal ones in order
    for ($i = 1; $i < count($shapes); $i++) {
        $current = $shapes[$i];
        $j = $i - 1;
        while ($j >= 0 && $shapes[$j]->area() < $current->area()) {
            $shapes[$j + 1] = $shapes[$j];
            $j--;
        }
        $shapes[$j + 1] = $current;
    }

    $result = array();
    foreach ($shapes as $s) {
        $result[] = $s->describe();
    }
    return $result;
}
