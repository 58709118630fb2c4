//! Pure. Reads manifest files (already in memory) into checked YAML trees, reporting every
//! syntax and structure problem of every file with its position, and merges their providers
//! and people by name, each entry keeping its file and the positions of its keys and values
//! for later checks.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::diagnostic::Diagnostic;
use super::structure::{self, Schema};
use super::types::Manifest;
use super::yaml::{self, Position, Tree, TreeKey, TreeValue};
use crate::model::Origin;

/// One manifest file's name (as shown in messages) and text.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// One file read and checked: its name and YAML tree (borrowing the text), with the broken
/// entries dropped (they were reported).
#[derive(Debug)]
pub struct File<'a> {
    pub name: &'a str,
    pub root: Tree<'a>,
    /// Dotted paths of the entries dropped for a structural problem.
    pub dropped: Vec<String>,
}

/// Where something was written: its file and a position there.
pub fn origin(file: &str, at: Position) -> Origin {
    Origin::at(file, at)
}

/// An entry under `providers` or `users`: its file, key and value.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'t, 'a> {
    pub file: &'t str,
    pub key: &'t TreeKey<'a>,
    pub node: &'t Tree<'a>,
}

/// The files' providers and people merged by name (the first definition of each).
#[derive(Debug, Default)]
pub struct Merged<'t, 'a> {
    pub providers: BTreeMap<&'t str, Entry<'t, 'a>>,
    pub users: BTreeMap<&'t str, Entry<'t, 'a>>,
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

/// The manifest schema compiled for the structure check.
fn compiled_schema() -> &'static Schema {
    static COMPILED: OnceLock<Schema> = OnceLock::new();
    COMPILED.get_or_init(|| Schema::compile(manifest_schema()))
}

/// Parses and checks every file. Problems in one file do not hide problems in another.
pub fn read<'a>(sources: &'a [Source], problems: &mut Vec<Diagnostic>) -> Vec<File<'a>> {
    sources
        .iter()
        .filter_map(|source| read_file(source, problems))
        .collect()
}

fn read_file<'a>(source: &'a Source, problems: &mut Vec<Diagnostic>) -> Option<File<'a>> {
    let mut root = match yaml::read(&source.text) {
        Ok(root) => root,
        Err(error) => {
            let mut diagnostic = Diagnostic::new(
                origin(&source.name, error.at),
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
    let checked = structure::check(&mut root, compiled_schema(), &source.name, &source.text);
    problems.extend(checked.problems);
    Some(File {
        name: &source.name,
        root,
        dropped: checked.dropped,
    })
}

/// Merges the files' providers and people; a name defined in two files is reported at the
/// second, and the first definition is kept.
pub fn merge<'t, 'a>(files: &'t [File<'a>], problems: &mut Vec<Diagnostic>) -> Merged<'t, 'a> {
    let mut loaded = Merged::default();
    for file in files {
        loaded.dropped.extend(file.dropped.iter().cloned());
        loaded.broken_providers.extend(
            file.dropped
                .iter()
                .filter_map(|path| path.strip_prefix("providers."))
                .filter(|name| !name.contains('.'))
                .map(str::to_string),
        );
        if let Some(version) = file.root.get("version")
            && let TreeValue::Int(number) = version.value
            && number != 1
        {
            problems.push(
                Diagnostic::new(
                    origin(file.name, version.at),
                    "version",
                    format!("found `{number}`, expected `1`"),
                )
                .hint("this usersync reads manifest format version 1"),
            );
        }
        for (section, into) in [
            ("providers", &mut loaded.providers),
            ("users", &mut loaded.users),
        ] {
            let Some(entries) = file.root.get(section) else {
                continue;
            };
            for (key, node) in entries.entries() {
                let entry = Entry {
                    file: file.name,
                    key,
                    node,
                };
                match into.get(&*key.name) {
                    Some(first) => problems.push(
                        Diagnostic::new(
                            origin(file.name, key.at),
                            format!("{section}.{}", key.name),
                            "defined twice",
                        )
                        .related(origin(first.file, first.key.at))
                        .hint("keep one definition; merge the two entries"),
                    ),
                    None => {
                        into.insert(&key.name, entry);
                    }
                }
            }
        }
    }
    loaded
}

/// The manifest files as one typed manifest.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub manifest: Manifest,
}

/// Reads, checks and merges `sources` into one typed manifest (the first definition of each
/// name; broken entries left out), with every syntax and structure problem.
pub fn load(sources: &[Source]) -> (Loaded, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let files = read(sources, &mut problems);
    merge(&files, &mut problems);
    let manifest = manifest(&files);
    (Loaded { manifest }, problems)
}

/// The files as one typed manifest (the first definition of each name wins). A checked tree
/// always reads as the manifest types; one that did not (a bug) would be left out.
pub fn manifest(files: &[File]) -> Manifest {
    let mut merged = Manifest::default();
    for file in files {
        let Ok(manifest) = serde_json::from_value::<Manifest>(file.root.to_json()) else {
            continue;
        };
        for (name, provider) in manifest.providers {
            merged.providers.entry(name).or_insert(provider);
        }
        for (name, person) in manifest.users {
            merged.users.entry(name).or_insert(person);
        }
    }
    merged
}
