/** A shape, told apart by its `kind`. */
export type Shape =
  | { readonly kind: "circle"; readonly radius: number }
  | { readonly kind: "rectangle"; readonly width: number; readonly height: number }
  | { readonly kind: "triangle"; readonly sides: readonly [number, number, number] };

/** Throws a `RangeError` unless every one of `lengths` is a finite, non-negative number. */
function assertValidLengths(lengths: readonly number[]): void {
  const invalid = lengths.find((length) => !Number.isFinite(length) || length < 0);
  if (invalid !== undefined) {
    throw new RangeError(`lengths must be finite and non-negative, got ${invalid}`);
  }
}

/** The area of a triangle from its side lengths, by Heron's formula. */
function heronArea(sides: readonly [number, number, number]): number {
  assertValidLengths(sides);
  const [a, b, c] = sides.toSorted((x, y) => x - y);
  if (c > a + b) {
    throw new RangeError(`sides ${sides.join(", ")} cannot form a triangle`);
  }
  const s = (a + b + c) / 2;
  // Rounding can push a degenerate triangle's product slightly below zero.
  return Math.sqrt(Math.max(0, s * (s - a) * (s - b) * (s - c)));
}

/**
 * The area of one shape.
 *
 * @throws {RangeError} If a dimension is negative or not finite, or the sides cannot form a triangle.
 * @throws {TypeError} If the shape's kind is not one of the known kinds.
 */
export function areaOf(shape: Shape): number {
  switch (shape.kind) {
    case "circle":
      assertValidLengths([shape.radius]);
      return Math.PI * shape.radius ** 2;
    case "rectangle":
      assertValidLengths([shape.width, shape.height]);
      return shape.width * shape.height;
    case "triangle":
      return heronArea(shape.sides);
    default: {
      const unhandled: never = shape;
      throw new TypeError(`unknown shape: ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * The total area of `shapes`.
 *
 * @throws {RangeError} If a shape has an invalid dimension.
 * @throws {TypeError} If a shape has an unknown kind.
 */
export function totalArea(shapes: readonly Shape[]): number {
  return shapes.reduce((sum, shape) => sum + areaOf(shape), 0);
}
