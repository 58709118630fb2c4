//! Edge. `usersync export`: loads the manifest, fetches the providers it declares (credentials
//! only through `settings`, requests only through the transport), hands the observed state to
//! the pure `crate::export`, checks that what it produced validates, and writes it to stdout,
//! a file or a directory, never over an existing file without `--force`. Never writes to a
//! provider, and never writes a credential (only the variable names the manifest declared).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{ExportArgs, exit, files, observe, output, plan};
use crate::config::ProviderConfig;
use crate::export::{self, Export, Input, Options, yaml};
use crate::manifest::diagnostic::{did_you_mean, quoted_list};
use crate::manifest::types::Manifest;
use crate::manifest::yaml::NodeValue;
use crate::manifest::{self, Source};
use crate::providers;
use crate::state::DesiredState;

/// Where the schema comment points when the manifest read has none.
const DEFAULT_SCHEMA: &str = "schemas/manifest.schema.json";

pub async fn export(args: &ExportArgs) -> Result<u8> {
    let sources = files::read_sources(&args.manifest.files)?;
    let desired = match manifest::desired_state(&sources) {
        Ok(desired) => desired,
        Err(problems) => return Ok(plan::report_problems(&problems)),
    };
    let configs = selected(&desired, &args.providers)?;
    let origins = configs.keys().map(|name| {
        let declared = &desired.providers[name];
        (name, &declared.config, declared.origin.clone())
    });
    let options = observe::transport_options(&args.network)?;
    let providers = match observe::connect(origins, &options) {
        Ok(providers) => providers,
        Err(problems) => return Ok(plan::report_problems(&problems)),
    };
    let needs = configs
        .iter()
        .map(|(name, config)| {
            let table = providers::table(config.provider_type);
            (name.clone(), export::fetch_needs(table, args.all_fields))
        })
        .collect();
    let observed = observe::observe(&providers, needs).await?.complete()?;
    let (loaded, _) = manifest::load::load(&sources);
    let people: BTreeSet<String> = loaded.manifest.users.into_keys().collect();
    let taken = if args.unmanaged {
        people.clone()
    } else {
        BTreeSet::new()
    };
    let input = Input {
        providers: &configs,
        observed: &observed,
        managed: &export::managed_accounts(&desired, &observed),
        taken: &taken,
        options: Options {
            all_fields: args.all_fields,
            unmanaged: args.unmanaged,
        },
    };
    let exported = export::export(&input);
    for note in &exported.notes {
        output::warning(note);
    }
    check_valid(&exported.manifest, &configs)?;
    let schema = schema_reference(&sources);
    let provider_order = declared_order(&sources);
    let header = yaml::Header {
        schema: &schema,
        provider_order: &provider_order,
    };
    let documents = documents(&exported, args, &header, people.is_empty());
    write(&documents, args.force)?;
    output::note(&summary(&exported, args.unmanaged, args.output.is_none()));
    Ok(exit::OK)
}

/// The declared providers `wanted` names (all of them when it names none).
fn selected(desired: &DesiredState, wanted: &[String]) -> Result<BTreeMap<String, ProviderConfig>> {
    let declared = || desired.providers.keys().map(String::as_str);
    if desired.providers.is_empty() {
        bail!(
            "the manifest declares no providers\nhint: declare them under `providers:`; a manifest with only `providers:` is enough to export"
        );
    }
    for name in wanted {
        if !desired.providers.contains_key(name) {
            let hint = did_you_mean(name, declared())
                .unwrap_or_else(|| format!("declared providers: {}", quoted_list(declared())));
            bail!("provider `{name}` is not declared in the manifest\nhint: {hint}");
        }
    }
    Ok(desired
        .providers
        .iter()
        .filter(|(name, _)| wanted.is_empty() || wanted.contains(name))
        .map(|(name, declared)| (name.clone(), declared.config.clone()))
        .collect())
}

/// Refuses to write an export that would not validate (a bug in the export, not the input).
fn check_valid(exported: &Manifest, configs: &BTreeMap<String, ProviderConfig>) -> Result<()> {
    let mut whole = exported.clone();
    whole.providers = configs.clone();
    let header = yaml::Header {
        schema: DEFAULT_SCHEMA,
        provider_order: &[],
    };
    let text = yaml::document(&whole, &header);
    let source = Source {
        name: "(export)".into(),
        text,
    };
    if let Err(problems) = manifest::desired_state(&[source]) {
        let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        bail!(
            "the exported manifest does not validate, so it was not written (a bug in usersync):\n{}",
            problems.join("\n")
        );
    }
    Ok(())
}

/// The schema comment of the first manifest file that has one.
fn schema_reference(sources: &[Source]) -> String {
    const PREFIX: &str = "# yaml-language-server: $schema=";
    sources
        .iter()
        .find_map(|source| source.text.lines().next()?.strip_prefix(PREFIX))
        .map_or(DEFAULT_SCHEMA.to_string(), |reference| {
            reference.trim().to_string()
        })
}

/// The provider names in the order the manifest files declare them.
fn declared_order(sources: &[Source]) -> Vec<String> {
    let mut order = Vec::new();
    for source in sources {
        let Ok(node) = manifest::yaml::parse(&source.text) else {
            continue;
        };
        let NodeValue::Map(top) = node.value else {
            continue;
        };
        for (key, value) in top {
            if let ("providers", NodeValue::Map(entries)) = (key.name.as_str(), value.value) {
                order.extend(entries.into_iter().map(|(name, _)| name.name));
            }
        }
    }
    order
}

/// What to write where (`None`: stdout). Entries to paste come with a `users:` line when the
/// manifest has none yet (`no_users`).
fn documents(
    exported: &Export,
    args: &ExportArgs,
    header: &yaml::Header,
    no_users: bool,
) -> Vec<(Option<PathBuf>, String)> {
    let manifest = &exported.manifest;
    let Some(path) = &args.output else {
        let text = if args.unmanaged {
            let header = if no_users && !manifest.users.is_empty() {
                "users:\n"
            } else {
                ""
            };
            format!("{header}{}", yaml::entries(&manifest.users))
        } else {
            yaml::document(manifest, header)
        };
        return vec![(None, text)];
    };
    if !is_directory(path) {
        return vec![(Some(path.clone()), yaml::document(manifest, header))];
    }
    let mut documents = Vec::new();
    if !manifest.providers.is_empty() {
        let providers = Manifest {
            users: BTreeMap::new(),
            ..manifest.clone()
        };
        documents.push((
            Some(path.join("providers.yaml")),
            yaml::document(&providers, header),
        ));
    }
    let mut by_letter: BTreeMap<String, Manifest> = BTreeMap::new();
    for (name, person) in &manifest.users {
        let part = by_letter.entry(letter(name)).or_default();
        part.users.insert(name.clone(), person.clone());
    }
    for (letter, part) in by_letter {
        let file = path.join(format!("users-{letter}.yaml"));
        documents.push((Some(file), yaml::document(&part, header)));
    }
    documents
}

/// A path ending in a separator, or a directory that exists.
fn is_directory(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with(std::path::is_separator) || path.is_dir()
}

/// The file a person goes to in a directory export: the first letter or digit of the name
/// (ASCII), else `other`.
fn letter(name: &str) -> String {
    match name.chars().next() {
        Some(first) if first.is_ascii_alphanumeric() => first.to_ascii_lowercase().to_string(),
        _ => "other".to_string(),
    }
}

/// Writes every document, after checking that none would overwrite a file (unless `force`).
fn write(documents: &[(Option<PathBuf>, String)], force: bool) -> Result<()> {
    let existing: Vec<&PathBuf> = documents
        .iter()
        .filter_map(|(path, _)| path.as_ref())
        .filter(|path| path.exists())
        .collect();
    if !force && !existing.is_empty() {
        let names: Vec<String> = existing
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        bail!(
            "{} already exist{}; nothing was written\nhint: pass `--force` to overwrite, or choose another `-o`",
            names.join(", "),
            if names.len() == 1 { "s" } else { "" }
        );
    }
    for (path, text) in documents {
        match path {
            None => output::data(text),
            Some(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("creating `{}`", parent.display()))?;
                }
                std::fs::write(path, text)
                    .with_context(|| format!("writing `{}`", path.display()))?;
                output::note(&format!("wrote `{}`", path.display()));
            }
        }
    }
    Ok(())
}

fn summary(exported: &Export, unmanaged: bool, to_stdout: bool) -> String {
    let users = &exported.manifest.users;
    let accounts: usize = users.values().map(|person| person.accounts.len()).sum();
    let people = match users.len() {
        1 => "1 person".to_string(),
        n => format!("{n} people"),
    };
    let accounts = crate::plan::render::counted(accounts, "account");
    match (unmanaged, to_stdout) {
        (true, _) if users.is_empty() => "every account is managed already".into(),
        (true, true) => {
            format!("{people} with {accounts} not in the manifest; paste them under its `users:`")
        }
        (true, false) => format!(
            "{people} with {accounts} not in the manifest; keep the file beside it (`-f` takes both)"
        ),
        (false, _) => format!(
            "exported {people} with {accounts}; the first `usersync plan` of it shows no changes"
        ),
    }
}
