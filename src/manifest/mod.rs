//! Pure. The manifest: its types, the YAML reader, the structure check against the generated
//! schema, and the checks that turn it into the desired state.

pub mod diagnostic;
pub mod load;
pub mod structure;
pub mod types;
pub mod validate;
pub mod yaml;

#[cfg(test)]
mod tests;

pub use diagnostic::Diagnostic;
pub use load::{Source, manifest_schema};

use std::collections::BTreeMap;
use std::sync::Arc;

use compact_str::CompactString;

use crate::state::{DesiredAccount, DesiredProvider, DesiredState};
use validate::Account;

/// Reads manifest sources into the desired state, or every problem found in all of them.
pub fn desired_state(sources: &[Source]) -> Result<DesiredState, Vec<Diagnostic>> {
    // By provider, each in the order written: sorted by person, a provider's accounts are
    // then mostly in runs already (sorting 100,000 accounts by provider and person at once
    // compared and moved far more).
    let mut by_provider: BTreeMap<CompactString, Vec<DesiredAccount>> = BTreeMap::new();
    // One copy of each file's name, shared by its accounts.
    let mut files: Vec<Arc<str>> = Vec::new();
    let providers = check(sources, &mut |account| {
        let file = match files.iter().find(|file| ***file == *account.file) {
            Some(file) => Arc::clone(file),
            None => {
                let file: Arc<str> = account.file.into();
                files.push(Arc::clone(&file));
                file
            }
        };
        let account = account.desired(file);
        match by_provider.get_mut(&account.provider) {
            Some(accounts) => accounts.push(account),
            None => {
                by_provider.insert(account.provider.clone(), vec![account]);
            }
        }
    })?;
    let mut accounts = Vec::with_capacity(by_provider.values().map(Vec::len).sum());
    for (_, mut of_provider) in by_provider {
        of_provider.sort_by(|a: &DesiredAccount, b| a.person.cmp(&b.person));
        accounts.append(&mut of_provider);
    }
    Ok(DesiredState {
        providers,
        accounts,
    })
}

/// How much a valid manifest holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    pub providers: usize,
    pub accounts: usize,
}

/// Checks manifest sources as [`desired_state`] does (the same checks, the same problems),
/// without making each account's desired state: a large manifest is checked in a fraction
/// of the time and memory its desired state takes.
pub fn validate(sources: &[Source]) -> Result<Summary, Vec<Diagnostic>> {
    let mut accounts = 0;
    let providers = check(sources, &mut |_| accounts += 1)?;
    Ok(Summary {
        providers: providers.len(),
        accounts,
    })
}

/// Reads, checks and merges the sources, handing each valid account to `sink`; the providers,
/// or every problem of every file.
fn check(
    sources: &[Source],
    sink: &mut dyn FnMut(Account<'_>),
) -> Result<BTreeMap<String, DesiredProvider>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let files = load::read(sources, &mut problems);
    let loaded = load::merge(&files, &mut problems);
    match validate::run(&loaded, sink) {
        Ok(providers) if problems.is_empty() => Ok(providers),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            problems.sort_by(|a, b| {
                (&a.origin.file, a.origin.line, a.origin.column).cmp(&(
                    &b.origin.file,
                    b.origin.line,
                    b.origin.column,
                ))
            });
            Err(problems)
        }
    }
}
