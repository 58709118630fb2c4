//! Pure. `usersync export`: the observed state read backwards through each provider's table
//! into a manifest whose first plan is empty. Accounts that share an email or a phone become
//! one person ([`group`]), each person gets a stable name ([`naming`]), each account the key
//! `plan` finds it by, and shared attributes are hoisted to the person where the accounts
//! agree ([`person`]); values are put in the manifest's terms ([`value`]) and [`yaml`] writes
//! the result the way people write manifests by hand. Never fetches, reads files or the
//! environment, and never sees a credential.

mod forwarding;
mod group;
mod naming;
mod person;
mod value;
pub mod yaml;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::ProviderConfig;
use crate::manifest::types::Manifest;
use crate::model::{AccountKey, Field, KeyKind};
use crate::providers::table::Source;
use crate::providers::{self, Table};
use crate::state::{Catalog, DesiredState, FetchNeeds, ObservedAccount, ObservedState};

/// What to export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Also the fields only an extra read returns (one more read per account on some
    /// providers).
    pub all_fields: bool,
    /// Only the accounts the manifest does not manage yet, without the `providers` section.
    pub unmanaged: bool,
}

/// The accounts a manifest manages: (provider name, remote id) → person name.
pub type Managed = BTreeMap<(String, String), String>;

/// Everything an export reads.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The providers to export, by name, as the manifest declares them.
    pub providers: &'a BTreeMap<String, ProviderConfig>,
    pub observed: &'a ObservedState,
    /// Accounts the manifest manages keep their person's name (and leave with `unmanaged`).
    pub managed: &'a Managed,
    /// Person names the export must not give (the manifest's own, when adding to it).
    pub taken: &'a BTreeSet<String>,
    pub options: Options,
}

/// The exported manifest, and what the person running the export should know.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    pub manifest: Manifest,
    /// Values left out and why; accounts that look like a managed person's (for stderr).
    pub notes: Vec<String>,
}

/// One remote account on its way into the manifest.
#[derive(Clone, Copy, Debug)]
struct Remote<'a> {
    provider: &'a str,
    table: &'static Table,
    account: &'a ObservedAccount,
    catalog: &'a Catalog,
    /// The key the manifest will match it by.
    key: &'a AccountKey,
    /// The manifest person that manages it, if any.
    person: Option<&'a str>,
}

/// What a fetch must read for an export of a `table` provider: every field a manifest can
/// write, for every account (the extra reads only with `all_fields`), so that the catalogs
/// the references resolve against are read too.
pub fn fetch_needs(table: &Table, all_fields: bool) -> FetchNeeds {
    FetchNeeds {
        accounts: Default::default(),
        every_account: table
            .fields
            .iter()
            .filter(|spec| spec.write_name.is_some())
            .filter(|spec| all_fields || spec.source == Source::List)
            .map(|spec| Field::known(spec.kind))
            .collect(),
        catalogs: table.catalogs.iter().map(|read| read.catalog).collect(),
    }
}

/// Which remote account each manifest account finds, as `plan` matches them.
pub fn managed_accounts(desired: &DesiredState, observed: &ObservedState) -> Managed {
    let mut managed = Managed::new();
    for (name, provider) in &observed.providers {
        let mut by_key: HashMap<AccountKey, &str> = HashMap::new();
        for account in &provider.accounts {
            for key in &account.keys {
                by_key.entry(key.folded()).or_insert(&account.remote_id);
            }
        }
        for account in desired.accounts.iter().filter(|a| a.provider == name) {
            if let Some(remote_id) = by_key.get(&account.key.folded()) {
                let slot = (name.clone(), (*remote_id).to_string());
                managed.insert(slot, account.person.to_string());
            }
        }
    }
    managed
}

/// Exports the observed accounts of `input.providers` as a manifest.
pub fn export(input: &Input) -> Export {
    let keys = account_keys(input);
    let remotes = remotes(input, &keys);
    let mut notes = Vec::new();
    let mut taken = input.taken.clone();
    taken.extend(remotes.iter().filter_map(|r| r.person.map(str::to_string)));
    let mut users = BTreeMap::new();
    let mut names = forwarding::Names::new();
    let mut name_agent = |remote: &Remote, name: &str| {
        let slot = (
            remote.provider.to_string(),
            remote.account.remote_id.as_str().to_lowercase(),
        );
        names.entry(slot).or_insert_with(|| name.to_string());
    };
    for remote in &remotes {
        if let Some(person) = remote.person {
            name_agent(remote, person);
        }
    }
    for members in group::persons(&remotes) {
        let group: Vec<&Remote> = members.iter().map(|&index| &remotes[index]).collect();
        let manifest_person = group.iter().find_map(|r| r.person);
        let exported: Vec<&Remote> = if input.options.unmanaged {
            group
                .iter()
                .copied()
                .filter(|r| r.person.is_none())
                .collect()
        } else {
            group
        };
        if exported.is_empty() {
            continue;
        }
        let built = person::build(&exported, input.options.all_fields, &mut notes);
        let name = match (manifest_person, input.options.unmanaged) {
            (Some(name), false) => name.to_string(),
            (_, _) => {
                let candidate = naming::candidate(&exported, built.email.as_deref());
                naming::unique(candidate, &mut taken)
            }
        };
        if let (Some(owner), true) = (manifest_person, input.options.unmanaged) {
            notes.push(format!(
                "`{name}` shares an email or a phone with `{owner}`; its accounts may belong under `users.{owner}.accounts`"
            ));
        }
        for remote in &exported {
            name_agent(remote, &name);
        }
        users.insert(name, built);
    }
    let providers = if input.options.unmanaged {
        BTreeMap::new()
    } else {
        input.providers.clone()
    };
    let mut users = users.into_iter().map(|(n, b)| (n, b.person)).collect();
    forwarding::name_targets(&mut users, &names, &mut notes);
    Export {
        manifest: Manifest {
            version: 1,
            providers,
            users,
        },
        notes,
    }
}

/// The key each account is matched by, by (provider, remote id): a login name where the
/// provider matches by one, else an email, else the remote id; a login name or email that
/// another account of the provider also has (without case) is passed over.
fn account_keys(input: &Input) -> BTreeMap<(String, String), AccountKey> {
    const PREFERRED: [KeyKind; 3] = [KeyKind::UserName, KeyKind::Email, KeyKind::UserId];
    let mut keys = BTreeMap::new();
    for (name, config) in input.providers {
        let Some(provider) = input.observed.providers.get(name) else {
            continue;
        };
        let table = providers::table(config.provider_type);
        let mut holders: HashMap<AccountKey, usize> = HashMap::new();
        for key in provider.accounts.iter().flat_map(|a| &a.keys) {
            *holders.entry(key.folded()).or_default() += 1;
        }
        for account in &provider.accounts {
            let usable = |key: &&AccountKey| {
                table.keys.iter().any(|spec| spec.kind == key.kind())
                    && holders.get(&key.folded()) == Some(&1)
            };
            let key = PREFERRED
                .iter()
                .find_map(|kind| {
                    account
                        .keys
                        .iter()
                        .filter(usable)
                        .find(|k| k.kind() == *kind)
                })
                .cloned()
                .unwrap_or_else(|| table.address.kind.key(account.remote_id.clone()));
            keys.insert((name.clone(), account.remote_id.to_string()), key);
        }
    }
    keys
}

/// The accounts to consider, sorted by provider name and remote id (so that the same estate
/// always gives the same manifest, whatever order the lists came in).
fn remotes<'a>(
    input: &Input<'a>,
    keys: &'a BTreeMap<(String, String), AccountKey>,
) -> Vec<Remote<'a>> {
    let mut remotes = Vec::new();
    for (name, config) in input.providers {
        let Some(provider) = input.observed.providers.get(name) else {
            continue;
        };
        let mut accounts: Vec<&ObservedAccount> = provider.accounts.iter().collect();
        accounts.sort_by(|a, b| a.remote_id.cmp(&b.remote_id));
        for account in accounts {
            let slot = (name.clone(), account.remote_id.to_string());
            remotes.push(Remote {
                provider: name,
                table: providers::table(config.provider_type),
                account,
                catalog: &provider.catalog,
                key: &keys[&slot],
                person: input.managed.get(&slot).map(String::as_str),
            });
        }
    }
    remotes
}
