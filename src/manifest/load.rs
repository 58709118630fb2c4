//! Pure. Reads manifest files (already in memory) into one merged [`Manifest`], reporting every
//! syntax and structure problem of every file with its position, and keeps an index of where
//! each key and value was written so later checks can point at them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::diagnostic::Diagnostic;
use super::structure::{self, join};
use super::types::{Manifest, Person};
use super::yaml::{self, Node, NodeValue};
use crate::config::ProviderConfig;
use crate::model::Origin;

/// One manifest file's name (as shown in messages) and text.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// Where keys and values were written: dotted path → (key origin, value origin).
#[derive(Clone, Debug, Default)]
pub struct Positions {
    entries: HashMap<String, (Origin, Origin)>,
}

impl Positions {
    /// Where the key at `path` was written (falls back to its parent, then to nowhere).
    pub fn key(&self, path: &str) -> Origin {
        self.find(path).0
    }

    /// Where the value at `path` was written.
    pub fn value(&self, path: &str) -> Origin {
        self.find(path).1
    }

    fn find(&self, path: &str) -> (Origin, Origin) {
        let mut path = path;
        loop {
            if let Some(found) = self.entries.get(path) {
                return found.clone();
            }
            match path.rfind('.') {
                Some(cut) => path = &path[..cut],
                None => return (Origin::default(), Origin::default()),
            }
        }
    }

    fn record(&mut self, file: &str, node: &Node, path: &str) {
        if let NodeValue::Map(entries) = &node.value {
            for (key, value) in entries {
                let child = join(path, &key.name);
                let origin = |at: yaml::Position| Origin {
                    file: file.to_string(),
                    line: at.line,
                    column: at.column,
                };
                self.entries
                    .entry(child.clone())
                    .or_insert((origin(key.at), origin(value.at)));
                self.record(file, value, &child);
            }
        }
    }
}

/// The manifest files merged, with positions; or every problem found.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub manifest: Manifest,
    pub positions: Positions,
    /// Providers dropped for structural problems (already reported); accounts on them are
    /// not checked further, so one mistake is not reported again as an undeclared provider.
    pub broken_providers: BTreeSet<String>,
    /// Dotted paths of every entry dropped for a structural problem (already reported), so
    /// that a key written with a wrong type is not reported again as missing.
    pub dropped: HashSet<String>,
}

/// The JSON schema of the manifest, generated from its types.
pub fn manifest_schema() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(Manifest).to_value())
}

/// Parses and merges `sources`. Problems in one file do not hide problems in another.
pub fn load(sources: &[Source]) -> (Loaded, Vec<Diagnostic>) {
    let mut loaded = Loaded::default();
    let mut problems = Vec::new();
    let mut provider_origins: BTreeMap<String, Origin> = BTreeMap::new();
    let mut user_origins: BTreeMap<String, Origin> = BTreeMap::new();
    for source in sources {
        let Some(file) = parse_file(source, &mut problems) else {
            continue;
        };
        loaded.positions.record(&source.name, &file.node, "");
        loaded.broken_providers.extend(file.broken_providers);
        loaded.dropped.extend(file.dropped);
        if file.manifest.version != 1 {
            problems.push(
                Diagnostic::new(
                    file.positions.value("version"),
                    "version",
                    format!("found `{}`, expected `1`", file.manifest.version),
                )
                .hint("this usersync reads manifest format version 1"),
            );
        }
        let positions = &file.positions;
        for (name, config) in file.manifest.providers {
            let path = format!("providers.{name}");
            merge_entry::<ProviderConfig>(
                &mut loaded.manifest.providers,
                &mut provider_origins,
                name,
                config,
                positions.key(&path),
                &path,
                &mut problems,
            );
        }
        for (name, person) in file.manifest.users {
            let path = format!("users.{name}");
            merge_entry::<Person>(
                &mut loaded.manifest.users,
                &mut user_origins,
                name,
                person,
                positions.key(&path),
                &path,
                &mut problems,
            );
        }
    }
    (loaded, problems)
}

struct ParsedFile {
    node: Node,
    broken_providers: Vec<String>,
    dropped: Vec<String>,
    manifest: Manifest,
    positions: Positions,
}

fn parse_file(source: &Source, problems: &mut Vec<Diagnostic>) -> Option<ParsedFile> {
    let origin = |at: yaml::Position| Origin {
        file: source.name.clone(),
        line: at.line,
        column: at.column,
    };
    let mut node = match yaml::parse(&source.text) {
        Ok(node) => node,
        Err(error) => {
            let mut diagnostic = Diagnostic::new(
                origin(error.at),
                "",
                format!("invalid YAML: {}", error.message),
            );
            diagnostic.hint = error.hint;
            problems.push(diagnostic);
            return None;
        }
    };
    // Reports every structural problem and drops the broken entries, so that the rest of
    // the file is read and checked too.
    let structural = structure::check(&mut node, manifest_schema(), &source.name, &source.text);
    problems.extend(structural.problems);
    let broken_providers = structural
        .dropped
        .iter()
        .filter_map(|path| path.strip_prefix("providers."))
        .filter(|name| !name.contains('.'))
        .map(str::to_string)
        .collect();
    let mut positions = Positions::default();
    positions.record(&source.name, &node, "");
    match serde_json::from_value::<Manifest>(node.to_json()) {
        Ok(manifest) => Some(ParsedFile {
            node,
            broken_providers,
            dropped: structural.dropped,
            manifest,
            positions,
        }),
        Err(error) => {
            // The structure check admits only what the types read; this is a bug.
            problems.push(Diagnostic::new(
                origin(node.at),
                "",
                format!("internal error: the checked manifest does not read: {error}"),
            ));
            None
        }
    }
}
fn merge_entry<T>(
    into: &mut BTreeMap<String, T>,
    origins: &mut BTreeMap<String, Origin>,
    name: String,
    value: T,
    origin: Origin,
    path: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(first) = origins.get(&name) {
        problems.push(
            Diagnostic::new(origin, path, "defined twice")
                .related(first.clone())
                .hint("keep one definition; merge the two entries"),
        );
        return;
    }
    origins.insert(name.clone(), origin);
    into.insert(name, value);
}
