//! Pure. The only place that calls the YAML library: parses manifest text into a [`Node`]
//! tree that keeps the line and column of every key and value, and turns it into JSON for
//! typed deserialisation once the structure has been checked.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A 1-based line and column in one manifest file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

/// A YAML value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub at: Position,
    /// Byte offset and length of a scalar's text in the source (quotes included), so that
    /// messages can show what was written (`off`, not `false`).
    pub span: (u32, u32),
    pub value: NodeValue,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in source order; duplicate keys are kept so both places can be reported.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub at: Position,
}

/// A YAML syntax error (or a file the reader refuses) with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub at: Position,
    pub message: String,
    pub hint: Option<String>,
}

/// Most YAML values (scalars, lists and maps) one manifest file may hold. A manifest of
/// 100,000 accounts has about 2 million; the limit keeps a runaway file from using gigabytes.
pub const MAX_NODES: usize = 10_000_000;
/// Deepest nesting of lists and maps in one file. A manifest needs five (the top map,
/// `users`, a person, `accounts`, an account, `custom_fields`); reading deeper nesting costs
/// stack, so absurd nesting is refused early.
pub const MAX_DEPTH: usize = 20;
/// Most values aliases (`*name`) may expand to in one file: plenty for an anchored list of
/// skill groups reused on every account, far below what an alias bomb asks for.
pub const MAX_ALIAS_EXPANSION: usize = 2_000_000;
/// Most bytes of text (all scalars together) in one file.
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;

/// Parses one YAML document. An empty document (nothing, or only comments) is an empty map.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if is_blank(text) {
        return Ok(Node {
            at: Position { line: 1, column: 1 },
            span: (0, 0),
            value: NodeValue::Map(Vec::new()),
        });
    }
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::PassThrough,
        // `.nan` and `.inf` become numbers, refused by the structure check where they are
        // written, so they do not hide the file's other problems.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
        with_snippet: false,
        budget: Some(budget()),
        alias_limits: alias_limits(),
    };
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|error| {
        let at = error
            .location()
            .map(|location| Position {
                line: location.line(),
                column: location.column(),
            })
            .unwrap_or(Position { line: 1, column: 1 });
        let (message, hint) = explain(&error);
        SyntaxError { at, message, hint }
    })
}

fn budget() -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = MAX_NODES;
    budget.max_events = 2 * MAX_NODES;
    budget.max_depth = MAX_DEPTH;
    budget.max_total_scalar_bytes = MAX_TEXT_BYTES;
    // Aliases are bounded by what they expand to (`MAX_ALIAS_EXPANSION`), not by how many
    // there are: one anchored list of skill groups used on every account is fine.
    budget.max_aliases = MAX_NODES;
    budget.max_anchors = MAX_NODES;
    budget.max_recorded_anchor_events = MAX_ALIAS_EXPANSION;
    budget.enforce_alias_anchor_ratio = false;
    budget
}

fn alias_limits() -> serde_saphyr::options::AliasLimits {
    let mut limits = serde_saphyr::options::AliasLimits::default();
    limits.max_total_replayed_events = MAX_ALIAS_EXPANSION;
    limits
}

/// Whether the text holds no YAML value: only blank lines, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

const SPLIT_HINT: &str = "split the manifest into several files in one directory; `-f` takes a directory and merges every `*.yaml` in it";

/// The message and hint for an error of the YAML library, in the manifest's terms.
fn explain(error: &serde_saphyr::Error) -> (String, Option<String>) {
    use serde_saphyr::Error;
    use serde_saphyr::budget::BudgetBreach;
    let mut error = error.without_snippet();
    while let Error::AliasError { error: inner, .. } = error {
        error = inner.without_snippet();
    }
    let limit = |what: String, hint: &str| (what, Some(hint.to_string()));
    match error {
        Error::MultipleDocuments { .. } => limit(
            "a second YAML document starts here (after `---`); a manifest file holds one document"
                .into(),
            "put each document in a file of its own; `-f` takes a directory and merges every `*.yaml` in it",
        ),
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => limit(
                format!(
                    "lists and maps nested more than {MAX_DEPTH} levels deep (usersync's limit); a manifest needs 6"
                ),
                "check the brackets and the indentation here",
            ),
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => limit(
                format!(
                    "the file holds more than {} YAML values (usersync's limit for one file)",
                    thousands(MAX_NODES)
                ),
                SPLIT_HINT,
            ),
            BudgetBreach::ScalarBytes { .. } => limit(
                format!(
                    "the file holds more than {} MiB of text (usersync's limit for one file)",
                    MAX_TEXT_BYTES >> 20
                ),
                SPLIT_HINT,
            ),
            BudgetBreach::RecordedAnchorEvents { .. }
            | BudgetBreach::RecordedAnchorBytes { .. }
            | BudgetBreach::Aliases { .. }
            | BudgetBreach::Anchors { .. } => alias_limit(),
            other => limit(
                format!("the file exceeds a limit of the YAML reader ({other:?})"),
                SPLIT_HINT,
            ),
        },
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => alias_limit(),
        Error::InvalidScalar { ty, .. } => (
            format!(
                "the value does not read as the {} its tag (`!!…`) names",
                rust_type(ty)
            ),
            Some("remove the tag, or write a value of that type".into()),
        ),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => (
            format!("found {}, expected {expected}", serde_kind(unexpected)),
            None,
        ),
        other => (first_line(&other.to_string()), None),
    }
}

/// A Rust type in the manifest's words (`u64` → `integer`).
fn rust_type(ty: &str) -> &str {
    match ty {
        "bool" => "boolean",
        "f32" | "f64" => "number",
        t if t.starts_with('u') || t.starts_with('i') => "integer",
        other => other,
    }
}

/// What serde found, in the manifest's words (`sequence` → `a list`).
fn serde_kind(found: &str) -> String {
    match found {
        "sequence" => "a list".into(),
        "map" => "a map".into(),
        other => other.to_string(),
    }
}

fn alias_limit() -> (String, Option<String>) {
    (
        format!(
            "anchors and aliases (`&name`, `*name`) in this file expand to more than {} values (usersync's limit for one file)",
            thousands(MAX_ALIAS_EXPANSION)
        ),
        Some("write the values out instead of nesting aliases, or split the manifest into several files".into()),
    )
}

/// `10,000,000`.
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The message alone: the library's first line repeats `error: line N column M:`, which
/// the caller shows as `file:line:column` already.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let line = line.strip_prefix("error: ").unwrap_or(line);
    let line = match line
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, rest)) if position.contains(" column ") => rest,
        _ => line,
    };
    // `… at line 3, column 19`
    match line.rsplit_once(" at line ") {
        Some((message, position))
            if position.contains(", column ")
                && position
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b", column".contains(&b)) =>
        {
            message.to_string()
        }
        _ => line.to_string(),
    }
}

/// Writes a manifest as YAML (for `export`); reading it back gives the same manifest.
pub fn to_yaml(manifest: &super::types::Manifest) -> Result<String, String> {
    serde_saphyr::to_string(manifest).map_err(|error| error.to_string())
}

impl NodeValue {
    /// What the value is, for messages: `a string`, `a map`, …
    pub fn kind(&self) -> &'static str {
        match self {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Int(_) => "an integer",
            NodeValue::Float(_) => "a number",
            NodeValue::Str(_) => "a string",
            NodeValue::Seq(_) => "a list",
            NodeValue::Map(_) => "a map",
        }
    }
}

impl Node {
    /// The value as JSON (the last of duplicate keys wins; duplicates are reported earlier).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(value) => Value::Bool(*value),
            NodeValue::Int(value) => i64::try_from(*value)
                .map(Value::from)
                .or_else(|_| u64::try_from(*value).map(Value::from))
                .unwrap_or_else(|_| Value::from(*value as f64)),
            NodeValue::Float(value) => Value::from(*value),
            NodeValue::Str(text) => Value::String(text.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, node)| (key.name.clone(), node.to_json()))
                    .collect(),
            ),
        }
    }

    /// A short rendering of a scalar for messages (`` `ONSITE` ``), or its kind.
    pub fn describe(&self) -> String {
        match &self.value {
            NodeValue::Str(text) => format!("`{text}`"),
            NodeValue::Bool(value) => format!("`{value}`"),
            NodeValue::Int(value) => format!("`{value}`"),
            NodeValue::Float(value) => format!("`{}`", float_text(*value)),
            other => other.kind().to_string(),
        }
    }

    /// What was written for a scalar, as it appears in `source` (quotes included).
    pub fn written<'t>(&self, source: &'t str) -> Option<&'t str> {
        let (offset, len) = (self.span.0 as usize, self.span.1 as usize);
        if len == 0 {
            return None;
        }
        source.get(offset..offset + len)
    }

    /// The scalar with its kind, for messages where the kind is the problem: ``the string
    /// `1` ``, ``the integer `8613800000001` ``, `a map`.
    pub fn describe_with_kind(&self) -> String {
        match &self.value {
            NodeValue::Str(_) => format!("the string {}", self.describe()),
            NodeValue::Bool(_) => format!("the boolean {}", self.describe()),
            NodeValue::Int(_) => format!("the integer {}", self.describe()),
            NodeValue::Float(_) => format!("the number {}", self.describe()),
            other => other.kind().to_string(),
        }
    }
}

/// A float as YAML writes it: `.nan`, `.inf` and `-.inf` for the values that are not numbers.
fn float_text(value: f64) -> String {
    if value.is_nan() {
        ".nan".into()
    } else if value.is_infinite() {
        if value > 0.0 { ".inf" } else { "-.inf" }.into()
    } else {
        value.to_string()
    }
}

fn position(spanned_at: &serde_saphyr::Location) -> Position {
    Position {
        line: spanned_at.line(),
        column: spanned_at.column(),
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<NodeValue>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let offset = span.byte_offset().and_then(|o| u32::try_from(o).ok());
        let len = span.byte_len().and_then(|l| u32::try_from(l).ok());
        Ok(Node {
            at: position(&spanned.referenced),
            span: offset.zip(len).unwrap_or_default(),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<KeyText>::deserialize(deserializer)?;
        Ok(Key {
            name: spanned.value.0,
            at: position(&spanned.referenced),
        })
    }
}

/// A scalar key of any type, as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key that is a name (text or a number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_string()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for NodeValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = NodeValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<NodeValue, E> {
        Ok(NodeValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<NodeValue, E> {
        Ok(NodeValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<NodeValue, D::Error> {
        NodeValue::deserialize(deserializer)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<NodeValue, E> {
        Ok(NodeValue::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeValue, E> {
        Ok(NodeValue::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeValue, E> {
        Ok(NodeValue::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<NodeValue, E> {
        Ok(NodeValue::Int(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NodeValue, E> {
        Ok(NodeValue::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeValue, E> {
        Ok(NodeValue::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<NodeValue, E> {
        Ok(NodeValue::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(NodeValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(NodeValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u64, column: u64) -> Position {
        Position { line, column }
    }

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let node = parse("users:\n  alice:\n    phone: '+86138'\n").expect("valid YAML");
        let NodeValue::Map(top) = &node.value else {
            panic!("not a map: {node:?}")
        };
        assert_eq!(top[0].0.at, at(1, 1));
        let NodeValue::Map(users) = &top[0].1.value else {
            panic!("users not a map")
        };
        assert_eq!(users[0].0.name, "alice");
        assert_eq!(users[0].0.at, at(2, 3));
        let NodeValue::Map(alice) = &users[0].1.value else {
            panic!("alice not a map")
        };
        assert_eq!(alice[0].0.at, at(3, 5));
        assert_eq!(alice[0].1.at, at(3, 12));
        assert_eq!(alice[0].1.value, NodeValue::Str("+86138".into()));
    }

    #[test]
    fn keeps_duplicate_keys() {
        let node = parse("a: 1\nb: 2\na: 3\n").expect("valid YAML");
        let NodeValue::Map(entries) = node.value else {
            panic!("not a map")
        };
        let names: Vec<_> = entries
            .iter()
            .map(|(k, _)| (k.name.as_str(), k.at.line))
            .collect();
        assert_eq!(names, [("a", 1), ("b", 2), ("a", 3)]);
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let error = parse("users:\n  alice: {display_name: 'Alice\n").unwrap_err();
        assert!(error.at.line >= 2, "{error:?}");
        assert!(!error.message.is_empty());
    }

    #[test]
    fn manifests_round_trip_through_yaml() {
        let text = include_str!("../../tests/fixtures/manifests/ok-four-providers.yaml");
        let source = |text: String| super::super::Source {
            name: "m.yaml".into(),
            text,
        };
        let (first, problems) = super::super::load::load(&[source(text.into())]);
        assert!(problems.is_empty(), "{problems:?}");
        let written = to_yaml(&first.manifest).expect("serialises");
        let (second, problems) = super::super::load::load(&[source(written.clone())]);
        assert!(problems.is_empty(), "{problems:?}\n{written}");
        assert_eq!(first.manifest, second.manifest);
        assert!(!first.manifest.users.is_empty());
    }

    #[test]
    fn unquoted_plus_number_is_an_integer() {
        let node = parse("phone: +8613800000001\n").expect("valid YAML");
        let NodeValue::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[0].1.value, NodeValue::Int(8613800000001));
    }
}
