//! Pure. The two inputs of the planner: the desired state (from the manifest) and the observed
//! state (from the providers), in usersync's canonical field values.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::config::ProviderConfig;
use crate::model::{
    AccountKey, Field, FieldKinds, FieldMap, Origin, Position, ProviderType, Target, Value,
};

/// Everything the manifest asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesiredState {
    /// Provider configurations by name, with where each was declared.
    pub providers: BTreeMap<String, DesiredProvider>,
    /// Accounts sorted by provider name, then person.
    pub accounts: Vec<DesiredAccount>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DesiredProvider {
    pub config: ProviderConfig,
    pub origin: Origin,
}

/// One account the manifest manages.
#[derive(Clone, Debug, PartialEq)]
pub struct DesiredAccount {
    // Names and ids are short: kept inline, they cost a manifest of 100,000 accounts no
    // allocation each.
    pub person: CompactString,
    pub provider: CompactString,
    pub provider_type: ProviderType,
    pub key: AccountKey,
    /// Managed fields only; every other field of the remote account is left alone.
    /// Skill groups and roles hold references (names or ids) until the planner resolves them.
    pub fields: FieldMap<DesiredValue>,
    /// The manifest file the account and all its values are written in (one copy of the name
    /// for all the accounts of a file).
    pub file: Arc<str>,
    /// Where the account's entry is in `file`.
    pub at: Position,
}

/// A managed field's value and where in the account's file it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct DesiredValue {
    pub value: Value,
    pub at: Position,
}

impl DesiredAccount {
    /// Where the account's entry is.
    pub fn origin(&self) -> Origin {
        Origin::at(&self.file, self.at)
    }

    /// Where the value of `field` is written, when the account sets it.
    pub fn origin_of(&self, field: &Field) -> Option<Origin> {
        self.fields
            .get(field)
            .map(|desired| Origin::at(&self.file, desired.at))
    }
}

impl DesiredState {
    /// What each provider must fetch for the manifest's accounts.
    pub fn fetch_needs(&self) -> BTreeMap<String, FetchNeeds> {
        let mut needs: BTreeMap<String, FetchNeeds> = self
            .providers
            .keys()
            .map(|name| (name.clone(), FetchNeeds::default()))
            .collect();
        for account in &self.accounts {
            let Some(entry) = needs.get_mut(account.provider.as_str()) else {
                continue; // every account's provider is declared
            };
            entry.add_kinds(
                &account.key,
                account.fields.keys().map(|f| f.kind).collect(),
            );
            // A forwarding to a skill group is resolved against the skill groups.
            let targets = account.fields.values().filter_map(|d| Target::of(&d.value));
            if targets
                .into_iter()
                .any(|t| matches!(t, Target::SkillGroup(_)))
            {
                entry.catalogs.insert(CatalogKind::SkillGroups);
            }
        }
        needs
    }
}

/// What a fetch must return beyond the bulk list: the managed accounts, each with the kinds
/// of field its manifest entry manages. A field the list does not return is read for the
/// accounts that manage it, and only for those; a catalog is read when some account manages
/// a field that refers to it. Which read returns a field depends on its kind alone, so the
/// kinds are all that is kept (a manifest of 100,000 accounts makes 100,000 of these).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FetchNeeds {
    /// By key as the services compare it ([`AccountKey::folded`]).
    pub accounts: foldhash::HashMap<AccountKey, FieldKinds>,
    /// Fields read for every account, managed or not (`export`); a field the list does not
    /// return costs its extra read for each account.
    pub every_account: BTreeSet<Field>,
    /// Catalogs read whatever the fields (a forwarding target names a skill group).
    pub catalogs: BTreeSet<CatalogKind>,
}

impl FetchNeeds {
    /// Needs every one of `keys` to have every one of `fields`.
    pub fn each<'a>(
        keys: impl IntoIterator<Item = &'a AccountKey>,
        fields: impl IntoIterator<Item = Field> + Clone,
    ) -> FetchNeeds {
        let mut needs = FetchNeeds::default();
        for key in keys {
            needs.add(key, fields.clone());
        }
        needs
    }

    /// Adds `fields` to what account `key` needs.
    pub fn add(&mut self, key: &AccountKey, fields: impl IntoIterator<Item = Field>) {
        self.add_kinds(key, fields.into_iter().map(|field| field.kind).collect());
    }

    /// Adds fields of `kinds` to what account `key` needs.
    pub fn add_kinds(&mut self, key: &AccountKey, kinds: FieldKinds) {
        let entry = self.accounts.entry(key.folded()).or_default();
        *entry = entry.union(kinds);
    }

    /// Adds everything `other` needs.
    pub fn merge(&mut self, other: FetchNeeds) {
        for (key, kinds) in other.accounts {
            let entry = self.accounts.entry(key).or_default();
            *entry = entry.union(kinds);
        }
        self.catalogs.extend(other.catalogs);
    }

    /// Every kind of field some account needs.
    pub fn kinds(&self) -> FieldKinds {
        self.accounts
            .values()
            .fold(self.every_account_kinds(), |all, kinds| all.union(*kinds))
    }

    /// The kinds of field every account needs.
    pub fn every_account_kinds(&self) -> FieldKinds {
        self.every_account.iter().map(|field| field.kind).collect()
    }

    /// The kinds of field `account` needs, when it is one of the managed accounts.
    pub fn of(&self, account: &ObservedAccount) -> Option<FieldKinds> {
        account
            .keys
            .iter()
            .find_map(|key| self.accounts.get(&key.folded()).copied())
    }
}

/// What the providers returned.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObservedState {
    pub providers: BTreeMap<String, ObservedProvider>,
}

impl ObservedState {
    /// The account a write call addresses (`remote_id`) on `provider`, if it was read.
    pub fn account(&self, provider: &str, remote_id: &str) -> Option<&ObservedAccount> {
        self.providers
            .get(provider)
            .and_then(|p| p.accounts.iter().find(|a| a.remote_id == remote_id))
    }
}

/// One provider instance as fetched.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObservedProvider {
    /// Every account of the instance, managed or not.
    pub accounts: Vec<ObservedAccount>,
    pub catalog: Catalog,
    /// Read requests it took to fetch this.
    pub read_calls: u64,
}

/// A remote account in canonical values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObservedAccount {
    /// The id the write call takes (Tencent CCC: the email; others: the user id).
    pub remote_id: CompactString,
    /// Every identifier the account can be matched by.
    pub keys: Vec<AccountKey>,
    /// Field values as read; a field absent here was not read or is empty.
    pub fields: FieldMap<Value>,
    /// Why the account cannot be updated at all (a synchronized CIC user), if so.
    pub locked: Option<String>,
}

impl ObservedAccount {
    /// Whether `key` finds this account, as the services compare keys.
    pub fn matches(&self, key: &AccountKey) -> bool {
        let key = key.folded();
        self.keys.iter().any(|own| own.folded() == key)
    }

    /// A short name for messages: the login name, else the email, else the remote id.
    pub fn label(&self) -> &str {
        self.keys
            .iter()
            .find_map(|key| match key {
                AccountKey::UserName(name) => Some(name.as_str()),
                _ => None,
            })
            .or_else(|| {
                self.keys.iter().find_map(|key| match key {
                    AccountKey::Email(email) => Some(email.as_str()),
                    _ => None,
                })
            })
            .unwrap_or(&self.remote_id)
    }
}

/// Names the provider resolves references against (Tencent skill groups, Alibaba roles).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub skill_groups: Vec<CatalogEntry>,
    pub roles: Vec<CatalogEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub id: String,
    pub name: String,
}

/// Which list of names references resolve against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CatalogKind {
    SkillGroups,
    Roles,
}

impl CatalogKind {
    /// What one entry is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            CatalogKind::SkillGroups => "skill group",
            CatalogKind::Roles => "role",
        }
    }
}

impl Catalog {
    /// The entries of one kind.
    pub fn entries(&self, kind: CatalogKind) -> &[CatalogEntry] {
        match kind {
            CatalogKind::SkillGroups => &self.skill_groups,
            CatalogKind::Roles => &self.roles,
        }
    }

    /// The entries of one kind, to fill.
    pub fn entries_mut(&mut self, kind: CatalogKind) -> &mut Vec<CatalogEntry> {
        match kind {
            CatalogKind::SkillGroups => &mut self.skill_groups,
            CatalogKind::Roles => &mut self.roles,
        }
    }

    /// Resolves a reference by id, then by name; `None` when it is neither.
    pub fn resolve<'a>(entries: &'a [CatalogEntry], reference: &str) -> Option<&'a CatalogEntry> {
        entries
            .iter()
            .find(|entry| entry.id == reference)
            .or_else(|| entries.iter().find(|entry| entry.name == reference))
    }
}
