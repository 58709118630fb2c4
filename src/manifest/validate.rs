//! Pure. Checks what the schema cannot (provider configuration per type, which fields a
//! provider type holds, emails and phones, accounts claimed twice, unique values wanted twice)
//! and builds the desired state. Every problem is collected; nothing stops at the first.

mod forwarding;

use std::collections::{BTreeMap, HashSet};

use serde_json::Value as Json;

use super::diagnostic::{Diagnostic, did_you_mean, quoted_list};
use super::load::{Loaded, Positions};
use super::types::{Account, Person, SkillGroupRef};
use crate::config::ProviderConfig;
use crate::model::{AccountKey, Field, FieldKind, KeyKind, Origin, Value};
use crate::phone::Phone;
use crate::providers::table::{Check, FieldSpec, Form};
use crate::providers::{self, Table, codec};
use crate::state::{DesiredAccount, DesiredProvider, DesiredState, DesiredValue};

/// Builds the desired state, or returns every problem found.
pub fn desired_state(loaded: &Loaded) -> Result<DesiredState, Vec<Diagnostic>> {
    let mut checker = Checker {
        positions: &loaded.positions,
        dropped: &loaded.dropped,
        problems: Vec::new(),
    };
    let mut state = DesiredState::default();
    for (name, config) in &loaded.manifest.providers {
        checker.provider(name, config);
        let origin = loaded.positions.key(&format!("providers.{name}"));
        state.providers.insert(
            name.clone(),
            DesiredProvider {
                config: config.clone(),
                origin,
            },
        );
    }
    for (person_name, person) in &loaded.manifest.users {
        checker.person(person_name, person);
        for (provider_name, account) in &person.accounts {
            let path = format!("users.{person_name}.accounts.{provider_name}");
            if loaded.broken_providers.contains(provider_name) {
                continue;
            }
            let Some(config) = loaded.manifest.providers.get(provider_name) else {
                let declared = loaded.manifest.providers.keys().map(String::as_str);
                let hint = did_you_mean(provider_name, declared.clone())
                    .unwrap_or_else(|| format!("declared providers: {}", quoted_list(declared)));
                checker.error(
                    checker.positions.key(&path),
                    &path,
                    format!("provider `{provider_name}` is not declared under `providers`"),
                    Some(hint),
                );
                continue;
            };
            if let Some(desired) =
                checker.account(&path, person_name, person, provider_name, config, account)
            {
                state.accounts.push(desired);
            }
        }
    }
    state
        .accounts
        .sort_by(|a, b| (&a.provider, &a.person).cmp(&(&b.provider, &b.person)));
    checker.claimed_twice(&state.accounts);
    let targets = forwarding::targets(&loaded.manifest, &state.accounts, &loaded.positions);
    checker.problems.extend(targets);
    if checker.problems.is_empty() {
        Ok(state)
    } else {
        checker.problems.sort();
        checker.problems.dedup();
        Err(checker.problems)
    }
}

struct Checker<'a> {
    positions: &'a Positions,
    /// Entries dropped for structural problems, already reported.
    dropped: &'a HashSet<String>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, origin: Origin, path: &str, message: String, hint: Option<String>) {
        let mut diagnostic = Diagnostic::new(origin, path, message);
        diagnostic.hint = hint;
        self.problems.push(diagnostic);
    }

    fn provider(&mut self, name: &str, config: &ProviderConfig) {
        let path = format!("providers.{name}");
        let table = providers::table(config.provider_type);
        let needed = table.instance_key.config_key();
        let written_broken = |key: &str| self.dropped.contains(&format!("{path}.{key}"));
        if table.instance(config).is_err() && !written_broken(needed) {
            self.error(
                self.positions.key(&path),
                &path,
                format!("`{}` providers need `{needed}`", config.provider_type),
                None,
            );
        }
        if table.host.needs_region()
            && config.region.is_none()
            && config.endpoint.is_none()
            && !written_broken("region")
            && !written_broken("endpoint")
        {
            self.error(
                self.positions.key(&path),
                &path,
                format!(
                    "{} `{}` provider needs `region` (or an `endpoint`)",
                    article(config.provider_type.as_str()),
                    config.provider_type
                ),
                Some("the region of the instance, e.g. `cn-shanghai`".into()),
            );
        }
        if let Some(endpoint) = &config.endpoint
            && !(endpoint.starts_with("https://") || endpoint.starts_with("http://"))
        {
            let field = format!("{path}.endpoint");
            self.error(
                self.positions.value(&field),
                &field,
                format!("found `{endpoint}`, expected a URL starting with `https://` or `http://`"),
                None,
            );
        }
        for (action, rate) in &config.rate_limit {
            let field = format!("{path}.rate_limit.{action}");
            if !table.actions.contains(&action.as_str()) {
                let hint =
                    did_you_mean(action, table.actions.iter().copied()).unwrap_or_else(|| {
                        format!("actions: {}", quoted_list(table.actions.iter().copied()))
                    });
                self.error(
                    self.positions.key(&field),
                    &field,
                    format!("`{}` does not call `{action}`", config.provider_type),
                    Some(hint),
                );
            } else if !(rate.is_finite() && *rate > 0.0) {
                self.error(
                    self.positions.value(&field),
                    &field,
                    format!("found `{rate}`, expected a positive number of requests per second"),
                    None,
                );
            }
        }
    }

    fn person(&mut self, name: &str, person: &Person) {
        let path = format!("users.{name}");
        if let Some(email) = &person.email {
            self.email(&format!("{path}.email"), email);
        }
        if let Some(phone) = &person.phone {
            self.phone(&format!("{path}.phone"), phone);
        }
    }

    fn email(&mut self, path: &str, email: &str) -> bool {
        match email_problem(email) {
            None => true,
            Some(problem) => {
                self.error(
                    self.positions.value(path),
                    path,
                    format!("found `{email}`, {problem}"),
                    Some("an address such as `alice@example.com`".into()),
                );
                false
            }
        }
    }

    fn phone(&mut self, path: &str, phone: &str) -> Option<Phone> {
        match Phone::parse_e164(phone).and_then(|parsed| parsed.check_possible().map(|()| parsed)) {
            Ok(parsed) => Some(parsed),
            Err(problem) => {
                self.error(
                    self.positions.value(path),
                    path,
                    format!("found `{phone}`: {problem}"),
                    Some("an E.164 number such as `+8613800000001`".into()),
                );
                None
            }
        }
    }

    fn account(
        &mut self,
        path: &str,
        person_name: &str,
        person: &Person,
        provider_name: &str,
        config: &ProviderConfig,
        account: &Account,
    ) -> Option<DesiredAccount> {
        let table = providers::table(config.provider_type);
        let before = self.problems.len();
        let set = set_keys(account);
        for key in set.keys() {
            if !table.holds(key) {
                let field = format!("{path}.{key}");
                self.error(
                    self.positions.key(&field),
                    &field,
                    format!("`{}` accounts cannot hold `{key}`", config.provider_type),
                    Some(format!(
                        "`{}` accounts hold: {}",
                        config.provider_type,
                        quoted_list(table.manifest_keys())
                    )),
                );
            }
        }
        let key = self.account_key(
            path,
            &format!("users.{person_name}"),
            person,
            table,
            account,
            config,
        );
        let mut fields = BTreeMap::new();
        for field_spec in table.fields {
            let kind = field_spec.kind;
            if kind == FieldKind::UserName
                && key_kind(table, person, account) == Some(KeyKind::UserName)
            {
                continue; // the key itself (checked as the key)
            }
            let own = set.get(kind.key());
            let shared = if field_spec.shared {
                shared_value(person, kind)
            } else {
                None
            };
            let (json, value_path) = match (own, shared) {
                (Some(json), _) => (json.clone(), format!("{path}.{}", kind.key())),
                (None, Some(json)) => (json, format!("users.{person_name}.{}", kind.key())),
                (None, None) => continue,
            };
            if kind == FieldKind::CustomField {
                for (name, value) in &account.custom_fields {
                    let field_path = format!("{value_path}.{name}");
                    let value = match value {
                        None => Value::Unset,
                        Some(text) if text.trim().is_empty() => {
                            self.error(
                                self.positions.value(&field_path),
                                &field_path,
                                "an empty value would clear the field, and the providers do not document clearing".into(),
                                Some("write `null` to remove the value, or remove the key to leave it unmanaged".into()),
                            );
                            continue;
                        }
                        Some(text) => {
                            if self
                                .checks(&field_path, field_spec.checks, text, config)
                                .is_none()
                            {
                                continue;
                            }
                            Value::Text(text.clone())
                        }
                    };
                    let origin = self.positions.value(&field_path);
                    fields.insert(Field::custom(name), DesiredValue { value, origin });
                }
                continue;
            }
            if !kind.parts().is_empty() {
                fields.extend(self.forwarding(&value_path, kind, &json, table, config));
                continue;
            }
            if let Some(value) = self.field_value(&value_path, field_spec, &json, config) {
                let origin = self.positions.value(&value_path);
                fields.insert(Field::known(kind), DesiredValue { value, origin });
            }
        }
        if self.problems.len() > before {
            return None;
        }
        Some(DesiredAccount {
            person: person_name.to_string(),
            provider: provider_name.to_string(),
            provider_type: config.provider_type,
            key: key?,
            fields,
            origin: self.positions.key(path),
        })
    }

    /// The identifier the account is matched by: the first of the type's key kinds present,
    /// checked as the value it is (an email, a user name the provider can hold).
    fn account_key(
        &mut self,
        path: &str,
        person_path: &str,
        person: &Person,
        table: &Table,
        account: &Account,
        config: &ProviderConfig,
    ) -> Option<AccountKey> {
        if let Some(kind) = key_kind(table, person, account) {
            let own = |value: &Option<String>| value.clone().zip(Some(true));
            let (value, own) = match kind {
                KeyKind::Email => own(&account.email)
                    .or_else(|| person.email.clone().zip(Some(false)))
                    .expect("key_kind found it"),
                KeyKind::UserId => own(&account.user_id).expect("key_kind found it"),
                KeyKind::UserName => own(&account.user_name).expect("key_kind found it"),
            };
            let value_path = if own {
                format!("{path}.{}", kind.manifest_key())
            } else {
                format!("{person_path}.email")
            };
            if !self.key_value(kind, &value, &value_path, own, table, config) {
                return None;
            }
            return Some(kind.key(value));
        }
        // A key written with a wrong type was dropped and reported already.
        let broken = table.keys.iter().any(|key| {
            let name = key.kind.manifest_key();
            self.dropped.contains(&format!("{path}.{name}"))
                || (key.kind == KeyKind::Email
                    && self.dropped.contains(&format!("{person_path}.email")))
        });
        if broken {
            return None;
        }
        let wanted: Vec<&str> = table.keys.iter().map(|k| k.kind.manifest_key()).collect();
        self.error(
            self.positions.key(path),
            path,
            format!(
                "`{}` accounts need {} to be matched to their remote account",
                config.provider_type,
                wanted
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            None,
        );
        None
    }

    /// Checks the value an account is matched by; `false` when it cannot match any account.
    /// `own` is whether the account sets it (a person's email is checked with the person).
    fn key_value(
        &mut self,
        kind: KeyKind,
        value: &str,
        path: &str,
        own: bool,
        table: &Table,
        config: &ProviderConfig,
    ) -> bool {
        let name = kind.manifest_key();
        if value.trim().is_empty() {
            self.error(
                self.positions.value(path),
                path,
                format!("`{name}` is empty, so it matches no account"),
                Some(format!(
                    "write the remote account's `{name}`, or remove the account"
                )),
            );
            return false;
        }
        if kind == KeyKind::Email && own && !self.email(path, value) {
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
        self.checks(path, checks, value, config).is_some()
    }

    /// Converts one field to its canonical value, checking what the provider can hold.
    fn field_value(
        &mut self,
        path: &str,
        spec: &FieldSpec,
        json: &Json,
        config: &ProviderConfig,
    ) -> Option<Value> {
        match (spec.kind, json) {
            (_, Json::String(text)) if text.trim().is_empty() => {
                self.error(
                    self.positions.value(path),
                    path,
                    "an empty value would clear the field, and the providers do not document clearing".into(),
                    Some("remove the key to leave the field unmanaged".into()),
                );
                None
            }
            (FieldKind::Email, Json::String(email)) => {
                if !self.email(path, email) {
                    return None;
                }
                self.checks(path, spec.checks, email, config)?;
                Some(Value::Text(email.clone()))
            }
            (FieldKind::Phone, Json::String(text)) => {
                let phone = self.phone(path, text)?;
                let fits = match spec.form {
                    Form::Phone(form) => codec::phone_fits(form, &phone),
                    _ => Ok(()),
                };
                if let Err(problem) = fits {
                    self.error(
                        self.positions.value(path),
                        path,
                        format!("`{text}` cannot be held: {problem}"),
                        Some("set a `phone` on this account that the provider can hold, or leave the account's phone unmanaged with a different number".into()),
                    );
                    return None;
                }
                Some(Value::Text(phone.e164()))
            }
            (_, Json::Array(items)) => {
                let refs: Vec<SkillGroupRef> =
                    serde_json::from_value(Json::Array(items.clone())).ok()?;
                for item in &refs {
                    if let SkillGroupRef::Name(name) = item {
                        self.checks(path, spec.checks, name, config)?;
                    }
                }
                Some(Value::list(refs.into_iter().map(|r| match r {
                    SkillGroupRef::Id(id) => id.to_string(),
                    SkillGroupRef::Name(name) => name,
                })))
            }
            (_, Json::Bool(flag)) => Some(Value::Bool(*flag)),
            (_, Json::String(text)) => {
                self.checks(path, spec.checks, text, config)?;
                Some(Value::Text(text.clone()))
            }
            (_, other) => Some(Value::Text(other.to_string())),
        }
    }

    /// Applies a field's checks from its provider's table; `None` when one fails.
    fn checks(
        &mut self,
        path: &str,
        checks: &[Check],
        text: &str,
        config: &ProviderConfig,
    ) -> Option<()> {
        match providers::check::first_violation(checks, config.provider_type, text) {
            None => Some(()),
            Some(message) => {
                self.error(self.positions.value(path), path, message, None);
                None
            }
        }
    }

    /// The same remote account claimed twice, or one unique value wanted by two accounts.
    /// Keys and values compare as the services compare them (emails and login names without
    /// regard to case).
    fn claimed_twice(&mut self, accounts: &[DesiredAccount]) {
        let mut claims: BTreeMap<(&str, AccountKey), &DesiredAccount> = BTreeMap::new();
        let mut wanted: BTreeMap<(&str, FieldKind, Value), &DesiredAccount> = BTreeMap::new();
        for account in accounts {
            let claim = (account.provider.as_str(), account.key.folded());
            if let Some(first) = claims.get(&claim) {
                let spelled = if first.key == account.key {
                    String::new()
                } else {
                    format!(", as `{}`", first.key)
                };
                self.problems.push(
                    Diagnostic::new(
                        account.origin.clone(),
                        format!("users.{}.accounts.{}", account.person, account.provider),
                        format!(
                            "account `{}` on `{}` is defined twice (also by `{}`{spelled})",
                            account.key, account.provider, first.person
                        ),
                    )
                    .related(first.origin.clone())
                    .hint(if spelled.is_empty() {
                        "one remote account belongs to one person"
                    } else {
                        "one remote account belongs to one person; emails and user names match without regard to case"
                    }),
                );
            } else {
                claims.insert(claim, account);
            }
            for kind in providers::table(account.provider_type).unique {
                let Some(desired) = account.fields.get(&Field::known(*kind)) else {
                    continue;
                };
                let slot = (
                    account.provider.as_str(),
                    *kind,
                    desired.value.folded(*kind),
                );
                if let Some(first) = wanted.get(&slot) {
                    let theirs = &first.fields[&Field::known(*kind)];
                    let spelled = if theirs.value == desired.value {
                        String::new()
                    } else {
                        format!(" as `{}` (compared without regard to case)", theirs.value)
                    };
                    self.problems.push(
                        Diagnostic::new(
                            desired.origin.clone(),
                            format!(
                                "users.{}.accounts.{}.{}",
                                account.person,
                                account.provider,
                                kind.key()
                            ),
                            format!(
                                "`{}` must be unique on `{}`, and `{}` wants it too{spelled}",
                                desired.value, account.provider, first.person
                            ),
                        )
                        .related(theirs.origin.clone()),
                    );
                } else {
                    wanted.insert(slot, account);
                }
            }
        }
    }
}

/// The kind of key an account is matched by: the first of its type's kinds it sets.
fn key_kind(table: &Table, person: &Person, account: &Account) -> Option<KeyKind> {
    table
        .keys
        .iter()
        .map(|key| key.kind)
        .find(|kind| match kind {
            KeyKind::Email => account.email.is_some() || person.email.is_some(),
            KeyKind::UserId => account.user_id.is_some(),
            KeyKind::UserName => account.user_name.is_some(),
        })
}

/// A control character in text that must not hold it, shown escaped.
/// `a` or `an` before a word, by its first letter.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The keys set on an account, as the manifest spells them.
fn set_keys(account: &Account) -> BTreeMap<String, Json> {
    match serde_json::to_value(account) {
        Ok(Json::Object(map)) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    }
}

fn shared_value(person: &Person, kind: FieldKind) -> Option<Json> {
    let value = match kind {
        FieldKind::DisplayName => person.display_name.as_ref(),
        FieldKind::Email => person.email.as_ref(),
        FieldKind::Phone => person.phone.as_ref(),
        _ => None,
    };
    value.map(|text| Json::String(text.clone()))
}

/// Why an email is malformed, if it is (export asks too, to leave out what would not validate).
pub fn email_problem(email: &str) -> Option<&'static str> {
    let Some((local, domain)) = email.split_once('@') else {
        return Some("expected one `@`");
    };
    if local.is_empty() || domain.contains('@') {
        return Some("expected text before a single `@`");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("expected no spaces");
    }
    if !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Some("expected a domain such as `example.com` after the `@`");
    }
    None
}
