type Shape =
  | { readonly kind: "circle"; readonly radius: number }
  | { readonly kind: "rectangle"; readonly width: number; readonly height: number }
  | { readonly kind: "triangle"; readonly sides: readonly [number, number, number] };

function totalArea(shapes: readonly Shape[]): number {
  let total = 0;
  for (let i = 0; i < shapes.length; i++) {
    let shape: any = shapes[i];
    if (shape.kind == "circle") {
      if (shape.radius < 0 || isNaN(shape.radius) || shape.radius == Infinity) {
        throw new RangeError("bad radius");
      }
      total = total + Math.PI * shape.radius * shape.radius;
    } else if (shape.kind == "rectangle") {
      if (shape.width < 0 || isNaN(shape.width) || shape.width == Infinity) {
        throw new RangeError("bad width");
      }
      if (shape.height < 0 || isNaN(shape.height) || shape.height == Infinity) {
        throw new RangeError("bad height");
      }
      total = total + shape.width * shape.height;
    } else if (shape.kind == "triangle") {
      let a = shape.sides[0];
      let b = shape.sides[1];
      let c = shape.sides[2];
      if (a < 0 || b < 0 || c < 0 || isNaN(a) || isNaN(b) || isNaN(c)) {
        throw new RangeError("bad side");
      }
      if (a == Infinity || b == Infinity || c == Infinity) {
        throw new RangeError("bad side");
      }
      if (a > b + c || b > a + c || c > a + b) {
        throw new RangeError("not a triangle");
      }
      let s = (a + b + c) / 2;
      let x = s * (s - a) * (s - b) * (s - c);
      if (x < 0) {
        x = 0;
      }
      total = total + Math.sqrt(x);
    } else {
      throw new TypeError("unknown kind " + shape.kind);
    }
  }
  return total;
}
