//! Pure. Checks a parsed YAML tree against the JSON schema generated from the manifest types,
//! collecting every problem with its position (serde would stop at the first), and drops the
//! broken entries from the tree so that the rest of the file can still be read and checked.
//! The schema is compiled once into [`Schema`] (references resolved, properties listed);
//! the subset of JSON Schema that schemars emits for these types is understood: `$ref`,
//! `type`, `const`, `oneOf`/`anyOf`, `properties`, `additionalProperties`, `required`,
//! `items`, `minimum`, `format` (`uint32`, `uint64`). A field's path is written out only for a
//! problem.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::Value;

mod schema;

pub use schema::Schema;
use schema::{Additional, Shape, ShapeId, Typed};

use super::diagnostic::{Diagnostic, did_you_mean, did_you_mean_value, path_key, quoted_list};
use super::yaml::{Position, Tree, TreeKey, TreeValue};
use crate::model::Origin;

/// The problems found, and the dotted paths of the entries dropped from the tree.
#[derive(Debug, Default)]
pub struct Checked {
    pub problems: Vec<Diagnostic>,
    /// Entries dropped because they were broken (already reported): later checks must not
    /// report them again, e.g. as missing.
    pub dropped: Vec<String>,
}

/// Checks `node` (parsed from `source`) against `schema`, reports every problem and drops
/// the broken entries from `node`.
pub fn check(node: &mut Tree, schema: &Schema, file: &str, source: &str) -> Checked {
    let mut walker = Walker {
        schema,
        file,
        source,
        path: String::new(),
        out: Vec::new(),
        dropped: Vec::new(),
    };
    let at = node.at;
    if walker.check(node, schema.root, at) {
        // The whole file is unusable (not a map): nothing of it is read further.
        node.value = TreeValue::Map(Vec::new());
    }
    Checked {
        problems: walker.out,
        dropped: walker.dropped,
    }
}

struct Walker<'s> {
    schema: &'s Schema,
    file: &'s str,
    source: &'s str,
    /// The dotted path of the value being checked (`users.alice.accounts.cic`).
    path: String,
    out: Vec<Diagnostic>,
    dropped: Vec<String>,
}

impl<'s> Walker<'s> {
    fn origin(&self, at: Position) -> Origin {
        Origin {
            file: self.file.to_string(),
            line: u64::from(at.line),
            column: u64::from(at.column),
        }
    }

    fn error(&mut self, at: Position, message: String) -> &mut Diagnostic {
        let origin = self.origin(at);
        self.out
            .push(Diagnostic::new(origin, self.path.clone(), message));
        self.out.last_mut().expect("just pushed")
    }

    /// Checks one value. `owner` is where the entry holding it was written (its key), for
    /// problems of the value as a whole such as a missing key. Returns whether the value is
    /// broken, so that its entry must be dropped.
    fn check(&mut self, node: &mut Tree, shape: ShapeId, owner: Position) -> bool {
        let schema = self.schema;
        match &schema.shapes[shape] {
            Shape::Enum(values) => self.check_enum(node, values),
            Shape::Branches(branches) => self.check_branches(node, branches, owner),
            Shape::Const(expected) => {
                if const_matches(node, expected) {
                    return false;
                }
                let found = self.found(node, json_type(expected));
                self.error(
                    node.at,
                    format!("found {found}, expected `{}`", display(expected)),
                );
                true
            }
            Shape::Typed(typed) => self.check_typed(node, typed, owner),
        }
    }

    fn check_typed(&mut self, node: &mut Tree, typed: &'s Typed, owner: Position) -> bool {
        if !self.check_type(node, typed) {
            return true;
        }
        if let TreeValue::Float(value) = node.value
            && !value.is_finite()
        {
            let found = node.describe();
            self.error(node.at, format!("found {found}, expected a finite number"));
            return true;
        }
        let at = node.at;
        match &mut node.value {
            TreeValue::Map(entries) => self.check_map(entries, typed, owner),
            TreeValue::Seq(items) => {
                let Some(item_shape) = typed.items else {
                    return false;
                };
                let mut broken = false;
                let length = self.path.len();
                for (index, item) in items.iter_mut().enumerate() {
                    let _ = write!(self.path, "[{index}]");
                    let item_at = item.at;
                    broken |= self.check(item, item_shape, item_at);
                    self.path.truncate(length);
                }
                broken
            }
            TreeValue::Int(value) => self.check_integer(*value, at, typed),
            _ => false,
        }
    }

    fn check_integer(&mut self, value: i128, at: Position, typed: &Typed) -> bool {
        if let Some(minimum) = typed.minimum
            && (value as f64) < minimum
        {
            self.error(
                at,
                format!("found `{value}`, expected a number of at least {minimum}"),
            );
            return true;
        }
        if let Some(maximum) = typed.maximum
            && value > maximum
        {
            self.error(
                at,
                format!("found `{value}`, expected a number of at most {maximum}"),
            );
            return true;
        }
        false
    }

    /// An enumeration gives one "expected one of" message.
    fn check_enum(&mut self, node: &Tree, values: &[Value]) -> bool {
        if values.iter().any(|c| const_matches(node, c)) {
            return false;
        }
        let names: Vec<String> = values.iter().map(display).collect();
        let found = self.found(node, values.first().and_then(json_type));
        let hint = match &node.value {
            TreeValue::Str(text) => did_you_mean_value(text, names.iter().map(String::as_str)),
            _ => self.quote_hint(node),
        };
        let diagnostic = self.error(
            node.at,
            format!(
                "found {found}, expected one of {}",
                quoted_list(names.iter().map(String::as_str))
            ),
        );
        diagnostic.hint = hint;
        true
    }

    /// Branches (an optional value, a name or an id) are told apart by type: the branch of
    /// the value's type reports its problems (and drops its broken entries); when no branch
    /// has the value's type, one message says which types are allowed.
    fn check_branches(&mut self, node: &mut Tree, branches: &[ShapeId], owner: Position) -> bool {
        if let Some(branch) = branches
            .iter()
            .copied()
            .find(|branch| self.has_type_of(*branch, &node.value))
        {
            return self.check(node, branch, owner);
        }
        let others: Vec<ShapeId> = branches
            .iter()
            .copied()
            .filter(|branch| {
                self.schema
                    .typed(*branch)
                    .is_none_or(|typed| typed.types != ["null"])
            })
            .collect();
        let plain = others.iter().all(|branch| {
            self.schema
                .typed(*branch)
                .is_some_and(|typed| !typed.types.is_empty())
        });
        match others.first() {
            Some(first) if !plain => self.check(node, *first, owner),
            _ => {
                let types: Vec<String> = others
                    .iter()
                    .filter_map(|branch| self.schema.typed(*branch))
                    .flat_map(|typed| typed.types.iter().cloned())
                    .filter(|t| t != "null")
                    .collect();
                self.type_mismatch(node, &types);
                true
            }
        }
    }

    /// Whether a shape accepts values of the type of `value`.
    fn has_type_of(&self, shape: ShapeId, value: &TreeValue) -> bool {
        match &self.schema.shapes[shape] {
            Shape::Branches(branches) => branches.iter().any(|b| self.has_type_of(*b, value)),
            Shape::Enum(values) => values
                .iter()
                .any(|c| json_type(c).is_some_and(|t| type_matches(t, value))),
            Shape::Const(expected) => json_type(expected).is_some_and(|t| type_matches(t, value)),
            Shape::Typed(typed) => typed.types.iter().any(|t| type_matches(t, value)),
        }
    }

    fn check_type(&mut self, node: &Tree, typed: &Typed) -> bool {
        if typed.types.is_empty() || typed.types.iter().any(|t| type_matches(t, &node.value)) {
            return true;
        }
        // An integer too large for any integer type, which YAML reads as a float.
        if let TreeValue::Float(_) = node.value
            && typed.types.iter().any(|t| t == "integer")
            && let Some(written) = node.written(self.source)
            && !written.is_empty()
            && written.bytes().all(|b| b.is_ascii_digit())
        {
            let written = written.to_string();
            self.error(
                node.at,
                format!(
                    "found `{written}`, expected a number of at most {}",
                    u64::MAX
                ),
            );
            return false;
        }
        self.type_mismatch(node, &typed.types);
        false
    }

    fn type_mismatch(&mut self, node: &Tree, types: &[String]) {
        let expected: Vec<&str> = types
            .iter()
            .filter(|t| *t != "null")
            .map(|t| type_name(t))
            .collect();
        let found = self.found(node, None);
        let hint = if types.iter().any(|t| t == "string") {
            self.quote_hint(node)
        } else {
            unquote_hint(node, types)
        };
        let diagnostic = self.error(
            node.at,
            format!("found {found}, expected {}", expected.join(" or ")),
        );
        diagnostic.hint = hint;
    }

    /// What was found, for a message: the value, with its kind when `expected` (a JSON
    /// type) is not its kind, and how YAML read it when that is a surprise (`off` is false).
    fn found(&self, node: &Tree, expected: Option<&str>) -> String {
        if expected.is_some_and(|t| type_matches(t, &node.value)) {
            return node.describe();
        }
        if let TreeValue::Int(_) | TreeValue::Float(_) = node.value
            && let Some(written) = node.written(self.source)
        {
            // As written: `007`, not `7`; `1e3`, not `1000`.
            return format!("the number `{written}`");
        }
        if let TreeValue::Bool(value) = node.value
            && let Some(written) = node.written(self.source)
            && !written.eq_ignore_ascii_case("true")
            && !written.eq_ignore_ascii_case("false")
        {
            return format!(
                "the boolean `{value}` (YAML reads an unquoted `{written}` as {value})"
            );
        }
        node.describe_with_kind()
    }

    /// For a number or boolean where text belongs: quote it, as written. A phone written
    /// without its `+` and country code gets an example of the form.
    fn quote_hint(&self, node: &Tree) -> Option<String> {
        if !matches!(
            node.value,
            TreeValue::Int(_) | TreeValue::Float(_) | TreeValue::Bool(_)
        ) {
            return None;
        }
        let written = node.written(self.source).map(str::to_string);
        let written = written.unwrap_or_else(|| node.describe().trim_matches('`').to_string());
        if self.path.rsplit('.').next() == Some("phone") && !written.starts_with('+') {
            return Some(
                "write it in quotes with its country code, e.g. \"+8613800000001\"".into(),
            );
        }
        Some(format!(
            "write \"{written}\" in quotes so YAML keeps it as text"
        ))
    }

    fn check_map(
        &mut self,
        entries: &mut Vec<(TreeKey, Tree)>,
        typed: &'s Typed,
        owner: Position,
    ) -> bool {
        let mut dropping = vec![false; entries.len()];
        for (index, first) in defined_twice(entries) {
            let related = self.origin(first);
            let (key, _) = &entries[index];
            let (at, name) = (key.at, key.name.to_string());
            let length = self.path.len();
            push_key(&mut self.path, &name);
            let diagnostic = self.error(at, "defined twice".into());
            diagnostic.related = Some(related);
            diagnostic.hint = Some("keep one definition; merge the two entries".into());
            self.path.truncate(length);
            dropping[index] = true;
        }
        let mut broken = false;
        for (index, (key, value)) in entries.iter_mut().enumerate() {
            if dropping[index] {
                continue;
            }
            let length = self.path.len();
            push_key(&mut self.path, &key.name);
            let property = typed
                .properties
                .iter()
                .find(|(name, _)| *name == key.name)
                .map(|(_, shape)| *shape);
            let child_broken = match (property, &typed.additional) {
                (Some(shape), _) | (None, &Additional::Shape(shape)) => {
                    self.check(value, shape, key.at)
                }
                (None, Additional::Forbidden) => {
                    self.unknown_key(key, typed);
                    true
                }
                (None, Additional::Any | Additional::Later) => false,
            };
            if child_broken {
                dropping[index] = true;
                broken |= typed.required.iter().any(|r| *r == key.name);
                self.dropped.push(self.path.clone());
            }
            self.path.truncate(length);
        }
        for required in &typed.required {
            if !entries.iter().any(|(key, _)| key.name == *required) {
                self.error(owner, format!("missing required key `{required}`"));
                broken = true;
            }
        }
        let mut index = 0;
        entries.retain(|_| {
            index += 1;
            !dropping[index - 1]
        });
        broken
    }

    fn unknown_key(&mut self, key: &TreeKey, typed: &Typed) {
        let allowed: Vec<&str> = typed.properties.iter().map(|(n, _)| n.as_str()).collect();
        let suggestion = did_you_mean(&key.name, allowed.iter().copied());
        let listing = format!("allowed keys: {}", quoted_list(allowed.iter().copied()));
        let diagnostic = self.error(key.at, format!("unknown key `{}`", key.name));
        diagnostic.hint = Some(match suggestion {
            Some(suggestion) => format!("{suggestion} {listing}"),
            None => listing,
        });
    }
}

/// The entries whose key an earlier entry has, with where that one is.
fn defined_twice(entries: &[(TreeKey, Tree)]) -> Vec<(usize, Position)> {
    let mut twice = Vec::new();
    if entries.len() <= 16 {
        for (index, (key, _)) in entries.iter().enumerate() {
            if let Some((first, _)) = entries[..index].iter().find(|(k, _)| k.name == key.name) {
                twice.push((index, first.at));
            }
        }
        return twice;
    }
    let mut first_at: HashMap<&str, Position> = HashMap::with_capacity(entries.len());
    for (index, (key, _)) in entries.iter().enumerate() {
        match first_at.get(&*key.name) {
            Some(first) => twice.push((index, *first)),
            None => {
                first_at.insert(&key.name, key.at);
            }
        }
    }
    twice
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(&path_key(key));
}

/// For quoted text where a number or boolean belongs: write it without quotes.
fn unquote_hint(node: &Tree, types: &[String]) -> Option<String> {
    let TreeValue::Str(text) = &node.value else {
        return None;
    };
    let reads_as = |t: &str| match t {
        "integer" => text.parse::<i128>().is_ok(),
        "number" => text.parse::<f64>().is_ok_and(f64::is_finite),
        "boolean" => text == "true" || text == "false",
        _ => false,
    };
    types
        .iter()
        .any(|t| reads_as(t))
        .then(|| format!("write {text} without quotes"))
}

/// The JSON type of a constant.
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::Null => Some("null"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        Value::String(_) => Some("string"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
    }
}

/// Whether a scalar equals a constant of the schema.
fn const_matches(node: &Tree, expected: &Value) -> bool {
    match (&node.value, expected) {
        (TreeValue::Null, Value::Null) => true,
        (TreeValue::Bool(found), Value::Bool(expected)) => found == expected,
        (TreeValue::Str(found), Value::String(expected)) => found == expected,
        (TreeValue::Int(found), Value::Number(expected)) => {
            expected.as_i64().map(i128::from) == Some(*found)
                || expected.as_u64().map(i128::from) == Some(*found)
        }
        (TreeValue::Float(found), Value::Number(expected)) => expected.as_f64() == Some(*found),
        _ => false,
    }
}

fn type_matches(expected: &str, value: &TreeValue) -> bool {
    matches!(
        (expected, value),
        ("null", TreeValue::Null)
            | ("boolean", TreeValue::Bool(_))
            | ("integer", TreeValue::Int(_))
            | ("number", TreeValue::Int(_) | TreeValue::Float(_))
            | ("string", TreeValue::Str(_))
            | ("array", TreeValue::Seq(_))
            | ("object", TreeValue::Map(_))
    )
}

fn type_name(json_type: &str) -> &str {
    match json_type {
        "boolean" => "a boolean (true or false)",
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "array" => "a list",
        "object" => "a map",
        other => other,
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
