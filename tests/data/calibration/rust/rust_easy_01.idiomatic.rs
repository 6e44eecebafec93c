//! The longest common prefix of borrowed words, borrowed in turn from the first word.

/// Returns the longest prefix that every word in `words` starts with, as a slice of the
/// first word.
///
/// Whole characters are compared, so the prefix never ends inside a multi-byte character.
/// An empty slice of words has the empty prefix.
#[must_use]
pub fn longest_common_prefix<'a>(words: &[&'a str]) -> &'a str {
    let Some((&first, rest)) = words.split_first() else {
        return "";
    };
    rest.iter().fold(first, |prefix, word| {
        // The byte offset of the first character that differs; if none does, the shorter
        // of the two is a prefix of the other.
        let end = prefix
            .char_indices()
            .zip(word.chars())
            .find(|&((_, ours), theirs)| ours != theirs)
            .map_or_else(|| prefix.len().min(word.len()), |((at, _), _)| at);
        &prefix[..end]
    })
}
