/** Either a successful value or an error value, told apart by `ok`. */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** The reasons a duration can be rejected, in the order they are checked. */
export type DurationError = "empty" | "syntax" | "duplicate" | "order";

/** Seconds per unit, largest unit first: the order the units must appear in. */
const SECONDS_PER_UNIT = new Map([
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
  ["s", 1],
]);

const UNITS = [...SECONDS_PER_UNIT.keys()];

/** The whole text as components `<digits><unit>`, with optional whitespace between them. */
const WELL_FORMED = /^(?:\d+[dhms]\s*)+$/;
const COMPONENT = /(\d+)([dhms])/g;

/**
 * Parses a duration such as `"1h30m"` or `"2d 3h 4m 5s"` into a number of seconds.
 *
 * @param text - The duration; surrounding whitespace is ignored.
 * @returns The total in seconds, or the first error found: `"empty"`, `"syntax"`,
 *   `"duplicate"` or `"order"`. It never throws.
 */
export function parseDuration(text: string): Result<number, DurationError> {
  const trimmed = text.trim();
  if (trimmed === "") {
    return { ok: false, error: "empty" };
  }
  if (!WELL_FORMED.test(trimmed)) {
    return { ok: false, error: "syntax" };
  }

  const components = Array.from(trimmed.matchAll(COMPONENT), ([, digits, unit]) => ({
    amount: Number(digits),
    unit,
  }));
  const units = components.map(({ unit }) => unit);
  if (new Set(units).size < units.length) {
    return { ok: false, error: "duplicate" };
  }
  const ranks = units.map((unit) => UNITS.indexOf(unit));
  if (ranks.some((rank, i) => i > 0 && rank < ranks[i - 1])) {
    return { ok: false, error: "order" };
  }

  const seconds = components.reduce(
    (total, { amount, unit }) => total + amount * (SECONDS_PER_UNIT.get(unit) ?? 0),
    0,
  );
  return { ok: true, value: seconds };
}
