//! Pure. Checks what the schema cannot (provider configuration per type, which fields a
//! provider type holds, emails and phones, the values each provider can hold, accounts
//! claimed twice, unique values wanted twice) on the checked YAML trees, where every key and
//! value has its position, and hands each account's desired state to the caller. Every
//! problem is collected; nothing stops at the first. Paths are written out only for problems.

mod forwarding;
mod provider;
mod unique;
mod values;

pub use values::email_problem;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Arc;

use super::diagnostic::{Diagnostic, did_you_mean, path_key, quoted_list};
use super::load::{Entry, Merged, origin};
use super::yaml::{Position, Tree, TreeKey, TreeValue};
use crate::config::ProviderConfig;
use crate::model::{AccountKey, Field, FieldKind, KeyKind, Name, ProviderType, Value};
use crate::providers::table::Check;
use crate::providers::{self, Table};
use crate::state::{DesiredAccount, DesiredProvider, DesiredValue};

/// One account that passed its checks: its desired values, each with where it was written
/// (all in the person's file). [`Account::desired`] makes the desired state of it.
#[derive(Debug)]
pub struct Account<'t> {
    pub person: &'t str,
    pub provider: &'t str,
    pub provider_type: ProviderType,
    pub key: AccountKey,
    pub file: &'t str,
    /// Where the account's entry was written.
    pub at: Position,
    /// Each field once, in the order of the provider's table.
    pub fields: Vec<Desired<'t>>,
}

/// One desired value: its field's kind, a custom field's name or a structured field's part
/// (`forwarding.to`; the structure check drops a name written twice), the value, and where it
/// was written.
pub type Desired<'t> = (FieldKind, Option<&'t str>, FieldValue<'t>, Position);

/// A desired value: text as written (borrowed from the manifest until the desired state is
/// made), or a value usersync made of what was written (an E.164 phone, a set).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue<'t> {
    Text(&'t str),
    Value(Value),
}

impl FieldValue<'_> {
    /// The value as text, when it is text.
    pub fn text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(text) => Some(text),
            FieldValue::Value(value) => value.as_text(),
        }
    }

    pub fn value(self) -> Value {
        match self {
            FieldValue::Text(text) => Value::text(text),
            FieldValue::Value(value) => value,
        }
    }
}

impl Account<'_> {
    /// The account's desired state; `file` is the shared name of [`Account::file`].
    pub fn desired(self, file: Arc<str>) -> DesiredAccount {
        debug_assert_eq!(&*file, self.file);
        DesiredAccount {
            person: self.person.into(),
            provider: self.provider.into(),
            provider_type: self.provider_type,
            key: self.key,
            fields: self
                .fields
                .into_iter()
                .map(|(kind, custom, value, at)| {
                    // A custom field's name, or a structured field's part.
                    let field = Field {
                        kind,
                        custom: custom.map(Name::from),
                    };
                    let value = value.value();
                    (field, DesiredValue { value, at })
                })
                .collect(),
            file,
            at: self.at,
        }
    }

    /// The desired value of a known field, with where it was written.
    pub fn field(&self, kind: FieldKind) -> Option<(&FieldValue<'_>, Position)> {
        self.fields
            .iter()
            .find(|(have, custom, _, _)| *have == kind && custom.is_none())
            .map(|(_, _, value, at)| (value, *at))
    }
}

/// Checks the merged manifest, handing each account that passes its checks to `sink` as it
/// is checked; the providers, or every problem found (accounts already handed over are then
/// meaningless).
pub fn run<'t>(
    loaded: &Merged<'t, '_>,
    sink: &mut dyn FnMut(Account<'t>),
) -> Result<BTreeMap<String, DesiredProvider>, Vec<Diagnostic>> {
    let mut checker = Checker {
        dropped: &loaded.dropped,
        problems: Vec::new(),
    };
    let mut providers = BTreeMap::new();
    // Each provider's config, and the manifest keys its type holds (asked per account key).
    let mut configs: BTreeMap<&str, (ProviderConfig, Vec<&'static str>)> = BTreeMap::new();
    for (name, entry) in &loaded.providers {
        let config = match serde_json::from_value::<ProviderConfig>(entry.node.to_json()) {
            Ok(config) => config,
            Err(error) => {
                // The structure check admits only what the type reads; this is a bug.
                checker.error(
                    entry.file,
                    entry.key.at,
                    format!("providers.{}", path_key(name)),
                    format!("internal error: the checked provider does not read: {error}"),
                    None,
                );
                continue;
            }
        };
        checker.provider(name, entry, &config);
        providers.insert(
            name.to_string(),
            DesiredProvider {
                config: config.clone(),
                origin: origin(entry.file, entry.key.at),
            },
        );
        let held = providers::table(config.provider_type).manifest_keys();
        configs.insert(name, (config, held));
    }
    let mut claims = unique::Claims::with_capacity(loaded.users.len() * configs.len().max(1));
    for (person_name, person) in &loaded.users {
        checker.person(person_name, person);
        for (account_key, account) in
            set(person.node.get("accounts")).map_or(&[][..], Tree::entries)
        {
            let provider_name: &str = &account_key.name;
            if loaded.broken_providers.contains(provider_name) {
                continue;
            }
            let Some((config, held)) = configs.get(provider_name) else {
                let declared = configs.keys().copied();
                let hint = did_you_mean(provider_name, declared.clone())
                    .unwrap_or_else(|| format!("declared providers: {}", quoted_list(declared)));
                checker.error(
                    person.file,
                    account_key.at,
                    FieldPath::account(person_name, provider_name),
                    format!("provider `{provider_name}` is not declared under `providers`"),
                    Some(hint),
                );
                continue;
            };
            let place = Place {
                person_name,
                person,
                provider_name,
                account_key,
                account,
                config,
                held,
            };
            if let Some(account) = checker.account(&place) {
                forwarding::targets(&loaded.users, &place, &account, &mut checker.problems);
                claims.add(&account, &mut checker.problems);
                sink(account);
            }
        }
    }
    if checker.problems.is_empty() {
        Ok(providers)
    } else {
        checker.problems.sort();
        checker.problems.dedup();
        Err(checker.problems)
    }
}

/// A value that is set: present and not null.
fn set<'n, 'a>(node: Option<&'n Tree<'a>>) -> Option<&'n Tree<'a>> {
    node.filter(|node| !matches!(node.value, TreeValue::Null))
}

/// A field's dotted path (`users.alice.accounts.cic.email`), written out only for a problem.
#[derive(Clone, Copy, Debug)]
struct FieldPath<'p> {
    person: &'p str,
    provider: Option<&'p str>,
    field: Option<&'p str>,
    item: Option<&'p str>,
    sub: Option<&'p str>,
}

impl<'p> FieldPath<'p> {
    fn person(person: &'p str, field: &'p str) -> Self {
        FieldPath {
            person,
            provider: None,
            field: Some(field),
            item: None,
            sub: None,
        }
    }

    fn account(person: &'p str, provider: &'p str) -> Self {
        FieldPath {
            person,
            provider: Some(provider),
            field: None,
            item: None,
            sub: None,
        }
    }

    fn field(self, field: &'p str) -> Self {
        FieldPath {
            field: Some(field),
            ..self
        }
    }

    fn item(self, item: &'p str) -> Self {
        FieldPath {
            item: Some(item),
            ..self
        }
    }

    fn sub(self, sub: &'p str) -> Self {
        FieldPath {
            sub: Some(sub),
            ..self
        }
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "users.{}", path_key(self.person))?;
        if let Some(provider) = self.provider {
            write!(f, ".accounts.{}", path_key(provider))?;
        }
        for part in [self.field, self.item, self.sub].into_iter().flatten() {
            write!(f, ".{}", path_key(part))?;
        }
        Ok(())
    }
}

/// One account of one person, with what checking it needs.
struct Place<'p, 't, 'a> {
    person_name: &'t str,
    person: &'p Entry<'t, 'a>,
    provider_name: &'t str,
    account_key: &'t TreeKey<'a>,
    account: &'t Tree<'a>,
    config: &'p ProviderConfig,
    /// The manifest keys the provider's type holds.
    held: &'p [&'static str],
}

impl<'t, 'a> Place<'_, 't, 'a> {
    fn path(&self) -> FieldPath<'t> {
        FieldPath::account(self.person_name, self.provider_name)
    }

    /// The account's own value of `key`, if set (an empty `custom_fields` is not).
    fn own(&self, key: &str) -> Option<&'t Tree<'a>> {
        set(self.account.get(key)).filter(|node| match &node.value {
            TreeValue::Map(entries) => !entries.is_empty(),
            _ => true,
        })
    }

    /// The person's value of `key`, if set.
    fn shared(&self, key: &str) -> Option<&'t Tree<'a>> {
        set(self.person.node.get(key))
    }
}

struct Checker<'a> {
    /// Entries dropped for structural problems, already reported.
    dropped: &'a HashSet<String>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(
        &mut self,
        file: &str,
        at: Position,
        path: impl fmt::Display,
        message: String,
        hint: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::new(origin(file, at), path.to_string(), message);
        diagnostic.hint = hint;
        self.problems.push(diagnostic);
    }

    /// The person's own values, checked whatever accounts use them.
    fn person(&mut self, name: &str, person: &Entry) {
        if let Some(email) = set(person.node.get("email")) {
            self.email(person.file, FieldPath::person(name, "email"), email);
        }
        if let Some(phone) = set(person.node.get("phone")) {
            self.phone(person.file, FieldPath::person(name, "phone"), phone);
        }
    }

    fn account<'t>(&mut self, place: &Place<'_, 't, '_>) -> Option<Account<'t>> {
        let config = place.config;
        let file = place.person.file;
        let table = providers::table(config.provider_type);
        let before = self.problems.len();
        for (key, value) in place.account.entries() {
            // Every key not held, unknown ones included (the structure check leaves an
            // account's keys to this one): an unknown key with any value, a known one set.
            if place.held.contains(&&*key.name) {
                continue;
            }
            let empty_map = matches!(&value.value, TreeValue::Map(e) if e.is_empty());
            let unset = matches!(value.value, TreeValue::Null) || empty_map;
            let known = ProviderType::ALL.iter().any(|other| {
                providers::table(*other)
                    .manifest_keys()
                    .contains(&&*key.name)
            });
            if !known || !unset {
                let provider_type = config.provider_type;
                let message = if known {
                    format!("`{provider_type}` accounts cannot hold `{}`", key.name)
                } else {
                    format!("unknown key `{}`", key.name)
                };
                let held = format!(
                    "`{provider_type}` accounts hold: {}",
                    quoted_list(place.held.iter().copied())
                );
                let hint = match did_you_mean(&key.name, place.held.iter().copied()) {
                    Some(suggestion) => format!("{suggestion} {held}"),
                    None => held,
                };
                let path = place.path().field(&key.name);
                self.error(file, key.at, path, message, Some(hint));
            }
        }
        let key_kind = key_kind(table, place);
        let key = self.account_key(place, table, key_kind);
        let mut fields = Vec::new();
        for spec in table.fields {
            let kind = spec.kind;
            if kind == FieldKind::UserName && key_kind == Some(KeyKind::UserName) {
                continue; // the key itself (checked as the key)
            }
            let (node, path) = match (place.own(kind.key()), spec.shared) {
                (Some(node), _) => (node, place.path().field(kind.key())),
                (None, true) => match place.shared(kind.key()) {
                    Some(node) => (node, FieldPath::person(place.person_name, kind.key())),
                    None => continue,
                },
                (None, false) => continue,
            };
            if !kind.parts().is_empty() {
                self.forwarding(place, kind, node, table, &mut fields);
                continue;
            }
            if kind == FieldKind::CustomField {
                for (name, written) in node.entries() {
                    let item = path.item(&name.name);
                    if let Some(value) = self.custom_value(file, item, spec, written, config) {
                        fields.push((kind, Some(&*name.name), value, written.at));
                    }
                }
                continue;
            }
            if let Some(value) = self.field_value(file, path, spec, node, config) {
                fields.push((kind, None, value, node.at));
            }
        }
        if self.problems.len() > before {
            return None;
        }
        Some(Account {
            person: place.person_name,
            provider: place.provider_name,
            provider_type: config.provider_type,
            key: key?,
            file,
            at: place.account_key.at,
            fields,
        })
    }

    /// The identifier the account is matched by, checked as the value it is (an email, a
    /// user name the provider can hold).
    fn account_key(
        &mut self,
        place: &Place,
        table: &Table,
        kind: Option<KeyKind>,
    ) -> Option<AccountKey> {
        let file = place.person.file;
        if let Some(kind) = kind {
            let name = kind.manifest_key();
            let (node, path, own) = match place.own(name) {
                Some(node) => (node, place.path().field(name), true),
                None => (
                    place.shared(name)?,
                    FieldPath::person(place.person_name, name),
                    false,
                ),
            };
            let value = node.text().unwrap_or_default();
            if !self.key_value(file, kind, node, path, own, table, place.config) {
                return None;
            }
            return Some(kind.key(value.to_string()));
        }
        // A key written with a wrong type was dropped and reported already.
        let account_path = place.path().to_string();
        let person_path = format!("users.{}", path_key(place.person_name));
        let broken = table.keys.iter().any(|key| {
            let name = key.kind.manifest_key();
            self.dropped.contains(&format!("{account_path}.{name}"))
                || (key.kind == KeyKind::Email
                    && self.dropped.contains(&format!("{person_path}.email")))
        });
        if broken {
            return None;
        }
        let wanted: Vec<String> = table
            .keys
            .iter()
            .map(|k| format!("`{}`", k.kind.manifest_key()))
            .collect();
        self.error(
            file,
            place.account_key.at,
            account_path,
            format!(
                "`{}` accounts need {} to be matched to their remote account",
                place.config.provider_type,
                wanted.join(" or ")
            ),
            None,
        );
        None
    }

    /// Checks the value an account is matched by; `false` when it cannot match any account.
    /// `own` is whether the account sets it (a person's email is checked with the person).
    #[allow(clippy::too_many_arguments)]
    fn key_value(
        &mut self,
        file: &str,
        kind: KeyKind,
        node: &Tree,
        path: FieldPath,
        own: bool,
        table: &Table,
        config: &ProviderConfig,
    ) -> bool {
        let name = kind.manifest_key();
        let value = node.text().unwrap_or_default();
        if value.trim().is_empty() {
            self.error(
                file,
                node.at,
                path,
                format!("`{name}` is empty, so it matches no account"),
                Some(format!(
                    "write the remote account's `{name}`, or remove the account"
                )),
            );
            return false;
        }
        if kind == KeyKind::Email && own && !self.email(file, path, node) {
            return false;
        }
        let field_kind = match kind {
            KeyKind::Email => Some(FieldKind::Email),
            KeyKind::UserName => Some(FieldKind::UserName),
            KeyKind::UserId => None,
        };
        // The table's checks of the same field, else usersync's for an identifier.
        let checks = field_kind
            .and_then(|k| table.field(k))
            .map_or(Check::LINE, |spec| spec.checks);
        self.checks(file, node.at, path, checks, value, config)
            .is_some()
    }
}

/// The kind of key an account is matched by: the first of its type's kinds it sets.
fn key_kind(table: &Table, place: &Place) -> Option<KeyKind> {
    table
        .keys
        .iter()
        .map(|key| key.kind)
        .find(|kind| match kind {
            KeyKind::Email => place.own("email").is_some() || place.shared("email").is_some(),
            KeyKind::UserId => place.own("user_id").is_some(),
            KeyKind::UserName => place.own("user_name").is_some(),
        })
}

/// `a` or `an` before a word, by its first letter.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
