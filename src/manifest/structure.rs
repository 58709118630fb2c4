//! Pure. Checks a parsed YAML tree against the JSON schema generated from the manifest types,
//! collecting every problem with its position (serde would stop at the first). Handles the
//! subset of JSON Schema that schemars emits for these types: `$ref`, `type`, `const`,
//! `oneOf`/`anyOf`, `properties`, `additionalProperties`, `required`, `items`, `minimum`.

use serde_json::{Map, Value};

use super::diagnostic::{Diagnostic, did_you_mean, quoted_list};
use super::yaml::{Node, NodeValue, Position};
use crate::model::Origin;

/// The problems found, and the entries to drop (by key position) so that the rest of the
/// file can still be read and checked further.
#[derive(Debug, Default)]
pub struct Checked {
    pub problems: Vec<Diagnostic>,
    pub prune: Vec<Position>,
}

/// Checks `node` against `root` (a whole generated schema) and returns every problem.
pub fn check(node: &Node, root: &Value, file: &str) -> Checked {
    let mut walker = Walker::new(root, file);
    walker.check(node, root, "");
    Checked {
        problems: walker.out,
        prune: walker.prune,
    }
}

/// Drops the map entries whose keys are at `positions`.
pub fn prune(node: &mut Node, positions: &[Position]) {
    match &mut node.value {
        NodeValue::Map(entries) => {
            entries.retain(|(key, _)| !positions.contains(&key.at));
            entries
                .iter_mut()
                .for_each(|(_, value)| prune(value, positions));
        }
        NodeValue::Seq(items) => items.iter_mut().for_each(|item| prune(item, positions)),
        _ => {}
    }
}

struct Walker<'a> {
    root: &'a Value,
    file: &'a str,
    out: Vec<Diagnostic>,
    prune: Vec<Position>,
    /// Set when the map just checked lacks a required key: its own entry must go.
    prune_parent: bool,
}

impl<'a> Walker<'a> {
    fn new(root: &'a Value, file: &'a str) -> Self {
        Walker {
            root,
            file,
            out: Vec::new(),
            prune: Vec::new(),
            prune_parent: false,
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

    fn check(&mut self, node: &Node, schema: &'a Value, path: &str) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            self.check_branches(node, branches, path);
            return;
        }
        if let Some(expected) = schema.get("const") {
            if node.to_json() != *expected {
                self.error(
                    node.at,
                    path,
                    format!(
                        "found {}, expected `{}`",
                        node.describe(),
                        display(expected)
                    ),
                );
            }
            return;
        }
        if !self.check_type(node, schema, path) {
            return;
        }
        match &node.value {
            NodeValue::Map(entries) => self.check_map(entries, schema, path),
            NodeValue::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    let before = self.out.len();
                    for (index, item) in items.iter().enumerate() {
                        self.check(item, item_schema, &format!("{path}[{index}]"));
                    }
                    if self.out.len() > before {
                        self.prune_parent = true;
                    }
                }
            }
            NodeValue::Int(value) => {
                if let Some(minimum) = schema.get("minimum").and_then(Value::as_f64)
                    && (*value as f64) < minimum
                {
                    self.error(
                        node.at,
                        path,
                        format!("found `{value}`, expected a number of at least {minimum}"),
                    );
                }
            }
            _ => {}
        }
    }

    /// Enum-like branches (all `const`) give one "expected one of" message; other branches
    /// are tried in turn and the closest one's problems are reported.
    fn check_branches(&mut self, node: &Node, branches: &'a [Value], path: &str) {
        let resolved: Vec<&Value> = branches.iter().map(|b| self.resolve(b)).collect();
        let consts: Vec<&Value> = resolved.iter().filter_map(|b| b.get("const")).collect();
        if !consts.is_empty() && consts.len() == resolved.len() {
            let found = node.to_json();
            if !consts.contains(&&found) {
                let names: Vec<String> = consts.iter().map(|c| display(c)).collect();
                let hint = match &found {
                    Value::String(text) => did_you_mean(text, names.iter().map(String::as_str)),
                    _ => None,
                };
                let diagnostic = self.error(
                    node.at,
                    path,
                    format!(
                        "found {}, expected one of {}",
                        node.describe(),
                        quoted_list(names.iter().map(String::as_str))
                    ),
                );
                diagnostic.hint = hint;
            }
            return;
        }
        let mut best: Option<Walker> = None;
        for branch in resolved {
            let mut trial = Walker::new(self.root, self.file);
            trial.check(node, branch, path);
            if trial.out.is_empty() {
                return;
            }
            let type_matches = trial.out.iter().all(|d| !d.message.starts_with("found "))
                || branch.get("const").is_some();
            if best.is_none() || type_matches {
                best = Some(trial);
            }
        }
        // The closest branch's broken entries go too (those of an optional map nested in a
        // map), so that the rest of the file is still read.
        if let Some(best) = best {
            self.out.extend(best.out);
            self.prune.extend(best.prune);
            self.prune_parent |= best.prune_parent;
        }
    }

    fn check_type(&mut self, node: &Node, schema: &Value, path: &str) -> bool {
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(one)) => vec![one.as_str()],
            Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
            _ => return true,
        };
        if types.iter().any(|t| type_matches(t, &node.value)) {
            return true;
        }
        let expected: Vec<&str> = types
            .iter()
            .filter(|t| **t != "null")
            .map(|t| type_name(t))
            .collect();
        let diagnostic = self.error(
            node.at,
            path,
            format!(
                "found {}, expected {}",
                node.describe(),
                expected.join(" or ")
            ),
        );
        if types.contains(&"string")
            && matches!(
                node.value,
                NodeValue::Int(_) | NodeValue::Float(_) | NodeValue::Bool(_)
            )
        {
            diagnostic.hint =
                Some("quote the value so YAML keeps it as text, e.g. \"+8613800000001\"".into());
        }
        false
    }

    fn check_map(&mut self, entries: &[(super::yaml::Key, Node)], schema: &'a Value, path: &str) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut seen: Vec<(&str, Position)> = Vec::new();
        let mut prune_self = false;
        for (key, value) in entries {
            let child_path = join(path, &key.name);
            if let Some((_, first)) = seen.iter().find(|(name, _)| *name == key.name) {
                let related = self.origin(*first);
                self.error(key.at, &child_path, "defined twice".into())
                    .related = Some(related);
            } else {
                seen.push((&key.name, key.at));
            }
            let before = self.out.len();
            self.prune_parent = false;
            if let Some(child) = properties.and_then(|p| p.get(&key.name)) {
                self.check(value, child, &child_path);
            } else if let Some(Value::Bool(false)) = additional {
                self.unknown_key(key, properties, path);
            } else if let Some(child) = additional.filter(|a| a.is_object()) {
                self.check(value, child, &child_path);
            }
            let child_broken = std::mem::take(&mut self.prune_parent);
            if child_broken || self.out[before..].iter().any(|d| d.path == child_path) {
                self.prune.push(key.at);
                if required.contains(&key.name.as_str()) {
                    prune_self = true;
                }
            }
        }
        for required in required {
            if !entries.iter().any(|(key, _)| key.name == required) {
                let at = entries.first().map(|(key, _)| key.at).unwrap_or_default();
                self.error(at, path, format!("missing required key `{required}`"));
                prune_self = true;
            }
        }
        self.prune_parent = prune_self;
    }

    fn unknown_key(
        &mut self,
        key: &super::yaml::Key,
        properties: Option<&Map<String, Value>>,
        path: &str,
    ) {
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
