/**
 * Adds up every finite number in a parsed JSON value, however deeply it is nested.
 *
 * Array elements and object property values are visited; keys, strings, booleans and
 * `null` contribute nothing.
 *
 * @param value - A JSON-compatible value of unknown shape.
 * @returns The sum of the numbers found, `0` if there are none.
 */
export function sumNumbers(value: unknown): number {
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : 0;
  }
  if (typeof value !== "object" || value === null) {
    return 0;
  }
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  let total = 0;
  for (const child of children) {
    total += sumNumbers(child);
  }
  return total;
}
