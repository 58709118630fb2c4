//! Pure. One observed value in the manifest's terms, by its field's table entry: phones in
//! E.164, skill groups and roles by name where the catalog names them unambiguously (else by
//! id), enums as the table spells them. A value a manifest could not hold, or that `plan`
//! would not find equal, is an `Err` with the reason: a blank text, one the provider's checks
//! (or the manifest's email rule) refuse, a reference missing from the catalog. Never decides
//! which fields to export.

use serde_json::Value as Json;

use crate::manifest::validate::email_problem;
use crate::model::{FieldKind, ProviderType, Value};
use crate::phone::Phone;
use crate::providers::check::first_violation;
use crate::providers::table::{FieldSpec, Form};
use crate::state::{Catalog, CatalogEntry};

/// The manifest value of `value`, read for `spec`; `Ok(None)` when there is nothing worth
/// writing (an empty set).
pub fn manifest_value(
    provider_type: ProviderType,
    spec: &FieldSpec,
    value: &Value,
    catalog: &Catalog,
) -> Result<Option<Json>, String> {
    let entries = spec
        .catalog
        .map(|kind| (catalog.entries(kind), kind.noun()));
    match (spec.form, value) {
        (Form::Bool, Value::Bool(flag)) => Ok(Some(Json::Bool(*flag))),
        (Form::Ids { .. }, Value::List(ids)) if ids.is_empty() => Ok(None),
        (Form::Ids { .. }, Value::List(ids)) => {
            let refs = ids.iter().map(|id| match entries {
                Some((entries, noun)) => reference(entries, noun, id, true),
                None => Ok(id_json(id, true)),
            });
            refs.collect::<Result<Vec<_>, _>>()
                .map(|refs| Some(Json::Array(refs)))
        }
        (Form::Phone(_), Value::Text(text)) => match Phone::parse_e164(text) {
            Ok(phone) => Ok(Some(Json::String(phone.e164()))),
            Err(problem) => Err(problem),
        },
        (_, Value::Text(text)) if text.trim().is_empty() => {
            Err("a manifest cannot hold a blank value".into())
        }
        (Form::Reference, Value::Text(id)) => match entries {
            Some((entries, noun)) => reference(entries, noun, id, false).map(Some),
            None => Ok(Some(Json::from(id.as_str()))),
        },
        (Form::Text | Form::Choice(_), Value::Text(text)) => {
            if spec.kind == FieldKind::Email
                && let Some(problem) = email_problem(text)
            {
                return Err(problem.to_string());
            }
            if let Some(problem) = first_violation(spec.checks, provider_type, text) {
                return Err(problem);
            }
            Ok(Some(Json::from(text.as_str())))
        }
        (_, other) => Err(format!("`{other}` is not a value this field holds")),
    }
}

/// A reference to catalog entry `id`: its name when that name finds it and only it (`plan`
/// resolves a reference as an id first, then as a name), else the id.
fn reference(
    entries: &[CatalogEntry],
    noun: &str,
    id: &str,
    numeric: bool,
) -> Result<Json, String> {
    let Some(entry) = entries.iter().find(|entry| entry.id == id) else {
        return Err(format!(
            "{noun} `{id}` is not in the provider's list of {noun}s"
        ));
    };
    let name = entry.name.as_str();
    let unambiguous = !name.trim().is_empty()
        && entries.iter().filter(|e| e.name == name).count() == 1
        && !entries.iter().any(|e| e.id == name);
    Ok(if unambiguous {
        Json::String(name.to_string())
    } else {
        id_json(id, numeric)
    })
}

/// An id as the manifest writes it: a number when the field takes numeric ids.
fn id_json(id: &str, numeric: bool) -> Json {
    match id.parse::<u64>() {
        Ok(number) if numeric => Json::from(number),
        _ => Json::String(id.to_string()),
    }
}
