//! Pure. Writes a manifest the way people write one by hand: the schema comment first, block
//! mappings two spaces deep in the manifest types' field order, lists of scalars in flow style
//! (`[Sales, 102]`), a blank line between sections and between people. A string is written
//! plain only when every YAML reader takes it back as that same string; otherwise it is
//! double-quoted (`"+8613800000001"`, `"000123"`, `"off"`, `"a: b"`, `" padded"`). The same
//! manifest always gives the same bytes. Never reads or writes files.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use crate::manifest::types::{Manifest, Person};
use crate::manifest::yaml::{self, NodeValue};

/// What a document starts with: where the schema comment points, and the order the
/// manifest declared its providers in (kept; providers it does not name follow by name).
#[derive(Clone, Copy, Debug)]
pub struct Header<'a> {
    pub schema: &'a str,
    pub provider_order: &'a [String],
}

/// The whole document: schema comment, `version`, `providers` (if any), `users` (if any).
pub fn document(manifest: &Manifest, header: &Header) -> String {
    let json = serde_json::to_value(manifest).expect("manifests serialise");
    let mut out = format!(
        "# yaml-language-server: $schema={}\nversion: {}\n",
        header.schema, manifest.version
    );
    if let Some(providers) = json.get("providers").and_then(Json::as_object) {
        let mut ordered = Map::new();
        for name in header.provider_order {
            if let Some(config) = providers.get(name) {
                ordered.insert(name.clone(), config.clone());
            }
        }
        for (name, config) in providers {
            ordered
                .entry(name.clone())
                .or_insert_with(|| config.clone());
        }
        out.push_str("\nproviders:\n");
        block(&mut out, 1, &ordered);
    }
    if let Some(users) = json.get("users").and_then(Json::as_object) {
        out.push_str("\nusers:\n");
        people(&mut out, users);
    }
    out
}

/// Person entries alone, indented to be pasted under a manifest's `users:`.
pub fn entries(users: &BTreeMap<String, Person>) -> String {
    let json = serde_json::to_value(users).expect("people serialise");
    let mut out = String::new();
    if let Some(users) = json.as_object() {
        people(&mut out, users);
    }
    out
}

/// People one level deep, a blank line between two.
fn people(out: &mut String, users: &Map<String, Json>) {
    for (index, (name, person)) in users.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let mut one = Map::new();
        one.insert(name.clone(), person.clone());
        block(out, 1, &one);
    }
}

/// A block mapping at `depth` (two spaces a level).
fn block(out: &mut String, depth: usize, map: &Map<String, Json>) {
    let indent = "  ".repeat(depth);
    for (key, value) in map {
        out.push_str(&indent);
        out.push_str(&scalar(key, false));
        out.push(':');
        match value {
            Json::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                block(out, depth + 1, inner);
                continue;
            }
            Json::Object(_) => out.push_str(" {}"),
            Json::Array(items) => {
                let items: Vec<String> = items.iter().map(flow).collect();
                out.push_str(&format!(" [{}]", items.join(", ")));
            }
            scalar_value => {
                out.push(' ');
                out.push_str(&flow_or_plain(scalar_value, false));
            }
        }
        out.push('\n');
    }
}

/// An item of a flow list.
fn flow(value: &Json) -> String {
    flow_or_plain(value, true)
}

fn flow_or_plain(value: &Json, in_flow: bool) -> String {
    match value {
        Json::Null => "null".into(),
        Json::Bool(flag) => flag.to_string(),
        Json::Number(number) => match number.as_f64() {
            // A rate of `8` reads back as `8.0`; write it as it was declared.
            Some(float) if number.is_f64() && float.fract() == 0.0 && float.abs() < 1e15 => {
                format!("{}", float as i64)
            }
            _ => number.to_string(),
        },
        Json::String(text) => scalar(text, in_flow),
        // The manifest nests no collections in lists; JSON is valid flow YAML if it ever does.
        nested => nested.to_string(),
    }
}

/// `text` as a YAML scalar: plain when that reads back as the same string, else quoted.
pub fn scalar(text: &str, in_flow: bool) -> String {
    if plain(text, in_flow) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Words some YAML reader (1.1 or 1.2) takes for a boolean, a null, a special number, the
/// 1.1 value key (`=`, which PyYAML refuses) or a merge key (`<<`).
const RESERVED: [&str; 15] = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", ".nan", "-.inf", "=",
    "<<",
];

fn plain(text: &str, in_flow: bool) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
        return false;
    };
    let special =
        |c: char| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}');
    let plain = !first.is_whitespace()
        && !last.is_whitespace()
        && !"-?:,[]{}#&*!|>'\"%@`.+".contains(first)
        // Anything that starts like a number is quoted: ints, floats, octal, dates, times.
        && !first.is_ascii_digit()
        && !text.chars().any(special)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !(in_flow && text.contains([',', '[', ']', '{', '}']))
        && !RESERVED.iter().any(|word| text.eq_ignore_ascii_case(word));
    plain && reads_back(text, in_flow)
}

/// Whether the reader takes `text`, written plain, back as the string `text`.
fn reads_back(text: &str, in_flow: bool) -> bool {
    let document = if in_flow {
        format!("k: [{text}]\n")
    } else {
        format!("k: {text}\n")
    };
    let Ok(node) = yaml::parse(&document) else {
        return false;
    };
    let NodeValue::Map(entries) = node.value else {
        return false;
    };
    let value = match (&entries[..], in_flow) {
        ([(_, value)], false) => &value.value,
        ([(_, list)], true) => match &list.value {
            NodeValue::Seq(items) if items.len() == 1 => &items[0].value,
            _ => return false,
        },
        _ => return false,
    };
    matches!(value, NodeValue::Str(read) if read == text)
}

/// A double-quoted scalar, with YAML's escapes.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
