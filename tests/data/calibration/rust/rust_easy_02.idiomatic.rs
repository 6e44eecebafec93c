//! Run-length grouping of the characters of a string.

/// Groups consecutive equal characters of `s` into `(character, run length)` pairs, in order
/// of appearance.
///
/// Characters are Unicode scalar values compared exactly, so `"aA"` is two runs.
#[must_use]
pub fn run_lengths(s: &str) -> Vec<(char, usize)> {
    let mut runs = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let mut len = 1;
        while chars.next_if_eq(&c).is_some() {
            len += 1;
        }
        runs.push((c, len));
    }
    runs
}
