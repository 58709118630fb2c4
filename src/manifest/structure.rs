//! Pure. Checks a parsed YAML tree against the JSON schema generated from the manifest types,
//! collecting every problem with its position (serde would stop at the first), and drops the
//! broken entries from the tree so that the rest of the file can still be read and checked.
//! Handles the subset of JSON Schema that schemars emits for these types: `$ref`, `type`,
//! `const`, `oneOf`/`anyOf`, `properties`, `additionalProperties`, `required`, `items`,
//! `minimum`, `format` (`uint32`, `uint64`).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::diagnostic::{Diagnostic, did_you_mean, did_you_mean_value, quoted_list};
use super::yaml::{Key, Node, NodeValue, Position};
use crate::model::Origin;

/// The problems found, and the dotted paths of the entries dropped from the tree.
#[derive(Debug, Default)]
pub struct Checked {
    pub problems: Vec<Diagnostic>,
    /// Entries dropped because they were broken (already reported): later checks must not
    /// report them again, e.g. as missing.
    pub dropped: Vec<String>,
}

/// Checks `node` (parsed from `source`) against `root` (a whole generated schema), reports
/// every problem and drops the broken entries from `node`.
pub fn check(node: &mut Node, root: &Value, file: &str, source: &str) -> Checked {
    let mut walker = Walker::new(root, file, source);
    let at = node.at;
    if walker.check(node, root, "", at) {
        // The whole file is unusable (not a map): nothing of it is read further.
        node.value = NodeValue::Map(Vec::new());
    }
    Checked {
        problems: walker.out,
        dropped: walker.dropped,
    }
}

struct Walker<'a> {
    root: &'a Value,
    file: &'a str,
    source: &'a str,
    out: Vec<Diagnostic>,
    dropped: Vec<String>,
}

impl<'a> Walker<'a> {
    fn new(root: &'a Value, file: &'a str, source: &'a str) -> Self {
        Walker {
            root,
            file,
            source,
            out: Vec::new(),
            dropped: Vec::new(),
        }
    }

    fn origin(&self, at: Position) -> Origin {
        Origin {
            file: self.file.to_string(),
            line: at.line,
            column: at.column,
        }
    }

    fn error(&mut self, at: Position, path: &str, message: String) -> &mut Diagnostic {
        let origin = self.origin(at);
        self.out.push(Diagnostic::new(origin, path, message));
        self.out.last_mut().expect("just pushed")
    }

    fn resolve(&self, schema: &'a Value) -> &'a Value {
        let mut schema = schema;
        while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/$defs/");
            match self.root.get("$defs").and_then(|defs| defs.get(name)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    /// Checks one value. `owner` is where the entry holding it was written (its key), for
    /// problems of the value as a whole such as a missing key. Returns whether the value is
    /// broken, so that its entry must be dropped.
    fn check(&mut self, node: &mut Node, schema: &'a Value, path: &str, owner: Position) -> bool {
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            return self.check_branches(node, branches, path, owner);
        }
        if let Some(expected) = schema.get("const") {
            if !const_matches(node, expected) {
                let found = self.found(node, json_type(expected));
                self.error(
                    node.at,
                    path,
                    format!("found {found}, expected `{}`", display(expected)),
                );
                return true;
            }
            return false;
        }
        if !self.check_type(node, schema, path) {
            return true;
        }
        if let NodeValue::Float(value) = node.value
            && !value.is_finite()
        {
            let found = node.describe();
            self.error(
                node.at,
                path,
                format!("found {found}, expected a finite number"),
            );
            return true;
        }
        let at = node.at;
        match &mut node.value {
            NodeValue::Map(entries) => self.check_map(entries, schema, path, owner),
            NodeValue::Seq(items) => {
                let Some(item_schema) = schema.get("items") else {
                    return false;
                };
                let mut broken = false;
                for (index, item) in items.iter_mut().enumerate() {
                    let at = item.at;
                    broken |= self.check(item, item_schema, &format!("{path}[{index}]"), at);
                }
                broken
            }
            NodeValue::Int(value) => self.check_integer(*value, at, schema, path),
            _ => false,
        }
    }

    fn check_integer(&mut self, value: i128, at: Position, schema: &Value, path: &str) -> bool {
        if let Some(minimum) = schema.get("minimum").and_then(Value::as_f64)
            && (value as f64) < minimum
        {
            self.error(
                at,
                path,
                format!("found `{value}`, expected a number of at least {minimum}"),
            );
            return true;
        }
        let maximum = match schema.get("format").and_then(Value::as_str) {
            Some("uint32") => Some(i128::from(u32::MAX)),
            Some("uint64") => Some(i128::from(u64::MAX)),
            Some("int32") => Some(i128::from(i32::MAX)),
            Some("int64") => Some(i128::from(i64::MAX)),
            _ => None,
        };
        if let Some(maximum) = maximum
            && value > maximum
        {
            self.error(
                at,
                path,
                format!("found `{value}`, expected a number of at most {maximum}"),
            );
            return true;
        }
        false
    }

    /// Enum-like branches (all `const`) give one "expected one of" message. Other branches
    /// (an optional value, a name or an id) are told apart by type: the branch of the value's
    /// type reports its problems (and drops its broken entries); when no branch has the
    /// value's type, one message says which types are allowed.
    fn check_branches(
        &mut self,
        node: &mut Node,
        branches: &'a [Value],
        path: &str,
        owner: Position,
    ) -> bool {
        let resolved: Vec<&'a Value> = branches.iter().map(|b| self.resolve(b)).collect();
        let consts: Vec<&Value> = resolved.iter().filter_map(|b| b.get("const")).collect();
        if !consts.is_empty() && consts.len() == resolved.len() {
            if consts.iter().any(|c| const_matches(node, c)) {
                return false;
            }
            let names: Vec<String> = consts.iter().map(|c| display(c)).collect();
            let found = self.found(node, consts.first().and_then(|c| json_type(c)));
            let hint = match &node.value {
                NodeValue::Str(text) => did_you_mean_value(text, names.iter().map(String::as_str)),
                _ => self.quote_hint(node, path),
            };
            let diagnostic = self.error(
                node.at,
                path,
                format!(
                    "found {found}, expected one of {}",
                    quoted_list(names.iter().map(String::as_str))
                ),
            );
            diagnostic.hint = hint;
            return true;
        }
        let of_type = resolved
            .iter()
            .copied()
            .find(|branch| self.has_type_of(branch, &node.value));
        let branch = match of_type {
            Some(branch) => branch,
            None => {
                let others: Vec<&'a Value> = resolved
                    .iter()
                    .copied()
                    .filter(|branch| branch.get("type").and_then(Value::as_str) != Some("null"))
                    .collect();
                let plain = others.iter().all(|b| {
                    b.get("type").is_some() && b.get("const").is_none() && b.get("oneOf").is_none()
                });
                match others.first() {
                    Some(first) if !plain => *first,
                    _ => {
                        let types: Vec<&str> = others
                            .iter()
                            .flat_map(|b| schema_types(b))
                            .filter(|t| *t != "null")
                            .collect();
                        self.type_mismatch(node, &types, path);
                        return true;
                    }
                }
            }
        };
        self.check(node, branch, path, owner)
    }

    /// Whether `schema` (a branch) accepts values of the type of `value`.
    fn has_type_of(&self, schema: &'a Value, value: &NodeValue) -> bool {
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            return branches.iter().any(|b| self.has_type_of(b, value));
        }
        if let Some(expected) = schema.get("const") {
            return json_type(expected).is_some_and(|t| type_matches(t, value));
        }
        schema_types(schema).iter().any(|t| type_matches(t, value))
    }

    fn check_type(&mut self, node: &Node, schema: &Value, path: &str) -> bool {
        let types = schema_types(schema);
        if types.is_empty() || types.iter().any(|t| type_matches(t, &node.value)) {
            return true;
        }
        // An integer too large for any integer type, which YAML reads as a float.
        if let NodeValue::Float(_) = node.value
            && types.contains(&"integer")
            && let Some(written) = node.written(self.source)
            && !written.is_empty()
            && written.bytes().all(|b| b.is_ascii_digit())
        {
            self.error(
                node.at,
                path,
                format!(
                    "found `{written}`, expected a number of at most {}",
                    u64::MAX
                ),
            );
            return false;
        }
        self.type_mismatch(node, &types, path);
        false
    }

    fn type_mismatch(&mut self, node: &Node, types: &[&str], path: &str) {
        let expected: Vec<&str> = types
            .iter()
            .filter(|t| **t != "null")
            .map(|t| type_name(t))
            .collect();
        let found = self.found(node, None);
        let hint = if types.contains(&"string") {
            self.quote_hint(node, path)
        } else {
            self.unquote_hint(node, types)
        };
        let diagnostic = self.error(
            node.at,
            path,
            format!("found {found}, expected {}", expected.join(" or ")),
        );
        diagnostic.hint = hint;
    }

    /// What was found, for a message: the value, with its kind when `expected` (a JSON
    /// type) is not its kind, and how YAML read it when that is a surprise (`off` is false).
    fn found(&self, node: &Node, expected: Option<&str>) -> String {
        if expected.is_some_and(|t| type_matches(t, &node.value)) {
            return node.describe();
        }
        if let NodeValue::Int(_) | NodeValue::Float(_) = node.value
            && let Some(written) = node.written(self.source)
        {
            // As written: `007`, not `7`; `1e3`, not `1000`.
            return format!("the number `{written}`");
        }
        if let NodeValue::Bool(value) = node.value
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

    /// For a number or boolean where text belongs: quote it. A phone gets an example, as
    /// YAML also drops its `+`.
    fn quote_hint(&self, node: &Node, path: &str) -> Option<String> {
        if !matches!(
            node.value,
            NodeValue::Int(_) | NodeValue::Float(_) | NodeValue::Bool(_)
        ) {
            return None;
        }
        if path.rsplit('.').next() == Some("phone") {
            return Some(
                "quote the value so YAML keeps it as text, e.g. \"+8613800000001\"".into(),
            );
        }
        let written = node.written(self.source).map(str::to_string);
        let written = written.unwrap_or_else(|| node.describe().trim_matches('`').to_string());
        Some(format!(
            "write \"{written}\" in quotes so YAML keeps it as text"
        ))
    }

    /// For quoted text where a number or boolean belongs: write it without quotes.
    fn unquote_hint(&self, node: &Node, types: &[&str]) -> Option<String> {
        let NodeValue::Str(text) = &node.value else {
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

    fn check_map(
        &mut self,
        entries: &mut Vec<(Key, Node)>,
        schema: &'a Value,
        path: &str,
        owner: Position,
    ) -> bool {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut dropping = vec![false; entries.len()];
        let mut twice = Vec::new();
        {
            let mut first_at: HashMap<&str, Position> = HashMap::with_capacity(entries.len());
            for (index, (key, _)) in entries.iter().enumerate() {
                if let Some(first) = first_at.get(key.name.as_str()) {
                    twice.push((key.at, join(path, &key.name), *first));
                    dropping[index] = true;
                } else {
                    first_at.insert(&key.name, key.at);
                }
            }
        }
        for (at, child_path, first) in twice {
            let related = self.origin(first);
            let diagnostic = self.error(at, &child_path, "defined twice".into());
            diagnostic.related = Some(related);
            diagnostic.hint = Some("keep one definition; merge the two entries".into());
        }
        let mut broken = false;
        for (index, (key, value)) in entries.iter_mut().enumerate() {
            if dropping[index] {
                continue;
            }
            let child_path = join(path, &key.name);
            let child_broken = if let Some(child) = properties.and_then(|p| p.get(&key.name)) {
                self.check(value, child, &child_path, key.at)
            } else if let Some(Value::Bool(false)) = additional {
                self.unknown_key(key, properties, path);
                true
            } else if let Some(child) = additional.filter(|a| a.is_object()) {
                self.check(value, child, &child_path, key.at)
            } else {
                false
            };
            if child_broken {
                dropping[index] = true;
                broken |= required.contains(&key.name.as_str());
                self.dropped.push(child_path);
            }
        }
        for required in required {
            if !entries.iter().any(|(key, _)| key.name == required) {
                self.error(owner, path, format!("missing required key `{required}`"));
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

    fn unknown_key(&mut self, key: &Key, properties: Option<&Map<String, Value>>, path: &str) {
        let allowed: Vec<&str> = properties
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let suggestion = did_you_mean(&key.name, allowed.iter().copied());
        let listing = format!("allowed keys: {}", quoted_list(allowed.iter().copied()));
        let diagnostic = self.error(
            key.at,
            &join(path, &key.name),
            format!("unknown key `{}`", key.name),
        );
        diagnostic.hint = Some(match suggestion {
            Some(suggestion) => format!("{suggestion} {listing}"),
            None => listing,
        });
    }
}

/// The JSON types a schema allows (`["string", "null"]`), none when it does not say.
fn schema_types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
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
fn const_matches(node: &Node, expected: &Value) -> bool {
    match (&node.value, expected) {
        (NodeValue::Null, Value::Null) => true,
        (NodeValue::Bool(found), Value::Bool(expected)) => found == expected,
        (NodeValue::Str(found), Value::String(expected)) => found == expected,
        (NodeValue::Int(found), Value::Number(expected)) => {
            expected.as_i64().map(i128::from) == Some(*found)
                || expected.as_u64().map(i128::from) == Some(*found)
        }
        (NodeValue::Float(found), Value::Number(expected)) => expected.as_f64() == Some(*found),
        _ => false,
    }
}

fn type_matches(expected: &str, value: &NodeValue) -> bool {
    matches!(
        (expected, value),
        ("null", NodeValue::Null)
            | ("boolean", NodeValue::Bool(_))
            | ("integer", NodeValue::Int(_))
            | ("number", NodeValue::Int(_) | NodeValue::Float(_))
            | ("string", NodeValue::Str(_))
            | ("array", NodeValue::Seq(_))
            | ("object", NodeValue::Map(_))
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

/// `parent.child`, or `child` at the top.
pub fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}
