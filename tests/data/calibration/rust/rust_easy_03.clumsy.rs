use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    MissingEquals { line: usize },
    EmptyKey { line: usize },
    DuplicateKey { key: String, line: usize },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut message = String::new();
        match self {
            ConfigError::MissingEquals { line } => {
                message = format!("line {}: missing '='", line);
            }
            ConfigError::EmptyKey { line } => {
                message = format!("line {}: empty key", line);
            }
            ConfigError::DuplicateKey { key, line } => {
                message = format!("line {}: duplicate key '{}'", line, key);
            }
        }
        return write!(f, "{}", message);
    }
}

impl std::error::Error for ConfigError {}

pub fn parse_config(text: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    let lines: Vec<&str> = text.lines().collect();
    for i in 0..lines.len() {
        let lineNumber = i + 1;
        let l = lines[i].trim().to_string();
        if l.len() == 0 {
            continue;
        }
        if l.starts_with("#") {
            continue;
        }
        let mut eq_pos: i32 = -1;
        let chars: Vec<char> = l.chars().collect();
        let mut byte_pos = 0;
        for j in 0..chars.len() {
            if chars[j] == '=' {
                eq_pos = byte_pos as i32;
                break;
            }
            byte_pos = byte_pos + chars[j].len_utf8();
        }
        if eq_pos == -1 {
            return Err(ConfigError::MissingEquals { line: lineNumber });
        } else {
            let key = l[0..eq_pos as usize].trim().to_string();
            let value = l[eq_pos as usize + 1..].trim().to_string();
            if key.len() == 0 {
                return Err(ConfigError::EmptyKey { line: lineNumber });
            } else {
                if map.contains_key(&key.clone()) {
                    return Err(ConfigError::DuplicateKey {
                        key: key.clone(),
                        line: lineNumber,
                    });
                } else {
                    map.insert(key.clone(), value.clone());
                }
            }
        }
    }
    return Ok(map);
}
