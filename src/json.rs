//! Pure. JSON as a response body holds it: [`JsonRef`], a value whose strings borrow from the
//! body (a page of 100 accounts is a few vectors, not thousands of strings and hash maps), and
//! the lenient readers of it: the documentation renders numbers as strings, fields may be
//! `null`, arrays may be missing, and an empty string means "not set".

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value borrowing its text from the bytes it was parsed from (owned only where the
/// text had escapes). An object keeps its entries in order, looked up by a scan: response
/// objects have a few dozen keys at most.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonRef<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Text(Cow<'a, str>),
    Array(Vec<JsonRef<'a>>),
    Object(Vec<(Cow<'a, str>, JsonRef<'a>)>),
}

impl<'a> JsonRef<'a> {
    /// Parses `body`, which must be one JSON value. The body is checked to be UTF-8 once, in
    /// one pass, rather than string by string (`serde_json` reading bytes checks each).
    pub fn parse(body: &'a [u8]) -> Result<JsonRef<'a>, serde_json::Error> {
        match std::str::from_utf8(body) {
            Ok(text) => serde_json::from_str(text),
            // Not UTF-8: reading the bytes says where, as JSON errors do.
            Err(_) => serde_json::from_slice(body),
        }
    }

    /// The value of `key` in an object (the first, should it repeat); `None` for anything
    /// else.
    pub fn get(&self, key: &str) -> Option<&JsonRef<'a>> {
        self.entries()?
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    /// Takes the value of `key` out of an object (the first, should it repeat).
    pub fn take(&mut self, key: &str) -> Option<JsonRef<'a>> {
        let JsonRef::Object(entries) = self else {
            return None;
        };
        let index = entries.iter().position(|(name, _)| name == key)?;
        Some(entries.swap_remove(index).1)
    }

    /// An object's entries in order.
    pub fn entries(&self) -> Option<&[(Cow<'a, str>, JsonRef<'a>)]> {
        match self {
            JsonRef::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            JsonRef::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, JsonRef::Object(_))
    }
}

impl fmt::Display for JsonRef<'_> {
    /// Compact JSON, as `serde_json` writes it (for messages about unexpected values).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = |text: &str| serde_json::to_string(text).map_err(|_| fmt::Error);
        match self {
            JsonRef::Null => f.write_str("null"),
            JsonRef::Bool(flag) => write!(f, "{flag}"),
            JsonRef::Number(number) => write!(f, "{number}"),
            JsonRef::Text(value) => f.write_str(&text(value)?),
            JsonRef::Array(items) => {
                f.write_str("[")?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            JsonRef::Object(entries) => {
                f.write_str("{")?;
                for (index, (name, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}:{value}", text(name)?)?;
                }
                f.write_str("}")
            }
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for JsonRef<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = JsonRef<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Self::Value, E> {
        Ok(JsonRef::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Self::Value, E> {
        Ok(JsonRef::Number(number.into()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Self::Value, E> {
        Ok(JsonRef::Number(number.into()))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(number).map_or(JsonRef::Null, JsonRef::Number))
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(JsonRef::Text(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(JsonRef::Text(Cow::Owned(text.to_string())))
    }

    fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
        Ok(JsonRef::Text(Cow::Owned(text)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(JsonRef::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(JsonRef::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        Deserialize::deserialize(inner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonRef::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(Key(name)) = map.next_key()? {
            entries.push((name, map.next_value()?));
        }
        Ok(JsonRef::Object(entries))
    }
}

/// An object's key, borrowed where it has no escapes (serde's own `Cow<str>` always copies).
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_str(ValueVisitor)? {
            JsonRef::Text(text) => Ok(Key(text)),
            _ => Err(de::Error::custom("an object key is not text")),
        }
    }
}

#[cfg(test)]
impl From<&serde_json::Value> for JsonRef<'static> {
    /// A copy of a `serde_json` value (answers the tests build with `json!`).
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => JsonRef::Null,
            Value::Bool(flag) => JsonRef::Bool(*flag),
            Value::Number(number) => JsonRef::Number(number.clone()),
            Value::String(text) => JsonRef::Text(Cow::Owned(text.clone())),
            Value::Array(items) => JsonRef::Array(items.iter().map(JsonRef::from).collect()),
            Value::Object(entries) => JsonRef::Object(
                entries
                    .iter()
                    .map(|(name, value)| (Cow::Owned(name.clone()), JsonRef::from(value)))
                    .collect(),
            ),
        }
    }
}

/// A non-empty string (or a number, as text), as the text type the caller keeps (`String`,
/// or a field value's `CompactString`, made from the borrowed text without a copy between).
pub fn text<T: for<'s> From<&'s str>>(object: &JsonRef, key: &str) -> Option<T> {
    match object.get(key)? {
        JsonRef::Text(text) if !text.is_empty() => Some(T::from(text)),
        JsonRef::Number(number) => Some(T::from(&number.to_string())),
        _ => None,
    }
}

/// An unsigned integer given as a number or a numeric string.
pub fn number(object: &JsonRef, key: &str) -> Option<u64> {
    match object.get(key)? {
        JsonRef::Number(number) => number.as_u64(),
        JsonRef::Text(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A signed integer given as a number or a numeric string.
pub fn integer(object: &JsonRef, key: &str) -> Option<i64> {
    match object.get(key)? {
        JsonRef::Number(number) => number.as_i64(),
        JsonRef::Text(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean given as `true`/`false` or as text in any case.
pub fn boolean(object: &JsonRef, key: &str) -> Option<bool> {
    match object.get(key)? {
        JsonRef::Bool(flag) => Some(*flag),
        JsonRef::Text(text) if text.eq_ignore_ascii_case("true") => Some(true),
        JsonRef::Text(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The items of an array; a missing or `null` array is empty, anything else is an error.
pub fn array<'v, 'a>(object: &'v JsonRef<'a>, key: &str) -> Result<&'v [JsonRef<'a>], String> {
    match object.get(key) {
        None | Some(JsonRef::Null) => Ok(&[]),
        Some(JsonRef::Array(items)) => Ok(items),
        Some(other) => Err(format!("`{key}` is not an array: {other}")),
    }
}

/// A nested object that must be present.
pub fn object<'v, 'a>(value: &'v JsonRef<'a>, key: &str) -> Result<&'v JsonRef<'a>, String> {
    match value.get(key) {
        Some(inner @ JsonRef::Object(_)) => Ok(inner),
        _ => Err(format!("no `{key}` object in the response")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_without_escapes_borrow_from_the_body() {
        let body = r#"{"Name":"\u5f20\u4e09","Nick":"张三","Id":7,"Tags":[1.5,null,true]}"#;
        let value = JsonRef::parse(body.as_bytes()).expect("JSON");
        assert!(matches!(
            value.get("Nick"),
            Some(JsonRef::Text(Cow::Borrowed("张三")))
        ));
        assert!(
            matches!(value.get("Name"), Some(JsonRef::Text(Cow::Owned(name))) if name == "张三")
        );
        assert_eq!(text::<String>(&value, "Id").as_deref(), Some("7"));
        assert_eq!(
            value.to_string(),
            r#"{"Name":"张三","Nick":"张三","Id":7,"Tags":[1.5,null,true]}"#
        );
        let keys: Vec<&str> = value
            .entries()
            .expect("object")
            .iter()
            .map(|(k, _)| &**k)
            .collect();
        assert_eq!(keys, ["Name", "Nick", "Id", "Tags"]);
        let mut value = value;
        assert_eq!(value.take("Id"), Some(JsonRef::Number(7.into())));
        assert_eq!(value.take("Id"), None);
        assert_eq!(
            value.to_string(),
            r#"{"Name":"张三","Nick":"张三","Tags":[1.5,null,true]}"#
        );
    }

    #[test]
    fn readers_are_lenient_about_forms() {
        let value = JsonRef::parse(
            br#"{"N":"12","B":"TRUE","E":"","Z":null,"A":[],"S":"x","I":-3,"O":{}}"#,
        )
        .expect("JSON");
        assert_eq!(number(&value, "N"), Some(12));
        assert_eq!(integer(&value, "I"), Some(-3));
        assert_eq!(number(&value, "I"), None);
        assert_eq!(boolean(&value, "B"), Some(true));
        assert_eq!(text::<String>(&value, "E"), None);
        assert_eq!(array(&value, "Z"), Ok(&[][..]));
        assert_eq!(array(&value, "Missing"), Ok(&[][..]));
        assert_eq!(
            array(&value, "S"),
            Err("`S` is not an array: \"x\"".to_string())
        );
        assert!(object(&value, "O").is_ok());
        assert!(object(&value, "A").is_err());
        assert!(JsonRef::parse(b"{\"a\":1} x").is_err());
        let error = JsonRef::parse(b"{\"a\":\"\xff\"}").expect_err("not UTF-8");
        assert!(error.to_string().contains("invalid unicode"), "{error}");
    }
}
