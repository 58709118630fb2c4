//! Pure. One exported person from its accounts. Each account gets the key it is matched by and
//! every field a manifest can write that was read (read-only fields are left out: `plan` could
//! only report them). A shared attribute (`FieldSpec::shared`: display name, email, phone) is
//! hoisted to the person when a value exists that every account holding the attribute either
//! has or can override; the most common value wins, and accounts that differ keep theirs. An
//! account matched by its email inherits the person's email as its key when they agree.
//! Never invents a value: what is not read stays out of the manifest.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value as Json};

use super::Remote;
use super::forwarding;
use super::value::manifest_value;
use crate::manifest::types::{Account, Person};
use crate::manifest::validate::email_problem;
use crate::model::{Field, FieldKind, ProviderType};
use crate::phone::Phone;
use crate::providers;
use crate::providers::table::{Form, Source};

/// An exported person, and the email it ended up with (for its name).
#[derive(Clone, Debug)]
pub struct Built {
    pub person: Person,
    pub email: Option<String>,
}

/// A shared attribute's value on one account, and whether the account could override it.
#[derive(Clone, Debug)]
struct Held {
    value: Json,
    writable: bool,
}

/// An account on its way: its manifest keys, and its shared attributes (`None`: absent or not
/// read, which rules out a person-level value that would apply to it).
struct Draft<'r, 'a> {
    remote: &'r Remote<'a>,
    fields: Map<String, Json>,
    shared: Vec<(FieldKind, Option<Held>)>,
}

impl Draft<'_, '_> {
    fn held(&self, kind: FieldKind) -> Option<&Option<Held>> {
        self.shared
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, held)| held)
    }
}

/// The person `remotes` make up.
pub fn build(remotes: &[&Remote], all_fields: bool, notes: &mut Vec<String>) -> Built {
    let mut drafts: Vec<Draft> = remotes
        .iter()
        .map(|remote| draft(remote, all_fields, notes))
        .collect();
    let mut person = Map::new();
    for kind in shared_kinds() {
        hoist(kind, &mut drafts, &mut person);
    }
    let email = person.get(FieldKind::Email.key()).and_then(Json::as_str);
    let email = email.map(str::to_string);
    let accounts: Map<String, Json> = drafts
        .into_iter()
        .map(|draft| {
            (
                draft.remote.provider.to_string(),
                Json::Object(draft.fields),
            )
        })
        .collect();
    person.insert("accounts".into(), Json::Object(accounts));
    let person = serde_json::from_value(Json::Object(person))
        .expect("every value was checked against the manifest's types");
    Built { person, email }
}

fn draft<'r, 'a>(
    remote: &'r Remote<'a>,
    all_fields: bool,
    notes: &mut Vec<String>,
) -> Draft<'r, 'a> {
    let account = remote.account;
    let key = remote.key;
    let mut fields = Map::new();
    fields.insert(key.kind().manifest_key().into(), Json::from(key.value()));
    let mut shared = Vec::new();
    let mut left_out = |field: &str, why: String| {
        let noun = remote.table.noun;
        let label = account.label();
        notes.push(format!(
            "`{}` {noun} `{label}`: `{field}` left out: {why}",
            remote.provider
        ));
    };
    for spec in remote.table.fields {
        let name = spec.kind.key();
        let read = all_fields || spec.source == Source::List;
        if !read {
            // Not known: a person-level value would apply to it unseen.
            if spec.shared {
                shared.push((spec.kind, None));
            }
            continue;
        }
        if name == key.kind().manifest_key() {
            continue; // the key itself: equal by definition
        }
        if spec.form == Form::CustomFields {
            if spec.write_name.is_some() {
                custom_fields(remote, &mut fields);
            }
            continue;
        }
        if forwarding::is_forwarding(spec) {
            let target = format!("{name}.to");
            let mut why_left_out = |why| left_out(&target, why);
            if let Some(value) = forwarding::value(remote, spec, &mut why_left_out) {
                fields.insert(name.into(), value);
            }
            continue;
        }
        let value = match account.fields.get(&Field::known(spec.kind)) {
            None => Ok(None),
            Some(value) => manifest_value(remote.table.provider_type, spec, value, remote.catalog),
        };
        let value = match value {
            Ok(Some(value)) if !accepts::<Account>(name, &value) => {
                let shown = value.as_str().map_or(value.to_string(), str::to_string);
                left_out(
                    name,
                    format!("`{shown}` is not a value a manifest can hold"),
                );
                None
            }
            Ok(value) => value,
            Err(why) => {
                left_out(name, why);
                None
            }
        };
        if spec.shared {
            let writable = spec.write_name.is_some();
            shared.push((spec.kind, value.map(|value| Held { value, writable })));
        } else if let (Some(value), Some(_)) = (value, spec.write_name) {
            fields.insert(name.into(), value);
        }
    }
    Draft {
        remote,
        fields,
        shared,
    }
}

/// The account's custom fields that have a value, by name.
fn custom_fields(remote: &Remote, fields: &mut Map<String, Json>) {
    let values: Map<String, Json> = remote
        .account
        .fields
        .iter()
        .filter(|(field, _)| field.kind == FieldKind::CustomField)
        .filter_map(|(field, value)| Some((field.custom.as_deref()?, value.as_text()?)))
        .map(|(name, value)| (name.to_string(), Json::from(value)))
        .collect();
    if !values.is_empty() {
        let key = FieldKind::CustomField.key();
        fields.insert(key.into(), Json::Object(values));
    }
}

/// Puts shared attribute `kind` on the person when one value fits every account holding it;
/// the accounts that differ (or all of them, when no value fits) keep their own.
fn hoist(kind: FieldKind, drafts: &mut [Draft], person: &mut Map<String, Json>) {
    let name = kind.key();
    let holders: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].held(kind).is_some())
        .collect();
    // Accounts matched by a key of the same name take the person's value as their key.
    let keyed: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].remote.key.kind().manifest_key() == name)
        .collect();
    let values: Vec<Json> = if holders.is_empty() {
        keyed
            .iter()
            .map(|&i| Json::from(drafts[i].remote.key.value()))
            .collect()
    } else {
        holders
            .iter()
            .filter_map(|&i| drafts[i].held(kind)?.as_ref())
            .map(|held| held.value.clone())
            .collect()
    };
    let fits = |value: &Json| {
        person_accepts(kind, value)
            && holders.iter().all(|&i| match drafts[i].held(kind) {
                Some(Some(held)) => held.value == *value || held.writable,
                _ => false,
            })
    };
    let chosen = most_common(&values).into_iter().find(|value| fits(value));
    if let Some(value) = &chosen {
        person.insert(name.into(), value.clone());
        let folded = value.as_str().map(str::to_lowercase);
        for &i in &keyed {
            if Some(drafts[i].remote.key.value().to_lowercase()) == folded {
                drafts[i].fields.remove(name);
            }
        }
    }
    for &i in &holders {
        let own = match drafts[i].held(kind) {
            Some(Some(held)) if held.writable && Some(&held.value) != chosen.as_ref() => {
                held.value.clone()
            }
            _ => continue,
        };
        drafts[i].fields.insert(name.into(), own);
    }
}

/// Every attribute some provider type shares with the person, in field order.
fn shared_kinds() -> BTreeSet<FieldKind> {
    let tables = ProviderType::ALL.into_iter().map(providers::table);
    let specs = tables.flat_map(|table| table.fields.iter());
    specs
        .filter(|spec| spec.shared)
        .map(|spec| spec.kind)
        .collect()
}

/// Distinct values, the most frequent first (the first seen first on a tie).
fn most_common(values: &[Json]) -> Vec<Json> {
    let mut distinct: Vec<(usize, usize, &Json)> = Vec::new();
    for (index, value) in values.iter().enumerate() {
        match distinct.iter_mut().find(|(_, _, seen)| *seen == value) {
            Some((count, _, _)) => *count += 1,
            None => distinct.push((1, index, value)),
        }
    }
    distinct.sort_by_key(|(count, first, _)| (std::cmp::Reverse(*count), *first));
    distinct
        .into_iter()
        .map(|(_, _, value)| value.clone())
        .collect()
}

/// Whether the person may hold `value` as `kind`, by the manifest's types and checks.
fn person_accepts(kind: FieldKind, value: &Json) -> bool {
    let text = value.as_str().unwrap_or_default();
    let valid = match kind {
        FieldKind::Email => email_problem(text).is_none(),
        FieldKind::Phone => Phone::parse_e164(text).is_ok(),
        _ => true,
    };
    valid && accepts::<Person>(kind.key(), value)
}

/// Whether manifest type `T` accepts `value` under `key` (an enum spelling, a key it has).
fn accepts<T: DeserializeOwned>(key: &str, value: &Json) -> bool {
    let mut one = Map::new();
    one.insert(key.into(), value.clone());
    serde_json::from_value::<T>(Json::Object(one)).is_ok()
}
