/** A JSON value that cannot be mutated through this type. */
export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [key: string]: Json };

/** The object case of `Json`. */
type JsonObject = { readonly [key: string]: Json };

/** One step of a path: a property name of an object or an index into an array. */
type Step = string | number;

function isJsonObject(value: Json): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Copies `array` with `child` at `index`, padding with `null` up to `index`. */
function withElement(array: readonly Json[], index: number, child: Json): Json[] {
  const padding = Array.from({ length: Math.max(0, index - array.length) }, () => null);
  const copy: Json[] = [...array, ...padding];
  copy[index] = child;
  return copy;
}

/**
 * Returns a copy of `value` holding `newValue` at `path`, without mutating `value`.
 *
 * Only the containers along `path` are copied; everything else is shared with `value`.
 * Missing containers are created: `{}` for a property name, `[]` for an index.
 *
 * @param value - The JSON value to update.
 * @param path - Property names and array indices, outermost first.
 * @param newValue - The value to store at `path`.
 * @returns The updated copy, or `newValue` itself when `path` is empty.
 * @throws {RangeError} If an index is not a non-negative integer.
 * @throws {TypeError} If a step does not fit the value it is applied to.
 */
export function setIn(value: Json, path: readonly Step[], newValue: Json): Json {
  if (path.length === 0) {
    return newValue;
  }
  const [step, ...rest] = path;

  if (typeof step === "number") {
    if (!Number.isInteger(step) || step < 0) {
      throw new RangeError(`array index must be a non-negative integer, got ${step}`);
    }
    const array = value ?? [];
    if (!Array.isArray(array)) {
      throw new TypeError(`cannot use index ${step} on ${JSON.stringify(value)}`);
    }
    return withElement(array, step, setIn(array[step] ?? null, rest, newValue));
  }

  const object = value ?? {};
  if (!isJsonObject(object)) {
    throw new TypeError(`cannot read property "${step}" of ${JSON.stringify(value)}`);
  }
  const child = Object.hasOwn(object, step) ? object[step] : null;
  return { ...object, [step]: setIn(child, rest, newValue) };
}
