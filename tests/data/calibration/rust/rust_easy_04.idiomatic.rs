//! Compact durations such as `1h30m`, in seconds.

/// The units of a duration with their length in seconds, in the order they must appear.
const UNITS: [(char, u64); 3] = [('h', 3600), ('m', 60), ('s', 1)];

/// Parses a compact duration such as `1h30m` or `2h5s` and returns it in seconds.
///
/// A duration is one or more `<digits><unit>` parts with the units `h`, `m` and `s`, in
/// that order and each at most once. Returns `None` for any other text, and when the total
/// does not fit in a `u64`.
#[must_use]
pub fn parse_duration(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    // Looking a unit up consumes it and every unit before it, which enforces the order.
    let mut units = UNITS.iter();
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits_end = rest.find(|c: char| !c.is_ascii_digit())?;
        if digits_end == 0 {
            return None;
        }
        let (digits, tail) = rest.split_at(digits_end);
        let mut chars = tail.chars();
        let unit = chars.next()?;
        let &(_, seconds) = units.find(|&&(name, _)| name == unit)?;
        let value: u64 = digits.parse().ok()?;
        total = total.checked_add(value.checked_mul(seconds)?)?;
        rest = chars.as_str();
    }
    Some(total)
}
