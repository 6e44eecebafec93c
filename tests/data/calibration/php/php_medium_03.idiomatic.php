<?php

declare(strict_types=1);

/**
 * A plane figure with an area and a name.
 */
interface Shape
{
    /**
     * The area, in square units.
     */
    public function area(): float;

    /**
     * The kind of shape, e.g. "circle".
     */
    public function name(): string;
}

/**
 * A one-line description for any Shape.
 */
trait DescribesShape
{
    /**
     * The name and the area with two decimals, e.g. "circle with area 3.14".
     */
    public function describe(): string
    {
        return sprintf('%s with area %.2f', $this->name(), $this->area());
    }

    /**
     * The area, in square units.
     */
    abstract public function area(): float;

    /**
     * The kind of shape.
     */
    abstract public function name(): string;
}

/**
 * A circle of a given radius.
 */
final class Circle implements Shape
{
    use DescribesShape;

    /**
     * @throws InvalidArgumentException When the radius is not finite and positive.
     */
    public function __construct(public readonly float $radius)
    {
        assertValidDimension($radius, 'radius');
    }

    /**
     * π r².
     */
    public function area(): float
    {
        return M_PI * $this->radius ** 2;
    }

    /**
     * Always "circle".
     */
    public function name(): string
    {
        return 'circle';
    }
}

/**
 * An axis-aligned rectangle.
 */
final class Rectangle implements Shape
{
    use DescribesShape;

    /**
     * @throws InvalidArgumentException When a side is not finite and positive.
     */
    public function __construct(public readonly float $width, public readonly float $height)
    {
        assertValidDimension($width, 'width');
        assertValidDimension($height, 'height');
    }

    /**
     * Width times height.
     */
    public function area(): float
    {
        return $this->width * $this->height;
    }

    /**
     * Always "rectangle".
     */
    public function name(): string
    {
        return 'rectangle';
    }
}

/**
 * A square of a given side.
 */
final class Square implements Shape
{
    use DescribesShape;

    /**
     * @throws InvalidArgumentException When the side is not finite and positive.
     */
    public function __construct(public readonly float $side)
    {
        assertValidDimension($side, 'side');
    }

    /**
     * The side squared.
     */
    public function area(): float
    {
        return $this->side ** 2;
    }

    /**
     * Always "square".
     */
    public function name(): string
    {
        return 'square';
    }
}

/**
 * Builds the shapes of $specs and describes them, largest area first (ties keep their order).
 *
 * @param list<array<string, mixed>> $specs
 * @return list<string>
 *
 * @throws InvalidArgumentException When a spec has an unknown type or a bad dimension.
 */
function describeShapes(array $specs): array
{
    $shapes = array_map(makeShape(...), $specs);
    usort($shapes, static fn (Shape $first, Shape $second): int => $second->area() <=> $first->area());

    return array_map(static fn (Circle|Rectangle|Square $shape): string => $shape->describe(), $shapes);
}

/**
 * The shape a spec such as ['type' => 'circle', 'radius' => 1.5] describes.
 *
 * @param array<string, mixed> $spec
 *
 * @throws InvalidArgumentException When the type is unknown or a dimension is missing or bad.
 */
function makeShape(array $spec): Circle|Rectangle|Square
{
    return match ($spec['type'] ?? null) {
        'circle' => new Circle(dimensionOf($spec, 'radius')),
        'rectangle' => new Rectangle(dimensionOf($spec, 'width'), dimensionOf($spec, 'height')),
        'square' => new Square(dimensionOf($spec, 'side')),
        default => throw new InvalidArgumentException(
            sprintf('Unknown shape type %s.', var_export($spec['type'] ?? null, true)),
        ),
    };
}

/**
 * A dimension of a spec: an int or a float (numeric strings are not numbers here).
 *
 * @param array<string, mixed> $spec
 *
 * @throws InvalidArgumentException When the dimension is missing or not a number.
 */
function dimensionOf(array $spec, string $key): float
{
    $value = $spec[$key] ?? null;
    if (!is_int($value) && !is_float($value)) {
        throw new InvalidArgumentException("The shape's {$key} must be a number.");
    }

    return (float) $value;
}

/**
 * @throws InvalidArgumentException When $value is not finite and greater than 0.
 */
function assertValidDimension(float $value, string $name): void
{
    if (!is_finite($value) || $value <= 0) {
        throw new InvalidArgumentException("The {$name} must be finite and positive, got {$value}.");
    }
}
