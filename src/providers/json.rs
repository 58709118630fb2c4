//! Pure. Lenient readers of response JSON: the documentation renders numbers as strings,
//! fields may be `null`, arrays may be missing, and an empty string means "not set".

use serde_json::Value as Json;

/// A non-empty string (or a number, as text).
pub fn text(object: &Json, key: &str) -> Option<String> {
    match object.get(key)? {
        Json::String(text) if !text.is_empty() => Some(text.clone()),
        Json::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// An unsigned integer given as a number or a numeric string.
pub fn number(object: &Json, key: &str) -> Option<u64> {
    match object.get(key)? {
        Json::Number(number) => number.as_u64(),
        Json::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A signed integer given as a number or a numeric string.
pub fn integer(object: &Json, key: &str) -> Option<i64> {
    match object.get(key)? {
        Json::Number(number) => number.as_i64(),
        Json::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean given as `true`/`false` or as text in any case.
pub fn boolean(object: &Json, key: &str) -> Option<bool> {
    match object.get(key)? {
        Json::Bool(flag) => Some(*flag),
        Json::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
        Json::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The items of an array; a missing or `null` array is empty, anything else is an error.
pub fn array<'a>(object: &'a Json, key: &str) -> Result<&'a [Json], String> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(other) => Err(format!("`{key}` is not an array: {other}")),
    }
}

/// A nested object that must be present.
pub fn object<'a>(value: &'a Json, key: &str) -> Result<&'a Json, String> {
    match value.get(key) {
        Some(inner @ Json::Object(_)) => Ok(inner),
        _ => Err(format!("no `{key}` object in the response")),
    }
}
