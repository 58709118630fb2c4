//! Pure. The only place that calls the YAML library: parses manifest text into a [`Node`]
//! tree that borrows the text and keeps the line and column of every key and value (built
//! from the parser's events in `yaml/build.rs`, scalars read in `yaml/scalar.rs`), and
//! writes manifests back as YAML.

mod build;
mod scalar;

use std::borrow::Cow;

pub use crate::model::Position;

/// A YAML value with its position. Key names are `N`: owned strings by default, borrowed
/// from the text in the [`Tree`] the manifest pipeline reads (a manifest has hundreds of
/// thousands of keys).
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a, N = String> {
    pub at: Position,
    /// Byte range of a scalar's text in the source (quotes included), so that messages can
    /// show what was written (`off`, not `false`).
    pub span: (u32, u32),
    pub value: NodeValue<'a, N>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue<'a, N = String> {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    /// Text, borrowed from the source unless escapes or line folding changed it.
    Str(Cow<'a, str>),
    Seq(Vec<Node<'a, N>>),
    /// Entries in source order; duplicate keys are kept so both places can be reported.
    Map(Vec<(Key<N>, Node<'a, N>)>),
}

/// A mapping key with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key<N = String> {
    pub name: N,
    pub at: Position,
}

/// The tree the manifest pipeline reads: everything borrowed from the text that can be.
pub type Tree<'a> = Node<'a, Cow<'a, str>>;
pub type TreeValue<'a> = NodeValue<'a, Cow<'a, str>>;
pub type TreeKey<'a> = Key<Cow<'a, str>>;

/// A YAML syntax error (or a file the reader refuses) with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub at: Position,
    pub message: String,
    pub hint: Option<String>,
}

/// Most YAML values (scalars, lists and maps) one manifest file may hold. A file of 100,000
/// accounts has about 1.5 million; the limit keeps a runaway file from using gigabytes (a
/// value costs about 80 bytes).
pub const MAX_NODES: usize = 5_000_000;
/// Deepest nesting of lists and maps in one file. A manifest needs six (the top map,
/// `users`, a person, `accounts`, an account, `custom_fields`); absurd nesting is refused
/// early.
pub const MAX_DEPTH: usize = 20;
/// Most values aliases (`*name`) may expand to in one file: plenty for an anchored list of
/// skill groups reused on every account, far below what an alias bomb asks for.
pub const MAX_ALIAS_EXPANSION: usize = 1_000_000;

/// Parses one YAML document. An empty document (nothing, or only comments) is an empty map.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    read_as(text)
}

/// Parses one YAML document into the borrowing [`Tree`].
pub fn read(text: &str) -> Result<Tree<'_>, SyntaxError> {
    read_as(text)
}

fn read_as<'a, N: Name<'a>>(text: &'a str) -> Result<Node<'a, N>, SyntaxError> {
    if is_blank(text) {
        return Ok(Node {
            at: Position { line: 1, column: 1 },
            span: (0, 0),
            value: NodeValue::Map(Vec::new()),
        });
    }
    build::document(text)
}

/// A key name: made from the text the parser gives, read as text.
pub trait Name<'a>: AsRef<str> + From<Cow<'a, str>> + Clone {}

impl<'a, N: AsRef<str> + From<Cow<'a, str>> + Clone> Name<'a> for N {}

/// Whether the text holds no YAML value: only blank lines, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

const SPLIT_HINT: &str = "split the manifest into several files in one directory; `-f` takes a directory and merges every `*.yaml` in it";

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

/// Writes a manifest as YAML (for `export`); reading it back gives the same manifest.
pub fn to_yaml(manifest: &super::types::Manifest) -> Result<String, String> {
    serde_saphyr::to_string(manifest).map_err(|error| error.to_string())
}

impl<N> NodeValue<'_, N> {
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

impl<'a, N: AsRef<str>> Node<'a, N> {
    /// The text, when the value is text.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The entries, when the value is a map.
    pub fn entries(&self) -> &[(Key<N>, Node<'a, N>)] {
        match &self.value {
            NodeValue::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The value of key `name`, when the value is a map that has it (the first, if twice).
    pub fn get(&self, name: &str) -> Option<&Node<'a, N>> {
        self.entries()
            .iter()
            .find(|(key, _)| key.name.as_ref() == name)
            .map(|(_, value)| value)
    }

    /// The value as JSON (for typed deserialisation of small parts, e.g. a provider's
    /// configuration; the last of duplicate keys wins, duplicates are reported earlier).
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
            NodeValue::Str(text) => Value::String(text.to_string()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, node)| (key.name.as_ref().to_string(), node.to_json()))
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
        let (start, end) = (self.span.0 as usize, self.span.1 as usize);
        if end <= start {
            return None;
        }
        source.get(start..end)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Position {
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
        let read = |sources: &[super::super::Source]| {
            let (loaded, problems) = super::super::load::load(sources);
            assert!(problems.is_empty(), "{problems:?}");
            loaded.manifest
        };
        let first = read(&[source(text.into())]);
        let written = to_yaml(&first).expect("serialises");
        let second = read(&[source(written.clone())]);
        assert_eq!(first, second, "{written}");
        assert!(!first.users.is_empty());
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
