//! Support library for Rust solutions run by pytest-agentbench.
//!
//! Built once per rustc version as an rlib and linked into every problem's crate with
//! `--extern agentbench_support`. It holds what does not change between problems: a small JSON
//! reader and writer, the `FromJson` / `ToJson` traits that turn JSON arguments into the
//! parameter types of a signature and results back into JSON (trees and linked lists as
//! level-order and plain lists), panic capture, the loop that runs the cases of `job.json`, the
//! timing of a solution against its reference in one process (`timing_main`), and the runner
//! of the problem's native tests (each in a process of its own). The runner generates
//! a small `main` per problem that decodes each argument with the parameter's own type and calls
//! the entry point, and hands it and the list of native tests to [`main`]. Standard library only.
//!
//! Every event goes through the outcome channel (`pytest_agentbench/channel.py`): one JSON line
//! with the channel's token as `"t"`, written to the inherited descriptor named by
//! `AGENTBENCH_EVENTS_FD`; the token is read from `AGENTBENCH_TOKEN_FD` (a pipe, read to its end
//! and closed) before any code of the solution is called, and both variables are removed from
//! the environment. Nothing the plugin reads to judge is written to the work directory or to
//! stdout, both of which the solution can write too.

// Internal plumbing: errors are documented on the traits; `map_or(true, ..)`, `as` pointer
// casts and `match` for `let ... else` keep the crate building on older rustc releases (Debian
// 12 has 1.63).
#![allow(
    clippy::missing_errors_doc,
    clippy::must_use_candidate,
    clippy::cast_precision_loss,
    clippy::items_after_statements,
    clippy::unnecessary_map_or,
    clippy::ref_as_ptr,
    clippy::manual_let_else
)]

use std::any::Any;
use std::os::raw::c_int;
use std::os::unix::io::{FromRawFd, RawFd};
use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, VecDeque};
use std::fmt::{self, Debug, Display};
use std::fs::File;
use std::future::Future;
use std::hash::{BuildHasher, Hash};
use std::io::{Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::pin::Pin;
use std::process::{Command, Stdio};
use std::rc::Rc;
use std::sync::{mpsc, Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Instant;

// ------------------------------------------------------------------------------------ JSON

/// A JSON value. Objects keep their keys in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A short description of the value for error messages.
    pub fn describe(&self) -> String {
        let text = self.to_string();
        if text.chars().count() > 60 {
            let cut: String = text.chars().take(57).collect();
            format!("{cut}...")
        } else {
            text
        }
    }

    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(items) => items.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_array(&self) -> &[Json] {
        match self {
            Json::Array(items) => items,
            _ => &[],
        }
    }
}

impl Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Int(n) => write!(f, "{n}"),
            Json::Float(x) => {
                if x.is_finite() {
                    write!(f, "{x:?}")
                } else {
                    let tag = if x.is_nan() {
                        "nan"
                    } else if *x > 0.0 {
                        "inf"
                    } else {
                        "-inf"
                    };
                    write!(f, "{{\"$float\": \"{tag}\"}}")
                }
            }
            Json::Str(s) => write_json_string(f, s),
            Json::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Json::Object(items) => {
                f.write_str("{")?;
                for (i, (key, value)) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_json_string(f, key)?;
                    write!(f, ": {value}")?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_json_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                write!(f, "\\u{:04x}", c as u32)?;
            }
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

/// Parse JSON text (RFC 8259; `NaN`/`Infinity` are not accepted).
pub fn parse_json(text: &str) -> Result<Json, String> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
    };
    parser.skip_ws();
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.pos != parser.bytes.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        format!("invalid JSON at byte {}: {what}", self.pos)
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, word: &str) -> Result<(), String> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error(&format!("expected `{word}`")))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > 100_000 {
            return Err(self.error("nested too deeply"));
        }
        match self.bytes.get(self.pos) {
            None => Err(self.error("unexpected end")),
            Some(b'n') => self.eat("null").map(|()| Json::Null),
            Some(b't') => self.eat("true").map(|()| Json::Bool(true)),
            Some(b'f') => self.eat("false").map(|()| Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.bytes.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    self.skip_ws();
                    items.push(self.value(depth + 1)?);
                    self.skip_ws();
                    match self.bytes.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return Err(self.error("expected `,` or `]`")),
                    }
                }
            }
            Some(b'{') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.bytes.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(Json::Object(items));
                }
                loop {
                    self.skip_ws();
                    if self.bytes.get(self.pos) != Some(&b'"') {
                        return Err(self.error("expected a string key"));
                    }
                    let key = self.string()?;
                    self.skip_ws();
                    self.eat(":")?;
                    self.skip_ws();
                    items.push((key, self.value(depth + 1)?));
                    self.skip_ws();
                    match self.bytes.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Json::Object(items));
                        }
                        _ => return Err(self.error("expected `,` or `}`")),
                    }
                }
            }
            Some(_) => self.number(),
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.pos;
        let mut float = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => float = true,
                _ => break,
            }
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or("");
        if text.is_empty() {
            return Err(self.error("unexpected character"));
        }
        if !float {
            if let Ok(n) = text.parse::<i128>() {
                return Ok(Json::Int(n));
            }
        }
        text.parse::<f64>()
            .map(Json::Float)
            .map_err(|_| self.error(&format!("bad number `{text}`")))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error("bad \\u escape"))?;
        self.pos += 4;
        Ok(digits)
    }

    fn string(&mut self) -> Result<String, String> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(
                std::str::from_utf8(&self.bytes[start..self.pos])
                    .map_err(|_| self.error("invalid UTF-8"))?,
            );
            match self.bytes.get(self.pos) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(_) => {
                    self.pos += 1;
                    let escape = *self
                        .bytes
                        .get(self.pos)
                        .ok_or_else(|| self.error("unterminated escape"))?;
                    self.pos += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code)
                                && self.bytes[self.pos..].starts_with(b"\\u")
                            {
                                self.pos += 2;
                                let low = self.hex4()?;
                                code = 0x10000
                                    + ((code - 0xD800) << 10)
                                    + (low.wrapping_sub(0xDC00) & 0x3FF);
                            }
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.error("bad escape")),
                    }
                }
            }
        }
    }
}

/// A total order on JSON values, used to list sets and heaps deterministically.
pub fn json_cmp(a: &Json, b: &Json) -> Ordering {
    fn rank(v: &Json) -> u8 {
        match v {
            Json::Null => 0,
            Json::Bool(_) => 1,
            Json::Int(_) | Json::Float(_) => 2,
            Json::Str(_) => 3,
            Json::Array(_) => 4,
            Json::Object(_) => 5,
        }
    }
    match (a, b) {
        (Json::Bool(x), Json::Bool(y)) => x.cmp(y),
        (Json::Int(x), Json::Int(y)) => x.cmp(y),
        (Json::Int(x), Json::Float(y)) => (*x as f64).total_cmp(y),
        (Json::Float(x), Json::Int(y)) => x.total_cmp(&(*y as f64)),
        (Json::Float(x), Json::Float(y)) => x.total_cmp(y),
        (Json::Str(x), Json::Str(y)) => x.cmp(y),
        (Json::Array(x), Json::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                let order = json_cmp(p, q);
                if order != Ordering::Equal {
                    return order;
                }
            }
            x.len().cmp(&y.len())
        }
        _ => rank(a)
            .cmp(&rank(b))
            .then_with(|| a.to_string().cmp(&b.to_string())),
    }
}

fn sorted(mut items: Vec<Json>) -> Json {
    items.sort_by(json_cmp);
    Json::Array(items)
}

// ------------------------------------------------------------------------------ FromJson

/// Types that can be built from a JSON argument.
pub trait FromJson: Sized {
    /// The value of `v`, or a message saying why it does not fit.
    fn from_json(v: &Json) -> Result<Self, String>;

    /// How `Option<Self>` reads `v`: `null` is `None` (trees and lists also read `[]` as None).
    #[doc(hidden)]
    fn from_json_option(v: &Json) -> Result<Option<Self>, String> {
        match v {
            Json::Null => Ok(None),
            _ => Self::from_json(v).map(Some),
        }
    }
}

fn mismatch<T>(what: &str, v: &Json) -> Result<T, String> {
    Err(format!("expected {what}, got {}", v.describe()))
}

fn tagged_float(v: &Json) -> Option<f64> {
    match v.get("$float") {
        Some(Json::Str(tag)) => match tag.as_str() {
            "nan" => Some(f64::NAN),
            "inf" => Some(f64::INFINITY),
            "-inf" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

macro_rules! int_from_json {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(v: &Json) -> Result<Self, String> {
                let n = match v {
                    Json::Int(n) => *n,
                    #[allow(clippy::cast_possible_truncation)]
                    Json::Float(x) if x.fract() == 0.0 && x.abs() < 1e38 => *x as i128,
                    _ => return mismatch(concat!("an integer (", stringify!($t), ")"), v),
                };
                <$t>::try_from(n).map_err(|_| format!("{n} does not fit in {}", stringify!($t)))
            }
        }
    )*};
}
int_from_json!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl FromJson for f64 {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            #[allow(clippy::cast_precision_loss)]
            Json::Int(n) => Ok(*n as f64),
            Json::Float(x) => Ok(*x),
            _ => tagged_float(v).map_or_else(|| mismatch("a number", v), Ok),
        }
    }
}

impl FromJson for f32 {
    fn from_json(v: &Json) -> Result<Self, String> {
        #[allow(clippy::cast_possible_truncation)]
        f64::from_json(v).map(|x| x as f32)
    }
}

impl FromJson for bool {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Bool(b) => Ok(*b),
            _ => mismatch("a boolean", v),
        }
    }
}

impl FromJson for char {
    fn from_json(v: &Json) -> Result<Self, String> {
        if let Json::Str(s) = v {
            let mut chars = s.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return Ok(c);
            }
        }
        mismatch("a one-character string", v)
    }
}

impl FromJson for String {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Str(s) => Ok(s.clone()),
            _ => mismatch("a string", v),
        }
    }
}

impl FromJson for Box<str> {
    fn from_json(v: &Json) -> Result<Self, String> {
        String::from_json(v).map(String::into_boxed_str)
    }
}

impl FromJson for Rc<str> {
    fn from_json(v: &Json) -> Result<Self, String> {
        String::from_json(v).map(Rc::from)
    }
}

impl FromJson for Arc<str> {
    fn from_json(v: &Json) -> Result<Self, String> {
        String::from_json(v).map(Arc::from)
    }
}

impl<B: ToOwned + ?Sized> FromJson for Cow<'static, B>
where
    B::Owned: FromJson,
{
    fn from_json(v: &Json) -> Result<Self, String> {
        B::Owned::from_json(v).map(Cow::Owned)
    }
}

impl FromJson for () {
    fn from_json(v: &Json) -> Result<Self, String> {
        match v {
            Json::Null => Ok(()),
            _ => mismatch("null", v),
        }
    }
}

impl FromJson for Json {
    fn from_json(v: &Json) -> Result<Self, String> {
        Ok(v.clone())
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        T::from_json_option(v)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        T::from_json(v).map(Box::new)
    }
    fn from_json_option(v: &Json) -> Result<Option<Self>, String> {
        T::from_json_option(v).map(|o| o.map(Box::new))
    }
}

impl<T: FromJson> FromJson for Rc<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        T::from_json(v).map(Rc::new)
    }
    fn from_json_option(v: &Json) -> Result<Option<Self>, String> {
        T::from_json_option(v).map(|o| o.map(Rc::new))
    }
}

impl<T: FromJson> FromJson for Arc<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        T::from_json(v).map(Arc::new)
    }
    fn from_json_option(v: &Json) -> Result<Option<Self>, String> {
        T::from_json_option(v).map(|o| o.map(Arc::new))
    }
}

impl<T: FromJson> FromJson for RefCell<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        T::from_json(v).map(RefCell::new)
    }
    fn from_json_option(v: &Json) -> Result<Option<Self>, String> {
        T::from_json_option(v).map(|o| o.map(RefCell::new))
    }
}

fn elements<T: FromJson>(v: &Json) -> Result<Vec<T>, String> {
    match v {
        Json::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| T::from_json(item).map_err(|e| format!("[{i}]: {e}")))
            .collect(),
        _ => mismatch("a list", v),
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        elements(v)
    }
}

impl<T: FromJson> FromJson for VecDeque<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        elements(v).map(VecDeque::from)
    }
}

impl<T: FromJson, const N: usize> FromJson for [T; N] {
    fn from_json(v: &Json) -> Result<Self, String> {
        let items: Vec<T> = elements(v)?;
        let len = items.len();
        items
            .try_into()
            .map_err(|_| format!("expected a list of {N} elements, got {len}"))
    }
}

impl<T: FromJson + Eq + Hash, S: BuildHasher + Default> FromJson for HashSet<T, S> {
    fn from_json(v: &Json) -> Result<Self, String> {
        Ok(elements(v)?.into_iter().collect())
    }
}

impl<T: FromJson + Ord> FromJson for BTreeSet<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        Ok(elements(v)?.into_iter().collect())
    }
}

impl<T: FromJson + Ord> FromJson for BinaryHeap<T> {
    fn from_json(v: &Json) -> Result<Self, String> {
        Ok(elements(v)?.into_iter().collect())
    }
}

/// Map keys: JSON object keys are strings; integer and char keys are read from them.
pub trait FromJsonKey: Sized {
    /// The key written as `key`.
    fn from_key(key: &str) -> Result<Self, String>;
}

impl FromJsonKey for String {
    fn from_key(key: &str) -> Result<Self, String> {
        Ok(key.to_owned())
    }
}

macro_rules! parsed_key {
    ($($t:ty),*) => {$(
        impl FromJsonKey for $t {
            fn from_key(key: &str) -> Result<Self, String> {
                key.parse().map_err(|_| format!("map key {key:?} is not a {}", stringify!($t)))
            }
        }
    )*};
}
parsed_key!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, char, bool);

fn entries<K: FromJsonKey, V: FromJson>(v: &Json) -> Result<Vec<(K, V)>, String> {
    match v {
        Json::Object(items) => items
            .iter()
            .map(|(k, x)| {
                Ok((
                    K::from_key(k)?,
                    V::from_json(x).map_err(|e| format!("[{k:?}]: {e}"))?,
                ))
            })
            .collect(),
        _ => mismatch("an object", v),
    }
}

impl<K: FromJsonKey + Eq + Hash, V: FromJson, S: BuildHasher + Default> FromJson
    for HashMap<K, V, S>
{
    fn from_json(v: &Json) -> Result<Self, String> {
        Ok(entries(v)?.into_iter().collect())
    }
}

impl<K: FromJsonKey + Ord, V: FromJson> FromJson for BTreeMap<K, V> {
    fn from_json(v: &Json) -> Result<Self, String> {
        Ok(entries(v)?.into_iter().collect())
    }
}

macro_rules! tuple_from_json {
    ($len:expr; $($name:ident $idx:tt),+) => {
        impl<$($name: FromJson),+> FromJson for ($($name,)+) {
            fn from_json(v: &Json) -> Result<Self, String> {
                match v {
                    Json::Array(items) if items.len() == $len => {
                        Ok(($($name::from_json(&items[$idx]).map_err(|e| format!("[{}]: {e}", $idx))?,)+))
                    }
                    _ => mismatch(concat!("a list of ", stringify!($len), " elements"), v),
                }
            }
        }
    };
}
tuple_from_json!(1; A 0);
tuple_from_json!(2; A 0, B 1);
tuple_from_json!(3; A 0, B 1, C 2);
tuple_from_json!(4; A 0, B 1, C 2, D 3);
tuple_from_json!(5; A 0, B 1, C 2, D 3, E 4);
tuple_from_json!(6; A 0, B 1, C 2, D 3, E 4, F 5);

// -------------------------------------------------------------------------------- ToJson

/// Types whose values can be reported as JSON.
pub trait ToJson {
    /// The value as JSON.
    fn to_json(&self) -> Json;

    /// How `Option<Self>` is written: `None` is `null` (an empty tree or list is `[]`).
    #[doc(hidden)]
    fn option_to_json(v: Option<&Self>) -> Json {
        v.map_or(Json::Null, ToJson::to_json)
    }
}

macro_rules! int_to_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Json {
                Json::Int(i128::from(*self))
            }
        }
    )*};
}
int_to_json!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

macro_rules! wide_int_to_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Json {
                i128::try_from(*self).map_or_else(|_| Json::Str(self.to_string()), Json::Int)
            }
        }
    )*};
}
wide_int_to_json!(isize, usize, u128);

impl ToJson for f64 {
    fn to_json(&self) -> Json {
        Json::Float(*self)
    }
}

impl ToJson for f32 {
    fn to_json(&self) -> Json {
        Json::Float(f64::from(*self))
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

impl ToJson for char {
    fn to_json(&self) -> Json {
        Json::Str(self.to_string())
    }
}

impl ToJson for str {
    fn to_json(&self) -> Json {
        Json::Str(self.to_owned())
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::Str(self.clone())
    }
}

impl ToJson for () {
    fn to_json(&self) -> Json {
        Json::Null
    }
}

impl ToJson for Json {
    fn to_json(&self) -> Json {
        self.clone()
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
    fn option_to_json(v: Option<&Self>) -> Json {
        T::option_to_json(v.map(|r| &**r))
    }
}

impl<T: ToJson + ?Sized> ToJson for &mut T {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
    fn option_to_json(v: Option<&Self>) -> Json {
        T::option_to_json(v.map(|r| &**r))
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
    fn option_to_json(v: Option<&Self>) -> Json {
        T::option_to_json(v.map(|b| &**b))
    }
}

impl<T: ToJson + ?Sized> ToJson for Rc<T> {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
    fn option_to_json(v: Option<&Self>) -> Json {
        T::option_to_json(v.map(|b| &**b))
    }
}

impl<T: ToJson + ?Sized> ToJson for Arc<T> {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
    fn option_to_json(v: Option<&Self>) -> Json {
        T::option_to_json(v.map(|b| &**b))
    }
}

impl<T: ToJson + ?Sized> ToJson for RefCell<T> {
    fn to_json(&self) -> Json {
        self.borrow().to_json()
    }
    fn option_to_json(v: Option<&Self>) -> Json {
        match v {
            None => T::option_to_json(None),
            Some(cell) => T::option_to_json(Some(&*cell.borrow())),
        }
    }
}

impl<B: ToOwned + ToJson + ?Sized> ToJson for Cow<'_, B> {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json {
        T::option_to_json(self.as_ref())
    }
}

impl<T: ToJson, E: Debug> ToJson for Result<T, E> {
    fn to_json(&self) -> Json {
        match self {
            Ok(v) => Json::Object(vec![("Ok".to_owned(), v.to_json())]),
            Err(e) => Json::Object(vec![("Err".to_owned(), Json::Str(format!("{e:?}")))]),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn to_json(&self) -> Json {
        self.as_slice().to_json()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        self.as_slice().to_json()
    }
}

impl<T: ToJson> ToJson for VecDeque<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

/// A hash set is written as a list sorted by value (so that cases can expect a fixed order).
impl<T: ToJson, S> ToJson for HashSet<T, S> {
    fn to_json(&self) -> Json {
        sorted(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for BTreeSet<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

/// A heap is written as a list sorted in ascending order.
impl<T: ToJson> ToJson for BinaryHeap<T> {
    fn to_json(&self) -> Json {
        sorted(self.iter().map(ToJson::to_json).collect())
    }
}

/// Map keys as JSON object keys.
pub trait ToJsonKey {
    /// The key as a string.
    fn to_key(&self) -> String;
}

macro_rules! display_key {
    ($($t:ty),*) => {$(
        impl ToJsonKey for $t {
            fn to_key(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_key!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, char, bool, str, String
);

impl<T: ToJsonKey + ?Sized> ToJsonKey for &T {
    fn to_key(&self) -> String {
        (**self).to_key()
    }
}

impl<T: ToJsonKey + ?Sized> ToJsonKey for Box<T> {
    fn to_key(&self) -> String {
        (**self).to_key()
    }
}

impl<T: ToJsonKey + ?Sized> ToJsonKey for Rc<T> {
    fn to_key(&self) -> String {
        (**self).to_key()
    }
}

fn object<'a, K: ToJsonKey + 'a, V: ToJson + 'a>(
    items: impl Iterator<Item = (&'a K, &'a V)>,
) -> Json {
    let mut pairs: Vec<(String, Json)> = items.map(|(k, v)| (k.to_key(), v.to_json())).collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Json::Object(pairs)
}

impl<K: ToJsonKey, V: ToJson, S> ToJson for HashMap<K, V, S> {
    fn to_json(&self) -> Json {
        object(self.iter())
    }
}

impl<K: ToJsonKey, V: ToJson> ToJson for BTreeMap<K, V> {
    fn to_json(&self) -> Json {
        object(self.iter())
    }
}

macro_rules! tuple_to_json {
    ($($name:ident $idx:tt),+) => {
        impl<$($name: ToJson),+> ToJson for ($($name,)+) {
            fn to_json(&self) -> Json {
                Json::Array(vec![$(self.$idx.to_json()),+])
            }
        }
    };
}
tuple_to_json!(A 0);
tuple_to_json!(A 0, B 1);
tuple_to_json!(A 0, B 1, C 2);
tuple_to_json!(A 0, B 1, C 2, D 3);
tuple_to_json!(A 0, B 1, C 2, D 3, E 4);
tuple_to_json!(A 0, B 1, C 2, D 3, E 4, F 5);

// ------------------------------------------------------------- any value, error messages

/// Wraps a reference so that `value!` can pick the best way to report it (autoref dispatch):
/// `ToJson` first, then `Debug`, then `Display`, then only the type name.
pub struct Probe<'a, T: ?Sized>(pub &'a T);

#[doc(hidden)]
pub trait ViaToJson {
    fn agentbench_json(&self) -> Json;
}
#[doc(hidden)]
pub trait ViaDebug {
    fn agentbench_json(&self) -> Json;
}
#[doc(hidden)]
pub trait ViaDisplay {
    fn agentbench_json(&self) -> Json;
}
#[doc(hidden)]
pub trait ViaNothing {
    fn agentbench_json(&self) -> Json;
}

fn repr(text: String, type_name: &str) -> Json {
    Json::Object(vec![
        ("$repr".to_owned(), Json::Str(text)),
        ("$type".to_owned(), Json::Str(type_name.to_owned())),
    ])
}

impl<T: ToJson + ?Sized> ViaToJson for &&&Probe<'_, T> {
    fn agentbench_json(&self) -> Json {
        self.0.to_json()
    }
}
impl<T: Debug + ?Sized> ViaDebug for &&Probe<'_, T> {
    fn agentbench_json(&self) -> Json {
        repr(format!("{:?}", self.0), std::any::type_name::<T>())
    }
}
impl<T: Display + ?Sized> ViaDisplay for &Probe<'_, T> {
    fn agentbench_json(&self) -> Json {
        repr(self.0.to_string(), std::any::type_name::<T>())
    }
}
impl<T: ?Sized> ViaNothing for Probe<'_, T> {
    fn agentbench_json(&self) -> Json {
        let name = std::any::type_name::<T>();
        repr(format!("<{name}>"), name)
    }
}

/// `value!(expr)`: `Ok(json)` for any value (via `ToJson`, else its `Debug`/`Display` text).
#[macro_export]
macro_rules! value {
    ($e:expr) => {{
        #[allow(unused_imports)]
        use $crate::{ViaDebug as _, ViaDisplay as _, ViaNothing as _, ViaToJson as _};
        ::std::result::Result::Ok::<$crate::Json, $crate::Failure>(
            (&&&&$crate::Probe(&$e)).agentbench_json(),
        )
    }};
}

#[doc(hidden)]
pub trait MsgDisplay {
    fn agentbench_message(&self) -> String;
}
#[doc(hidden)]
pub trait MsgDebug {
    fn agentbench_message(&self) -> String;
}
#[doc(hidden)]
pub trait MsgNothing {
    fn agentbench_message(&self) -> String;
}
impl<T: Display + ?Sized> MsgDisplay for &&Probe<'_, T> {
    fn agentbench_message(&self) -> String {
        self.0.to_string()
    }
}
impl<T: Debug + ?Sized> MsgDebug for &Probe<'_, T> {
    fn agentbench_message(&self) -> String {
        format!("{:?}", self.0)
    }
}
impl<T: ?Sized> MsgNothing for Probe<'_, T> {
    fn agentbench_message(&self) -> String {
        format!("<{}>", std::any::type_name::<T>())
    }
}

/// `err_value!(e)`: the failure reported for an `Err(e)` result: type `Err`, the error's
/// `Display` text (or `Debug`), with its `Debug` form as detail.
#[macro_export]
macro_rules! err_value {
    ($e:expr) => {{
        #[allow(unused_imports)]
        use $crate::{MsgDebug as _, MsgDisplay as _, MsgNothing as _};
        let error = &$e;
        $crate::Failure::new("Err", (&&&$crate::Probe(error)).agentbench_message())
            .with_detail((&&$crate::Probe(error)).agentbench_message())
    }};
}

// ------------------------------------------------------------------ trees and linked lists

/// A binary tree as plain data: what level-order lists are read into and written from.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub val: Json,
    pub left: Option<Box<Shape>>,
    pub right: Option<Box<Shape>>,
}

/// The tree of a level-order list with `null` holes (`[]` or `[null]` is the empty tree).
pub fn shape_from_level_order(v: &Json) -> Result<Option<Shape>, String> {
    let items = match v {
        Json::Array(items) => items,
        Json::Null => return Ok(None),
        _ => return mismatch("a level-order list", v),
    };
    if items.first().map_or(true, |first| *first == Json::Null) {
        return Ok(None);
    }
    // children[i] = (left, right) indices into items
    let mut children: Vec<(Option<usize>, Option<usize>)> = vec![(None, None); items.len()];
    let mut queue = VecDeque::from([0_usize]);
    let mut next = 1;
    while let Some(node) = queue.pop_front() {
        for side in 0..2 {
            if next >= items.len() {
                break;
            }
            if items[next] != Json::Null {
                if side == 0 {
                    children[node].0 = Some(next);
                } else {
                    children[node].1 = Some(next);
                }
                queue.push_back(next);
            }
            next += 1;
        }
    }
    fn build(i: usize, items: &[Json], children: &[(Option<usize>, Option<usize>)]) -> Shape {
        Shape {
            val: items[i].clone(),
            left: children[i].0.map(|c| Box::new(build(c, items, children))),
            right: children[i].1.map(|c| Box::new(build(c, items, children))),
        }
    }
    Ok(Some(build(0, items, &children)))
}

/// The level-order list of a tree, without trailing `null`s (`[]` for the empty tree).
pub fn shape_to_level_order(root: Option<&Shape>) -> Json {
    let mut out = Vec::new();
    let mut queue = VecDeque::from([root]);
    while let Some(node) = queue.pop_front() {
        match node {
            None => out.push(Json::Null),
            Some(n) => {
                out.push(n.val.clone());
                queue.push_back(n.left.as_deref());
                queue.push_back(n.right.as_deref());
            }
        }
    }
    while out.last() == Some(&Json::Null) {
        out.pop();
    }
    Json::Array(out)
}

/// A tree node type (implemented by `tree_node_json!` for a struct with `val`, `left`, `right`).
pub trait TreeValue: Sized {
    /// The node (and its subtrees) of a shape.
    fn from_shape(shape: &Shape) -> Result<Self, String>;
    /// The shape of the node and its subtrees.
    fn to_shape(&self) -> Shape;
}

/// A child link of a tree node: `Option<Box<T>>` or `Option<Rc<RefCell<T>>>`.
pub trait TreeChild: Sized {
    /// The link to the subtree `shape`.
    fn child_from(shape: Option<&Shape>) -> Result<Self, String>;
    /// The subtree behind the link.
    fn child_to(&self) -> Option<Shape>;
}

impl<T: TreeValue> TreeChild for Option<Box<T>> {
    fn child_from(shape: Option<&Shape>) -> Result<Self, String> {
        shape.map(|s| T::from_shape(s).map(Box::new)).transpose()
    }
    fn child_to(&self) -> Option<Shape> {
        self.as_ref().map(|n| n.to_shape())
    }
}

impl<T: TreeValue> TreeChild for Option<Rc<RefCell<T>>> {
    fn child_from(shape: Option<&Shape>) -> Result<Self, String> {
        shape
            .map(|s| T::from_shape(s).map(|n| Rc::new(RefCell::new(n))))
            .transpose()
    }
    fn child_to(&self) -> Option<Shape> {
        self.as_ref().map(|n| n.borrow().to_shape())
    }
}

/// Implements `FromJson`/`ToJson` (level-order lists) for a tree node struct with fields
/// `val`, `left` and `right`, whose links are `Option<Box<Self>>` or `Option<Rc<RefCell<Self>>>`.
#[macro_export]
macro_rules! tree_node_json {
    ($t:ident) => {
        impl $crate::TreeValue for $t {
            fn from_shape(shape: &$crate::Shape) -> ::std::result::Result<Self, String> {
                ::std::result::Result::Ok($t {
                    val: $crate::FromJson::from_json(&shape.val)?,
                    left: $crate::TreeChild::child_from(shape.left.as_deref())?,
                    right: $crate::TreeChild::child_from(shape.right.as_deref())?,
                })
            }
            fn to_shape(&self) -> $crate::Shape {
                $crate::Shape {
                    val: $crate::ToJson::to_json(&self.val),
                    left: $crate::TreeChild::child_to(&self.left).map(::std::boxed::Box::new),
                    right: $crate::TreeChild::child_to(&self.right).map(::std::boxed::Box::new),
                }
            }
        }
        impl $crate::FromJson for $t {
            fn from_json(v: &$crate::Json) -> ::std::result::Result<Self, String> {
                match $crate::shape_from_level_order(v)? {
                    ::std::option::Option::Some(s) => <$t as $crate::TreeValue>::from_shape(&s),
                    ::std::option::Option::None => ::std::result::Result::Err(
                        "an empty tree where a node is required".to_owned(),
                    ),
                }
            }
            fn from_json_option(
                v: &$crate::Json,
            ) -> ::std::result::Result<::std::option::Option<Self>, String> {
                $crate::shape_from_level_order(v)?
                    .map(|s| <$t as $crate::TreeValue>::from_shape(&s))
                    .transpose()
            }
        }
        impl $crate::ToJson for $t {
            fn to_json(&self) -> $crate::Json {
                $crate::shape_to_level_order(::std::option::Option::Some(
                    &<$t as $crate::TreeValue>::to_shape(self),
                ))
            }
            fn option_to_json(v: ::std::option::Option<&Self>) -> $crate::Json {
                let shape = v.map(<$t as $crate::TreeValue>::to_shape);
                $crate::shape_to_level_order(shape.as_ref())
            }
        }
    };
}

/// Most nodes a linked list is read to (a cycle would otherwise never end).
pub const MAX_LIST_NODES: usize = 10_000_000;

/// A `next` link of a list node: `Option<Box<T>>` or `Option<Rc<RefCell<T>>>`.
pub trait ListLink: Sized + Default {
    /// The node type.
    type Node;
    /// A link to `node`.
    fn link(node: Self::Node) -> Self;
}

impl<T> ListLink for Option<Box<T>> {
    type Node = T;
    fn link(node: T) -> Self {
        Some(Box::new(node))
    }
}

impl<T> ListLink for Option<Rc<RefCell<T>>> {
    type Node = T;
    fn link(node: T) -> Self {
        Some(Rc::new(RefCell::new(node)))
    }
}

/// Read by `list_node_json!`: the links of `values`, built from the back.
pub fn list_from_values<L: ListLink>(
    values: &[Json],
    make: impl Fn(&Json, L) -> Result<L::Node, String>,
) -> Result<L, String> {
    let mut head = L::default();
    for v in values.iter().rev() {
        head = L::link(make(v, head)?);
    }
    Ok(head)
}

/// Access to a list node's value and link (implemented by `list_node_json!`).
pub trait ListNext: Sized {
    /// The node's value as JSON.
    fn val_json(&self) -> Json;
    /// The next node, for `Box` links.
    fn next_box(&self) -> Option<&Self>;
    /// The next node, for `Rc<RefCell>` links.
    fn next_rc(&self) -> Option<Rc<RefCell<Self>>>;
}

/// A link type whose next node can be reached (both kinds of links).
pub trait NextOf<T> {
    /// For `Box` links.
    fn as_box(&self) -> Option<&T>;
    /// For `Rc<RefCell>` links.
    fn as_rc(&self) -> Option<Rc<RefCell<T>>>;
}

impl<T> NextOf<T> for Option<Box<T>> {
    fn as_box(&self) -> Option<&T> {
        self.as_deref()
    }
    fn as_rc(&self) -> Option<Rc<RefCell<T>>> {
        None
    }
}

impl<T> NextOf<T> for Option<Rc<RefCell<T>>> {
    fn as_box(&self) -> Option<&T> {
        None
    }
    fn as_rc(&self) -> Option<Rc<RefCell<T>>> {
        self.clone()
    }
}

/// The values of the list starting at `head`, as a JSON list (at most `MAX_LIST_NODES`).
pub fn list_values<T: ListNext>(head: &T) -> Json {
    let mut out = vec![head.val_json()];
    let mut cur = head.next_box();
    while let Some(node) = cur {
        if out.len() >= MAX_LIST_NODES {
            return Json::Array(out);
        }
        out.push(node.val_json());
        cur = node.next_box();
    }
    let mut cur = head.next_rc();
    while let Some(node) = cur {
        if out.len() >= MAX_LIST_NODES {
            return Json::Array(out);
        }
        let node = node.borrow();
        out.push(node.val_json());
        cur = node.next_rc();
    }
    Json::Array(out)
}

/// Implements `FromJson`/`ToJson` (plain lists) for a list node struct with fields `val` and
/// `next`, whose link is `Option<Box<Self>>` or `Option<Rc<RefCell<Self>>>`.
#[macro_export]
macro_rules! list_node_json {
    ($t:ident) => {
        impl $crate::ListNext for $t {
            fn val_json(&self) -> $crate::Json {
                $crate::ToJson::to_json(&self.val)
            }
            fn next_box(&self) -> ::std::option::Option<&Self> {
                $crate::NextOf::<$t>::as_box(&self.next)
            }
            fn next_rc(&self) -> ::std::option::Option<::std::rc::Rc<::std::cell::RefCell<Self>>> {
                $crate::NextOf::<$t>::as_rc(&self.next)
            }
        }
        impl $crate::FromJson for $t {
            fn from_json(v: &$crate::Json) -> ::std::result::Result<Self, String> {
                <Self as $crate::FromJson>::from_json_option(v)?
                    .ok_or_else(|| "an empty list where a node is required".to_owned())
            }
            fn from_json_option(
                v: &$crate::Json,
            ) -> ::std::result::Result<::std::option::Option<Self>, String> {
                let items = match v {
                    $crate::Json::Array(items) => items,
                    $crate::Json::Null => return ::std::result::Result::Ok(None),
                    other => {
                        return ::std::result::Result::Err(format!(
                            "expected a list, got {}",
                            other.describe()
                        ))
                    }
                };
                let (first, rest) = match items.split_first() {
                    ::std::option::Option::Some(parts) => parts,
                    ::std::option::Option::None => return ::std::result::Result::Ok(None),
                };
                let next = $crate::list_from_values(rest, |val, next| {
                    ::std::result::Result::Ok($t {
                        val: $crate::FromJson::from_json(val)?,
                        next,
                    })
                })?;
                ::std::result::Result::Ok(::std::option::Option::Some($t {
                    val: $crate::FromJson::from_json(first)?,
                    next,
                }))
            }
        }
        impl $crate::ToJson for $t {
            fn to_json(&self) -> $crate::Json {
                $crate::list_values(self)
            }
            fn option_to_json(v: ::std::option::Option<&Self>) -> $crate::Json {
                v.map_or_else(
                    || $crate::Json::Array(::std::vec::Vec::new()),
                    $crate::ToJson::to_json,
                )
            }
        }
    };
}

// -------------------------------------------------------------------------- async

struct ThreadWaker(std::thread::Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Run a future to completion on the current thread (for `async fn` entry points).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = Box::pin(future);
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(out) = Pin::as_mut(&mut future).poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

// ------------------------------------------------------------------------ the case loop

/// Why a call did not return a value: an `Err` result, a panic, or a bad argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub error_type: String,
    pub message: String,
    pub detail: String,
}

impl Failure {
    /// A failure of the given type.
    pub fn new(error_type: &str, message: impl Into<String>) -> Self {
        Failure {
            error_type: error_type.to_owned(),
            message: message.into(),
            detail: String::new(),
        }
    }

    /// The same failure with more detail (shown as its traceback).
    #[must_use]
    pub fn with_detail(mut self, detail: String) -> Self {
        if detail != self.message && detail != format!("{:?}", self.message) {
            self.detail = detail;
        }
        self
    }

    fn fields(&self) -> Vec<(String, Json)> {
        let mut out = vec![
            ("error_type".to_owned(), Json::Str(self.error_type.clone())),
            ("message".to_owned(), Json::Str(self.message.clone())),
        ];
        if !self.detail.is_empty() {
            out.push(("traceback".to_owned(), Json::Str(self.detail.clone())));
        }
        out
    }
}

/// What a generated call returns: the result as JSON or why there is none.
pub type CallResult = Result<Json, Failure>;

/// Check the number of arguments of a call.
pub fn arity(args: &[Json], expected: usize) -> Result<(), Failure> {
    if args.len() == expected {
        Ok(())
    } else {
        Err(Failure::new(
            "ArgumentError",
            format!(
                "{} argument(s) given, the signature takes {expected}",
                args.len()
            ),
        ))
    }
}

/// Argument `index` read as the parameter's type.
pub fn arg<T: FromJson>(args: &[Json], index: usize) -> Result<T, Failure> {
    T::from_json(&args[index]).map_err(|e| {
        Failure::new(
            "ArgumentError",
            format!(
                "argument {} ({}): {e}",
                index + 1,
                std::any::type_name::<T>()
            ),
        )
    })
}

/// The object of a class case, if a method taking `self` has not consumed it.
pub fn live<T>(slot: &mut Option<T>) -> Result<&mut T, Failure> {
    slot.as_mut().ok_or_else(consumed)
}

/// The failure of a call on an object that a method taking `self` consumed.
pub fn consumed() -> Failure {
    Failure::new(
        "UseAfterMove",
        "the object was consumed by an earlier call taking `self`",
    )
}

/// The failure of a call to a method the signature does not have.
pub fn no_method(name: &str) -> Failure {
    Failure::new("NoMethod", format!("the signature has no method `{name}`"))
}

/// An object of a class-design problem, driven by method name.
pub trait Object {
    /// Call `method` with JSON arguments.
    fn call(&mut self, method: &str, args: &[Json]) -> CallResult;
    /// The value of a public field (for attribute cases), if there is one of that name.
    fn attribute(&self, _name: &str) -> Option<Json> {
        None
    }
}

/// A function entry point, with its arguments as JSON.
pub type FunctionEntry = fn(&[Json]) -> CallResult;

/// Seconds of CPU time used by the process (all its threads, user and system), read before
/// and after a timed call: unlike the wall clock it does not count the time the process waits
/// for a core, which on a busy machine comes in whole scheduler ticks and would swamp a call of
/// a few milliseconds. `getrusage`, not the process CPU clock: with a CPU time limit in force
/// (the sandbox sets one) Linux reads that clock from a timer updated once per tick. The
/// monotonic clock where neither is available.
pub fn cpu_seconds() -> f64 {
    cpu_clock().unwrap_or_else(|| MONOTONIC_START.with(|start| start.elapsed().as_secs_f64()))
}

thread_local! {
    static MONOTONIC_START: Instant = Instant::now();
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn cpu_clock() -> Option<f64> {
    use std::os::raw::{c_int, c_long};

    #[repr(C)]
    struct Timeval {
        sec: c_long,
        usec: c_long,
    }
    #[repr(C)]
    struct Rusage {
        utime: Timeval,
        stime: Timeval,
        counters: [c_long; 14],
    }
    extern "C" {
        fn getrusage(who: c_int, usage: *mut Rusage) -> c_int;
    }
    const RUSAGE_SELF: c_int = 0;
    let mut usage = Rusage {
        utime: Timeval { sec: 0, usec: 0 },
        stime: Timeval { sec: 0, usec: 0 },
        counters: [0; 14],
    };
    // SAFETY: getrusage writes one `struct rusage` through the pointer, which is valid.
    let status = unsafe { getrusage(RUSAGE_SELF, &mut usage) };
    let seconds = |t: &Timeval| t.sec as f64 + t.usec as f64 * 1e-6;
    (status == 0).then(|| seconds(&usage.utime) + seconds(&usage.stime))
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn cpu_clock() -> Option<f64> {
    None
}

/// Keeps a value alive as far as the optimiser can tell, so a timed call is not elided
/// (what `std::hint::black_box` does, written to build on older rustc releases too).
pub fn opaque<T>(value: &T) {
    // SAFETY: reading a byte of a live, initialised value of at least one byte.
    if std::mem::size_of::<T>() > 0 {
        let _ = unsafe { std::ptr::read_volatile((value as *const T).cast::<u8>()) };
    }
}

/// A class entry point: the constructor, with its arguments as JSON.
pub type ClassEntry = fn(&[Json]) -> Result<Box<dyn Object>, Failure>;

/// The method name and the arguments of one call of a class problem's timing input.
pub fn method_call(call: &Json) -> Result<(&str, &[Json]), Failure> {
    let method = match call.get("method") {
        Some(Json::Str(s)) => s.as_str(),
        _ => return Err(Failure::new("ArgumentError", "a call without a method name")),
    };
    Ok((method, call.get("args").map_or(&[][..], Json::as_array)))
}

thread_local! {
    static LAST_PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "Box<dyn Any>".to_owned());
        let location = info
            .location()
            .map(|l| format!("at {}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        LAST_PANIC.with(|last| *last.borrow_mut() = Some((message, location)));
    }));
}

fn panic_failure(payload: &(dyn Any + Send)) -> Failure {
    let (message, location) = LAST_PANIC
        .with(|last| last.borrow_mut().take())
        .unwrap_or_else(|| {
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            (text, String::new())
        });
    Failure::new("panic", message).with_detail(location)
}

fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(panic_failure(&*payload)),
    }
}

/// The environment variable naming the descriptor events are written to.
pub const EVENTS_FD_ENV: &str = "AGENTBENCH_EVENTS_FD";
/// The environment variable naming the pipe that holds the channel's token.
pub const TOKEN_FD_ENV: &str = "AGENTBENCH_TOKEN_FD";

/// The outcome channel: the events descriptor and the token every event carries.
struct Out {
    file: Mutex<File>,
    token: String,
}

impl Out {
    /// The channel named by the environment: the token read to the end of its pipe (which is
    /// closed), both variables removed, the events descriptor kept from child processes.
    fn open() -> Result<Out, String> {
        let token_fd = fd_from_env(TOKEN_FD_ENV)?;
        let events_fd = fd_from_env(EVENTS_FD_ENV)?;
        std::env::remove_var(TOKEN_FD_ENV);
        std::env::remove_var(EVENTS_FD_ENV);
        let mut token = String::new();
        // SAFETY: the plugin passed this descriptor for the harness alone; the File closes it.
        let mut pipe = unsafe { File::from_raw_fd(token_fd) };
        pipe.read_to_string(&mut token)
            .map_err(|e| format!("cannot read the channel's token: {e}"))?;
        drop(pipe);
        set_cloexec(events_fd);
        Ok(Out {
            // SAFETY: as above; the events descriptor is open for appending.
            file: Mutex::new(unsafe { File::from_raw_fd(events_fd) }),
            token,
        })
    }

    fn emit(&self, mut fields: Vec<(String, Json)>) {
        fields.push(("t".to_owned(), Json::Str(self.token.clone())));
        let line = format!("{}\n", Json::Object(fields));
        if let Ok(mut file) = self.file.lock() {
            // One write per line, straight to the descriptor (no buffering): a kill loses
            // nothing, and lines of concurrent writers do not interleave (O_APPEND).
            let _ = file.write_all(line.as_bytes());
        }
    }

    fn event(&self, name: &str, mut fields: Vec<(String, Json)>) {
        fields.insert(0, ("event".to_owned(), Json::Str(name.to_owned())));
        self.emit(fields);
    }
}

fn fd_from_env(name: &str) -> Result<RawFd, String> {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse::<RawFd>().ok())
        .filter(|fd| *fd > 2)
        .ok_or_else(|| format!("{name} does not name a descriptor: run by pytest-agentbench only"))
}

extern "C" {
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    fn pipe(fds: *mut c_int) -> c_int;
}

const F_GETFD: c_int = 1;
const F_SETFD: c_int = 2;
const FD_CLOEXEC: c_int = 1;

/// Keep `fd` from the programs this process starts.
fn set_cloexec(fd: RawFd) {
    // SAFETY: fcntl on a descriptor number; an invalid one only returns an error.
    unsafe {
        let flags = fcntl(fd, F_GETFD);
        if flags >= 0 {
            fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
        }
    }
}

fn field(name: &str, value: Json) -> (String, Json) {
    (name.to_owned(), value)
}

/// The parameter names of the entry point (a class's constructor) and of each method, from
/// `job.json`: keyword arguments take the place of the parameter of their name.
struct Names {
    params: Vec<String>,
    methods: Vec<(String, Vec<String>)>,
}

impl Names {
    fn of(job: &Json) -> Self {
        fn strings(list: Option<&Json>, key: Option<&str>) -> Vec<String> {
            list.map_or(&[][..], Json::as_array)
                .iter()
                .filter_map(|item| match key.map_or(Some(item), |k| item.get(k)) {
                    Some(Json::Str(name)) => Some(name.clone()),
                    _ => None,
                })
                .collect()
        }
        let methods = match job.get("methods") {
            Some(Json::Object(items)) => items
                .iter()
                .map(|(name, params)| (name.clone(), strings(Some(params), None)))
                .collect(),
            _ => Vec::new(),
        };
        Names {
            params: strings(job.get("params"), Some("name")),
            methods,
        }
    }
}

/// The positional arguments of a call: `args`, then each keyword argument at the place of its
/// parameter (Rust has no keyword arguments). A keyword that names no parameter after the
/// positional ones is an `ArgumentError`.
fn with_keywords(
    args: Option<&Json>,
    kwargs: Option<&Json>,
    names: &[String],
) -> Result<Vec<Json>, Failure> {
    let mut out = args.map_or(&[][..], Json::as_array).to_vec();
    let mut rest: Vec<(String, Json)> = match kwargs {
        Some(Json::Object(items)) => items.clone(),
        _ => return Ok(out),
    };
    for name in names.iter().skip(out.len()) {
        match rest.iter().position(|(key, _)| key == name) {
            Some(at) => out.push(rest.remove(at).1),
            None => break,
        }
    }
    match rest.first() {
        None => Ok(out),
        Some((key, _)) => Err(Failure::new(
            "ArgumentError",
            format!("no parameter `{key}` to pass a keyword argument to"),
        )),
    }
}

fn run_case(entry: &Cases, names: &Names, case: &Json) -> Vec<(String, Json)> {
    let index = case.get("index").cloned().unwrap_or(Json::Null);
    let mut out = vec![field("index", index)];
    let start = Instant::now();
    let outcome: Result<Json, Failure> = match entry {
        Cases::Function(f) => {
            match with_keywords(case.get("args"), case.get("kwargs"), &names.params) {
                Ok(args) => guarded(|| f(&args)),
                Err(failure) => Err(failure),
            }
        }
        Cases::Class(construct) => {
            let init = with_keywords(case.get("init"), case.get("init_kwargs"), &names.params);
            match init.and_then(|init| guarded(|| construct(&init))) {
                Err(failure) => Err(failure),
                Ok(mut object) => {
                    if let Some(Json::Array(names)) = case.get("attributes") {
                        let attrs = names
                            .iter()
                            .map(|name| {
                                let name = match name {
                                    Json::Str(s) => s.clone(),
                                    other => other.to_string(),
                                };
                                let value = object
                                    .attribute(&name)
                                    .unwrap_or_else(|| repr("<missing>".to_owned(), "missing"));
                                (name, value)
                            })
                            .collect();
                        Ok(Json::Object(attrs))
                    } else {
                        let calls = case.get("calls").map_or(&[][..], Json::as_array);
                        let mut results = Vec::with_capacity(calls.len());
                        for call in calls {
                            let method = match call.get("method") {
                                Some(Json::Str(s)) => s.as_str(),
                                _ => "",
                            };
                            let params = names
                                .methods
                                .iter()
                                .find(|(name, _)| name == method)
                                .map_or(&[][..], |(_, params)| params.as_slice());
                            let args = with_keywords(call.get("args"), call.get("kwargs"), params);
                            let result =
                                args.and_then(|args| guarded(|| object.call(method, &args)));
                            results.push(match result {
                                Ok(value) => Json::Object(vec![field("value", value)]),
                                Err(failure) => Json::Object(failure.fields()),
                            });
                        }
                        out.push(field("status", Json::Str("calls".to_owned())));
                        out.push(field("calls", Json::Array(results)));
                        out.push(field("seconds", Json::Float(start.elapsed().as_secs_f64())));
                        return out;
                    }
                }
            }
        }
    };
    match outcome {
        Ok(value) => {
            out.push(field("status", Json::Str("value".to_owned())));
            out.push(field("value", value));
        }
        Err(failure) => {
            out.push(field("status", Json::Str("exception".to_owned())));
            out.extend(failure.fields());
        }
    }
    out.push(field("seconds", Json::Float(start.elapsed().as_secs_f64())));
    out
}

fn run_job(out: Out, job: Json, entry: Cases) -> ! {
    on_worker(&Arc::new(out), move |out| {
        out.event("loaded", Vec::new());
        let names = Names::of(&job);
        for case in job.get("cases").map_or(&[][..], Json::as_array) {
            let index = case.get("index").cloned().unwrap_or(Json::Null);
            out.event("start", vec![field("index", index)]);
            out.event("case", run_case(&entry, &names, case));
        }
        out.event("done", Vec::new());
    })
}

/// Run `work` on a thread with a large stack (deep recursion and long lists are fine), then
/// end the process; a panic that escapes it is a `harness_error`.
fn on_worker(out: &Arc<Out>, work: impl FnOnce(&Arc<Out>) + Send + 'static) -> ! {
    install_panic_hook();
    let worker_out = Arc::clone(out);
    let worker = std::thread::Builder::new()
        .name("agentbench-cases".to_owned())
        .stack_size(256 * 1024 * 1024)
        .spawn(move || work(&worker_out));
    let finished = match worker {
        Ok(handle) => handle.join().is_ok(),
        Err(e) => {
            harness_error(out, format!("cannot start the case thread: {e}"));
            false
        }
    };
    if !finished {
        let why = LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .map_or_else(
                || "the case thread died".to_owned(),
                |(m, l)| format!("{m} {l}"),
            );
        harness_error(out, why);
    }
    std::process::exit(0);
}

fn harness_error(out: &Out, message: String) {
    out.event("harness_error", vec![field("message", Json::Str(message))]);
}

/// What the generated `main` of a problem hands over: its cases' entry point (none when the
/// problem has native tests only) and its native tests.
#[derive(Clone, Copy)]
pub struct Harness {
    pub cases: Option<Cases>,
    pub tests: &'static [NativeTest],
}

/// The entry point of a problem's data cases.
#[derive(Clone, Copy)]
pub enum Cases {
    /// A function.
    Function(FunctionEntry),
    /// A class-design problem: its constructor.
    Class(ClassEntry),
}

/// The `main` of every problem's binary. Run by the plugin without arguments it runs the data
/// cases of `job.json`; with `--agentbench-native` it runs the native
/// tests, each in a process of its own (this binary with `--agentbench-test`, which gets no
/// channel: it reports to this process through a pipe of its own).
///
/// The channel's token is read before anything else, and before any code of the solution is
/// called. What this cannot cover: code that runs before `main` (a static in the solution's
/// `.init_array` section, `#[link_section = ".init_array"]`) runs before this and could take
/// the token first. That is the documented limit of the channel for Rust.
pub fn main(harness: Harness) -> ! {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(TEST_ARG) {
        run_test_process(harness.tests, &args[1..]);
    }
    let (out, job) = open_job();
    if args.first().map(String::as_str) == Some(NATIVE_ARG) {
        let include_ignored = job.get("include_ignored") == Some(&Json::Bool(true));
        run_native(&out, harness.tests, include_ignored);
        std::process::exit(0);
    }
    if let Some(cases) = harness.cases {
        run_job(out, job, cases);
    }
    harness_error(&out, "this problem has no data cases".to_owned());
    std::process::exit(3);
}

/// The channel (its token read first) and `job.json`; a failure ends the process.
fn open_job() -> (Out, Json) {
    let out = match Out::open() {
        Ok(out) => out,
        Err(e) => {
            eprintln!("pytest-agentbench harness: {e}");
            std::process::exit(3);
        }
    };
    let job = std::fs::read_to_string("job.json")
        .map_err(|e| format!("cannot read job.json: {e}"))
        .and_then(|text| parse_json(&text));
    match job {
        Ok(job) => (out, job),
        Err(e) => {
            harness_error(&out, e);
            std::process::exit(3);
        }
    }
}

// ------------------------------------------------------------------------ timing

/// The CPU and wall seconds of one timed unit.
#[derive(Clone, Copy, Debug)]
pub struct Lap {
    pub cpu: f64,
    pub wall: f64,
}

/// Both clocks of a timed unit, started together ([`cpu_seconds`] and the monotonic clock).
pub struct Clock {
    cpu: f64,
    wall: Instant,
}

impl Clock {
    /// Start timing.
    pub fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    /// What has elapsed since the start.
    pub fn stop(&self) -> Lap {
        let cpu = cpu_seconds() - self.cpu;
        Lap {
            cpu,
            wall: self.wall.elapsed().as_secs_f64(),
        }
    }
}

/// One timing size's input as a contender's glue reads it: a function's `args`, or a class
/// problem's `init` and `calls` (`{"method", "args"}` each).
#[derive(Clone, Copy)]
pub struct TimingInput<'a> {
    pub args: &'a [Json],
    pub init: &'a [Json],
    pub calls: &'a [Json],
}

/// A contender's timed unit at one size, made by its generated glue (`agentbench_timing`,
/// inside the contender's module) from the input decoded once.
pub trait Unit {
    /// Fresh arguments for the next unit (a copy of the decoded input, or a new decoding of
    /// it), made before the clock starts: an in-place sort never gets a sorted input.
    fn fresh(&mut self) -> Result<(), Failure>;
    /// The timed unit on those arguments (a call, or a construction and every call), a lazy
    /// result read inside it; what it drops afterwards is not timed.
    fn call(&mut self) -> Result<Lap, Failure>;
}

/// A contender's glue: its timed unit for one size's input.
pub type Prepare = for<'a> fn(TimingInput<'a>) -> Result<Box<dyn Unit + 'a>, Failure>;

/// One of the two programs timed: "solution" or "reference", and its glue.
#[derive(Clone, Copy)]
pub struct Contender {
    pub who: &'static str,
    pub prepare: Prepare,
}

/// The `main` of the timing binary (both contenders, each a module of its own): runs the
/// timing job of `job.json` (`docs/runners.md`, "Timing") and ends the process.
pub fn timing_main(contenders: [Contender; 2]) -> ! {
    let (out, job) = open_job();
    on_worker(&Arc::new(out), move |out| {
        out.event("loaded", Vec::new());
        if time_sizes(out, &job, &contenders) {
            out.event("done", Vec::new());
        }
    })
}

/// The job's `timing` settings.
struct Plan {
    repeat: usize,
    budget: Option<f64>,
    min_calls: usize,
    cutoff_ratio: f64,
}

// counts from the job, clamped to at least 1 before they are cast
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
impl Plan {
    fn of(timing: Option<&Json>) -> Self {
        let number = |key: &str| match timing.and_then(|t| t.get(key)) {
            Some(Json::Int(n)) => Some(*n as f64),
            Some(Json::Float(x)) => Some(*x),
            _ => None,
        };
        let count = |key: &str, default: f64| number(key).unwrap_or(default).max(1.0) as usize;
        Plan {
            repeat: count("repeat", 5.0),
            budget: number("call_budget"),
            min_calls: count("min_calls", 3.0),
            cutoff_ratio: number("cutoff_ratio").unwrap_or(25.0),
        }
    }

    /// Rounds at a size of `n`: `repeat`, or fewer when the calls are expected to be long,
    /// as many as fit in the call budget by the previous size's median unit scaled linearly
    /// (at least `min_calls`): the plugin's `calls_per_process`, as Python's `_rounds`.
    fn rounds(&self, previous: Option<&(f64, Vec<f64>)>, n: Option<f64>) -> usize {
        let (budget, (before, times), n) = match (self.budget, previous, n) {
            (Some(budget), Some(previous), Some(n)) => (budget, previous, n),
            _ => return self.repeat,
        };
        if *before <= 0.0 || n <= 0.0 || times.is_empty() {
            return self.repeat;
        }
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        let expected = sorted[sorted.len() / 2] * (n / before).max(1.0);
        if expected <= 0.0 {
            return self.repeat;
        }
        let fit = (budget / expected).ceil() as usize;
        self.repeat.min(self.min_calls.max(fit))
    }
}

/// Every size in order, each reported as a `timing` event; false when one ended the timing
/// (an error or a cut, already reported).
fn time_sizes(out: &Arc<Out>, job: &Json, contenders: &[Contender; 2]) -> bool {
    let timing = job.get("timing");
    let plan = Plan::of(timing);
    let mut previous: Option<(f64, Vec<f64>)> = None;
    for size in timing.and_then(|t| t.get("sizes")).map_or(&[][..], Json::as_array) {
        let n = match size.get("n") {
            Some(Json::Int(n)) => Some(*n as f64),
            _ => None,
        };
        let rounds = plan.rounds(previous.as_ref(), n);
        let times = match time_size(out, size, contenders, &plan, rounds) {
            Some(times) => times,
            None => return false,
        };
        let mut fields = size_fields(size);
        for (contender, seconds) in contenders.iter().zip(&times) {
            let list = seconds.iter().map(|s| Json::Float(*s)).collect();
            fields.push(field(contender.who, Json::Array(list)));
        }
        out.event("timing", fields);
        previous = n.map(|n| (n, times.concat()));
    }
    true
}

/// A size's `label` and `n`, as its events name it.
fn size_fields(size: &Json) -> Vec<(String, Json)> {
    let label = size.get("label").cloned().unwrap_or(Json::Null);
    vec![field("label", label), field("n", size.get("n").cloned().unwrap_or(Json::Null))]
}

/// One size: each contender's unit made from the input decoded once, one untimed warm-up
/// each, then `rounds` rounds of one unit each, the reference first in even rounds. The CPU
/// seconds of each contender's units, or `None` when the timing ended (reported).
fn time_size(
    out: &Arc<Out>,
    size: &Json,
    contenders: &[Contender; 2],
    plan: &Plan,
    rounds: usize,
) -> Option<[Vec<f64>; 2]> {
    let list = |key: &str| size.get(key).map_or(&[][..], Json::as_array);
    let input = TimingInput {
        args: list("args"),
        init: list("init"),
        calls: list("calls"),
    };
    let mut units = Vec::with_capacity(2);
    for contender in contenders {
        match guarded(|| (contender.prepare)(input)) {
            Ok(unit) => units.push(unit),
            Err(failure) => return timing_failed(out, size, contender.who, &failure),
        }
    }
    let reference = contenders.iter().position(|c| c.who == "reference").unwrap_or(1);
    let mut times: [Vec<f64>; 2] = [Vec::with_capacity(rounds), Vec::with_capacity(rounds)];
    let mut shortest = f64::INFINITY; // the reference's shortest wall time at this size
    // round 0 is an untimed warm-up (page faults, caches, the allocator's first growth)
    for round in 0..=rounds {
        let reference_first = round == 0 || (round - 1) % 2 == 0;
        let order = if reference_first {
            [reference, 1 - reference]
        } else {
            [1 - reference, reference]
        };
        for slot in order {
            let limit = (slot != reference && shortest.is_finite())
                .then(|| (plan.cutoff_ratio * shortest).max(1.0));
            let lap = match timed_unit(out, size, units[slot].as_mut(), limit) {
                Ok(lap) => lap,
                Err(failure) => return timing_failed(out, size, contenders[slot].who, &failure),
            };
            if slot == reference {
                shortest = shortest.min(lap.wall);
            }
            if round > 0 {
                times[slot].push(lap.cpu);
            }
        }
    }
    Some(times)
}

/// A `timing_error` naming who failed; ends the timing.
fn timing_failed<T>(out: &Out, size: &Json, who: &str, failure: &Failure) -> Option<T> {
    let mut fields = vec![field("who", Json::Str(who.to_owned()))];
    fields.extend(size_fields(size).into_iter().take(1));
    fields.extend(failure.fields());
    out.event("timing_error", fields);
    None
}

/// One unit on fresh arguments. With a `limit` (the solution's, in wall seconds) a watchdog
/// thread ends the process with a `timing_cut` event once the unit runs past it: a running
/// call cannot be interrupted otherwise. A unit that ended past it is cut the same way.
fn timed_unit(
    out: &Arc<Out>,
    size: &Json,
    unit: &mut dyn Unit,
    limit: Option<f64>,
) -> Result<Lap, Failure> {
    guarded(|| unit.fresh())?;
    let watchdog = limit.map(|limit| watch(Arc::clone(out), size_fields(size), limit));
    let lap = guarded(|| unit.call());
    drop(watchdog); // the watchdog's thread ends
    match (lap, limit) {
        (Ok(lap), Some(limit)) if lap.wall > limit => cut(out, size_fields(size), limit),
        (lap, _) => lap,
    }
}

/// A thread that cuts the timing at `limit` seconds from now unless the returned sender is
/// dropped first. Without a thread to spare (a process limit) the run's wall limit ends it.
fn watch(out: Arc<Out>, fields: Vec<(String, Json)>, limit: f64) -> mpsc::Sender<()> {
    let (stop, stopped) = mpsc::channel::<()>();
    let _ = std::thread::Builder::new()
        .name("agentbench-watchdog".to_owned())
        .spawn(move || {
            let wait = std::time::Duration::from_secs_f64(limit);
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                cut(&out, fields, limit);
            }
        });
    stop
}

/// The solution's unit ran past the cut-off: `timing_cut`, and the process ends.
fn cut(out: &Out, mut fields: Vec<(String, Json)>, limit: f64) -> ! {
    fields.push(field("limit", Json::Float(limit)));
    out.event("timing_cut", fields);
    std::process::exit(0)
}

// ------------------------------------------------------------------------ native tests

const NATIVE_ARG: &str = "--agentbench-native";
const TEST_ARG: &str = "--agentbench-test";
/// What a test process may write into its result pipe; the rest is not read.
const MAX_RESULT_BYTES: usize = 64 * 1024;
/// How much of a test process's stderr is kept (for the message of a test that crashed).
const MAX_STDERR_BYTES: usize = 4000;

/// One native test: a `#[test]` function of the problem's tests. The runner lists them (the
/// tests are not built with `--test`: libtest reports on stdout, which the solution can write
/// too) and strips their attributes, which it turns into these fields.
pub struct NativeTest {
    /// Its path in the tests' module.
    pub name: &'static str,
    /// Calls it; `Err` is the message of an `Err` it returned.
    pub run: fn() -> Result<(), String>,
    /// `#[ignore]` (with its reason, `""` for none): skipped unless ignored tests are included.
    pub ignored: Option<&'static str>,
    /// Left out by its own `#[cfg(...)]` (or its module's): skipped.
    pub disabled: bool,
    /// `#[should_panic]`: passes only by panicking, with this text in the message (`""`: any).
    pub should_panic: Option<&'static str>,
}

/// What a test function returns: `()` or, as libtest allows, `Result<(), E: Debug>`.
pub trait TestReturn {
    /// `Err(message)` when the test failed by what it returned.
    fn test_outcome(self) -> Result<(), String>;
}

impl TestReturn for () {
    fn test_outcome(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: Debug> TestReturn for Result<(), E> {
    fn test_outcome(self) -> Result<(), String> {
        self.map_err(|e| format!("Error: {e:?}"))
    }
}

fn native_event(out: &Out, name: &str, status: &str, message: String, seconds: f64) {
    out.event(
        "native",
        vec![
            field("name", Json::Str(name.to_owned())),
            field("status", Json::Str(status.to_owned())),
            field("message", Json::Str(message)),
            field("seconds", Json::Float(seconds)),
        ],
    );
}

/// Every native test in order: `tests` (their names), then per test `native_start` and its
/// `native` outcome (passed, failed, error or skipped), then `done`.
fn run_native(out: &Out, tests: &[NativeTest], include_ignored: bool) {
    let names = tests.iter().map(|t| Json::Str(t.name.to_owned())).collect();
    out.event("tests", vec![field("names", Json::Array(names))]);
    let exe = std::env::current_exe()
        .unwrap_or_else(|_| std::env::args_os().next().unwrap_or_default().into());
    for (index, test) in tests.iter().enumerate() {
        if test.disabled {
            native_event(out, test.name, "skipped", "disabled by its #[cfg]".to_owned(), 0.0);
            continue;
        }
        if let (Some(reason), false) = (test.ignored, include_ignored) {
            let message = if reason.is_empty() {
                "ignored (#[ignore])".to_owned()
            } else {
                format!("ignored: {reason}")
            };
            native_event(out, test.name, "skipped", message, 0.0);
            continue;
        }
        out.event("native_start", vec![field("name", Json::Str(test.name.to_owned()))]);
        let start = Instant::now();
        let (status, message) = run_test_in_process(&exe, index);
        native_event(out, test.name, status, message, start.elapsed().as_secs_f64());
    }
    out.event("done", Vec::new());
}

/// One test in a process of its own (so a crash costs only this test): its status and message.
fn run_test_in_process(exe: &Path, index: usize) -> (&'static str, String) {
    let mut fds: [c_int; 2] = [-1, -1];
    // SAFETY: pipe writes two descriptors into the array.
    if unsafe { pipe(fds.as_mut_ptr()) } != 0 {
        let e = std::io::Error::last_os_error();
        return ("error", format!("cannot make the test's result pipe: {e}"));
    }
    // SAFETY: both descriptors are new and owned here; each File closes its own.
    let (mut results, writer) = unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) };
    set_cloexec(fds[0]);
    let child = Command::new(exe)
        .arg(TEST_ARG)
        .arg(fds[1].to_string())
        .arg(index.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    drop(writer); // the child's copy is the only writer left
    let mut child = match child {
        Ok(child) => child,
        Err(e) => return ("error", format!("cannot start the test process: {e}")),
    };
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || stderr.map(|s| read_bounded(s, MAX_STDERR_BYTES)));
    let said = read_bounded(&mut results, MAX_RESULT_BYTES);
    let status = child.wait();
    let stderr = reader.join().ok().flatten().unwrap_or_default();
    let exit = match status {
        Ok(status) if status.success() => None,
        Ok(status) => Some(match (status.code(), signal_of(status)) {
            (_, Some(signal)) => format!("the test binary was killed by signal {signal}"),
            (Some(code), None) => format!("the test binary exited with status {code}"),
            _ => "the test binary ended abnormally".to_owned(),
        }),
        Err(e) => Some(format!("cannot wait for the test process: {e}")),
    };
    match (test_result(&said), exit) {
        (Some(result), None) => result,
        (None, None) if said.is_empty() => (
            "error",
            crash_message(&stderr, "the test binary exited with status 0 before the test ended"),
        ),
        (None, None) => (
            "error",
            "the test process wrote something else into the harness's result pipe".to_owned(),
        ),
        (_, Some(why)) => ("error", crash_message(&stderr, &why)),
    }
}

#[cfg(unix)]
fn signal_of(status: std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

/// Up to `limit` bytes of `source`, read to its end (the rest is dropped, not left unread, so
/// the writer never blocks).
fn read_bounded(mut source: impl Read, limit: usize) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0_u8; 8192];
    loop {
        match source.read(&mut buf) {
            Ok(0) | Err(_) => return kept,
            Ok(n) => {
                let room = limit.saturating_sub(kept.len()).min(n);
                kept.extend_from_slice(&buf[..room]);
            }
        }
    }
}

/// The one line a test process writes: `{"status": "passed"|"failed", "message": ...}`;
/// anything else (more lines, other fields, another status) is no result.
fn test_result(said: &[u8]) -> Option<(&'static str, String)> {
    let text = std::str::from_utf8(said).ok()?;
    let line = text.strip_suffix('\n')?;
    if line.contains('\n') {
        return None;
    }
    match parse_json(line).ok()? {
        Json::Object(fields) if fields.len() == 2 => {
            let status = match &fields[0] {
                (key, Json::Str(s)) if key == "status" && s == "passed" => "passed",
                (key, Json::Str(s)) if key == "status" && s == "failed" => "failed",
                _ => return None,
            };
            match &fields[1] {
                (key, Json::Str(message)) if key == "message" => Some((status, message.clone())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// What a crashed test process said on stderr (the runtime's last words: a stack overflow, a
/// failed allocation), then how it ended.
fn crash_message(stderr: &[u8], why: &str) -> String {
    let text = String::from_utf8_lossy(stderr);
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with("note:"))
        .take(8)
        .collect();
    lines.push(why);
    lines.join("\n")
}

/// In a test process: run test `args[1]` on a thread named after it (as libtest does) and
/// write its result to the pipe `args[0]`; exit 0 once written.
#[allow(clippy::manual_let_else, clippy::single_match_else)] // let-else needs rustc 1.65
fn run_test_process(tests: &[NativeTest], args: &[String]) -> ! {
    let fd = args.first().and_then(|a| a.parse::<RawFd>().ok()).filter(|fd| *fd > 2);
    let test = args.get(1).and_then(|a| a.parse::<usize>().ok()).and_then(|i| tests.get(i));
    let (fd, test) = match (fd, test) {
        (Some(fd), Some(test)) => (fd, test),
        _ => {
            eprintln!("pytest-agentbench harness: bad test process arguments");
            std::process::exit(3);
        }
    };
    set_cloexec(fd);
    // SAFETY: the descriptor the test runner made for this process.
    let mut results = unsafe { File::from_raw_fd(fd) };
    install_panic_hook();
    let run = test.run;
    let ran = std::thread::Builder::new()
        .name(test.name.to_owned())
        .spawn(move || match panic::catch_unwind(run) {
            Ok(returned) => Ok(returned),
            Err(payload) => Err(panic_failure(&*payload)),
        })
        .map_err(|e| format!("cannot start the test's thread: {e}"))
        .and_then(|handle| handle.join().map_err(|_| "the test's thread died".to_owned()));
    let (status, message) = match ran {
        Err(why) => ("failed", why),
        Ok(ran) => judge_test(ran, test.should_panic),
    };
    let line = format!(
        "{}\n",
        Json::Object(vec![
            field("status", Json::Str(status.to_owned())),
            field("message", Json::Str(message)),
        ])
    );
    let _ = results.write_all(line.as_bytes());
    std::process::exit(0);
}

/// libtest's verdict on what a test did.
fn judge_test(
    ran: Result<Result<(), String>, Failure>,
    should_panic: Option<&str>,
) -> (&'static str, String) {
    match (ran, should_panic) {
        (Ok(Ok(())), None) => ("passed", String::new()),
        (Ok(Ok(())), Some(_)) => ("failed", "test did not panic as expected".to_owned()),
        (Ok(Err(message)), _) => ("failed", message),
        (Err(panic), Some(expected)) if panic.message.contains(expected) => {
            ("passed", String::new())
        }
        (Err(panic), Some(expected)) => (
            "failed",
            format!(
                "panic did not contain expected string\n      panic message: {:?}\n \
                 expected substring: {expected:?}",
                panic.message
            ),
        ),
        (Err(panic), None) if panic.detail.is_empty() => ("failed", panic.message),
        (Err(panic), None) => ("failed", format!("{}\n{}", panic.message, panic.detail)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip() {
        let text = r#"{"a": [1, -2, 3.5, "x\n\u00e9\ud83d\ude00", null, true], "b": {}}"#;
        let v = parse_json(text).unwrap();
        assert_eq!(parse_json(&v.to_string()).unwrap(), v);
    }

    #[test]
    fn rounds_follow_the_call_budget_after_the_first_size() {
        let job = parse_json(r#"{"repeat": 7, "call_budget": 0.25, "min_calls": 3}"#).unwrap();
        let plan = Plan::of(Some(&job));
        assert_eq!(plan.rounds(None, Some(100.0)), 7);
        let short = (100.0, vec![0.001; 4]);
        assert_eq!(plan.rounds(Some(&short), Some(1000.0)), 7); // 0.01 s expected: 25 fit
        let long = (100.0, vec![0.01, 0.02, 0.03]);
        assert_eq!(plan.rounds(Some(&long), Some(400.0)), 4); // median 0.02 s x 4: 4 fit
        assert_eq!(plan.rounds(Some(&long), Some(1000.0)), 3); // 0.2 s: 2 fit, at least 3
    }

    #[test]
    fn trees() {
        let v = parse_json("[3, 9, 20, null, null, 15, 7]").unwrap();
        let shape = shape_from_level_order(&v).unwrap();
        assert_eq!(shape_to_level_order(shape.as_ref()), v);
    }
}
