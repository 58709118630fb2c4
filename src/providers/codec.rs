//! Pure. One field's value in and out of its wire form ([`Form`]): read from an entry of a
//! list or extra read into usersync's canonical [`Value`], and written into the parameters of a
//! write call. What a field is called and which form it has comes from the provider's table.
//! Never sends anything.

use compact_str::CompactString;
use serde_json::{Value as Json, json};

use super::forwarding;
use super::paging::Params;
use super::table::{FieldSpec, Form, PhoneForm};
use crate::json::{self, JsonRef};
use crate::model::{Field, FieldMap, Value};
use crate::phone::Phone;

/// Reads `spec`'s value from `entry` into `fields` (nothing when it is not set). `id` names the
/// account in messages.
pub fn read(
    spec: &FieldSpec,
    entry: &JsonRef,
    id: &str,
    fields: &mut FieldMap<Value>,
) -> Result<(), String> {
    let name = spec.read_name;
    let value = match spec.form {
        Form::Text | Form::Reference => json::text(entry, name).map(Value::Text),
        Form::Bool => json::boolean(entry, name).map(Value::Bool),
        Form::Phone(form) => read_phone(form, entry, name).map(|phone| Value::text(phone.e164())),
        Form::Choice(choices) => match json::integer(entry, name) {
            None => None,
            Some(wire) => {
                let (word, _) = choices
                    .iter()
                    .find(|(_, number)| *number == wire)
                    .ok_or_else(|| format!("unknown `{name}` {wire} for `{id}`"))?;
                Some(Value::text(*word))
            }
        },
        Form::Ids { item_id } => {
            let noun = spec.catalog.map_or("entry", |catalog| catalog.noun());
            let ids = json::array(entry, name)?
                .iter()
                .map(|item| json::text(item, item_id).ok_or_else(|| format!("a {noun} has no id")))
                .collect::<Result<Vec<CompactString>, _>>()?;
            Some(Value::list(ids))
        }
        Form::CustomFields => {
            for custom in json::array(entry, name)? {
                let Some(field_name) = json::text::<Box<str>>(custom, "FieldName") else {
                    continue;
                };
                if let Some(value) = json::text(custom, "FieldValue") {
                    fields.insert(Field::custom(field_name), Value::Text(value));
                }
            }
            None
        }
        Form::Forwarding(form) => {
            forwarding::read(form, spec.kind, entry, name, id, fields)?;
            None
        }
    };
    if let Some(value) = value {
        fields.insert(Field::known(spec.kind), value);
    }
    Ok(())
}

fn read_phone(form: PhoneForm, entry: &JsonRef, name: &str) -> Option<Phone> {
    match form {
        PhoneForm::Prefixed00 => {
            json::text::<String>(entry, name).and_then(|w| Phone::from_tencent_ccc(&w))
        }
        PhoneForm::MainlandNational => {
            json::text::<String>(entry, name).and_then(|w| Phone::from_alibaba_ccc(&w))
        }
        PhoneForm::RegionAndNumber { region } => {
            let region: String = json::text(entry, region).unwrap_or_default();
            let number: String = json::text(entry, name).unwrap_or_default();
            Phone::from_eiam(&region, &number)
        }
    }
}

/// Whether `phone` can be held in `form`, and why not.
pub fn phone_fits(form: PhoneForm, phone: &Phone) -> Result<(), String> {
    match form {
        PhoneForm::Prefixed00 => Ok(()),
        PhoneForm::MainlandNational => phone.alibaba_ccc_wire().map(drop),
        PhoneForm::RegionAndNumber { .. } => phone.eiam_wire().map(drop),
    }
}

/// Text of a value that must be text; the planner only produces text for text fields.
pub fn text(value: &Value) -> &str {
    value.as_text().unwrap_or_default()
}

/// Writes `value` of `spec` (the custom field `custom` for custom fields) into `params`, with
/// the parameters the field must travel with. Custom fields are collected in `custom_fields`,
/// which the caller sends as one array.
pub fn write(
    spec: &FieldSpec,
    write_name: &str,
    custom: Option<&str>,
    value: &Value,
    params: &mut Params,
    custom_fields: &mut Vec<Json>,
) -> Result<(), String> {
    let wire = match spec.form {
        Form::Text | Form::Reference => Json::from(text(value)),
        Form::Bool => Json::from(value == &Value::Bool(true)),
        Form::Phone(form) => {
            let phone = Phone::parse_e164(text(value))?;
            match form {
                PhoneForm::Prefixed00 => Json::from(phone.tencent_ccc_wire()),
                PhoneForm::MainlandNational => Json::from(phone.alibaba_ccc_wire()?),
                PhoneForm::RegionAndNumber { region } => {
                    let (code, number) = phone.eiam_wire()?;
                    params.insert(region.into(), Json::from(code));
                    Json::from(number)
                }
            }
        }
        Form::Choice(choices) => {
            let (_, number) = choices
                .iter()
                .find(|(word, _)| *word == text(value))
                .ok_or_else(|| format!("unknown {} `{value}`", spec.kind.key()))?;
            Json::from(*number)
        }
        Form::Ids { .. } => ids(spec, value)?,
        Form::CustomFields => {
            let name = custom.unwrap_or_default();
            custom_fields.push(match value {
                Value::Unset => json!({"FieldName": name, "Operation": "remove"}),
                value => {
                    json!({"FieldName": name, "FieldValue": text(value), "Operation": "replace"})
                }
            });
            return Ok(());
        }
        Form::Forwarding(_) => {
            return Err(format!(
                "{} is written whole, from all its parts",
                spec.kind.key()
            ));
        }
    };
    params.insert(write_name.into(), wire);
    for (name, flag) in spec.with {
        params.insert((*name).into(), Json::from(*flag));
    }
    Ok(())
}

fn ids(spec: &FieldSpec, value: &Value) -> Result<Json, String> {
    let Value::List(ids) = value else {
        return Err(format!("{} must be a list", spec.kind.key()));
    };
    let noun = spec.catalog.map_or("id", |catalog| catalog.noun());
    ids.iter()
        .map(|id| {
            id.parse::<u64>()
                .map(Json::from)
                .map_err(|_| format!("{noun} `{id}` is not resolved to a numeric id"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Json::Array)
}
