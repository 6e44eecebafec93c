//! A strict parser for `key = value` configuration text.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fmt;

/// The first problem found in a configuration text. Lines are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// A line that is not blank, not a comment and has no `=`.
    MissingEquals {
        /// The offending line.
        line: usize,
    },
    /// A line whose key is empty once trimmed.
    EmptyKey {
        /// The offending line.
        line: usize,
    },
    /// A key set a second time.
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// The line that repeats it.
        line: usize,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingEquals { line } => write!(f, "line {line}: missing '='"),
            Self::EmptyKey { line } => write!(f, "line {line}: empty key"),
            Self::DuplicateKey { key, line } => write!(f, "line {line}: duplicate key '{key}'"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Parses `key = value` lines into a map sorted by key.
///
/// Lines are trimmed; blank lines and lines starting with `#` are skipped. The key is the
/// text before the first `=`, the value the text after it, both trimmed.
///
/// # Errors
///
/// Returns a [`ConfigError`] for the first line that has no `=`, an empty key, or a key
/// that an earlier line already set.
pub fn parse_config(text: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    let mut config = BTreeMap::new();
    for (line, raw) in (1..).zip(text.lines()) {
        let content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let (key, value) = content
            .split_once('=')
            .ok_or(ConfigError::MissingEquals { line })?;
        let key = key.trim();
        if key.is_empty() {
            return Err(ConfigError::EmptyKey { line });
        }
        match config.entry(key.to_owned()) {
            Entry::Occupied(entry) => {
                return Err(ConfigError::DuplicateKey {
                    key: entry.key().clone(),
                    line,
                });
            }
            Entry::Vacant(entry) => {
                entry.insert(value.trim().to_owned());
            }
        }
    }
    Ok(config)
}
