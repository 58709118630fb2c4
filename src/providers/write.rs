//! Pure. The parameters of a provider's one write call, built from its table: the instance,
//! the account's address, what every call must carry (sent as observed when unchanged), and
//! each changed field in its wire form with the parameters it travels with (a structured field,
//! call forwarding, whole: its changed parts and the observed others). Logical form: the
//! transport serialises it as a JSON body (Tencent) or a flattened query (Alibaba). Never sends
//! anything.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::Instance;
use super::codec;
use super::forwarding;
use super::paging::Params;
use super::table::{Form, Table};
use crate::model::{Field, FieldKind, FieldMap, Value};

/// A field's new value as the write call needs it.
pub struct Assignment<'a> {
    pub kind: FieldKind,
    /// The custom field's name, or the part of a structured field; `None` for every other kind.
    pub custom: Option<&'a str>,
    pub value: &'a Value,
}

/// The parameters of the write call that makes account `remote_id` carry `assignments`.
/// `observed` holds the account's current values, for the fields every call must carry.
pub fn update_params(
    table: &Table,
    instance: &Instance,
    remote_id: &str,
    observed: &FieldMap<Value>,
    assignments: &[Assignment],
) -> Result<Params, String> {
    let mut params = Map::new();
    instance.insert_into(&mut params);
    params.insert(table.address.param.into(), Json::from(remote_id));
    let mut custom_fields = Vec::new();
    let mut whole = Vec::new();
    for kind in table.carried {
        let spec = table.field(*kind).expect("a carried field is in its table");
        let value = assignments
            .iter()
            .find(|assignment| assignment.kind == *kind)
            .map(|assignment| assignment.value)
            .or_else(|| observed.get(&Field::known(*kind)))
            .filter(|value| !codec::text(value).is_empty())
            .ok_or_else(|| {
                format!(
                    "the account's current {} is unknown, and {} requires one",
                    spec.read_name, table.write_action
                )
            })?;
        let name = table.write_name(*kind).unwrap_or(spec.read_name);
        codec::write(spec, name, None, value, &mut params, &mut custom_fields)?;
    }
    for assignment in assignments {
        if table.carried.contains(&assignment.kind) {
            continue;
        }
        let cannot = || {
            format!(
                "{} cannot write `{}`",
                table.provider_type,
                assignment.kind.key()
            )
        };
        let spec = table.field(assignment.kind).ok_or_else(cannot)?;
        let name = spec.write_name.ok_or_else(cannot)?;
        if let Form::Forwarding(form) = spec.form {
            if !whole.iter().any(|(kind, _, _)| *kind == spec.kind) {
                whole.push((spec.kind, name, form));
            }
            continue;
        }
        codec::write(
            spec,
            name,
            assignment.custom,
            assignment.value,
            &mut params,
            &mut custom_fields,
        )?;
    }
    for (kind, name, form) in whole {
        let parts: BTreeMap<&str, &Value> = kind
            .parts()
            .iter()
            .filter_map(|part| {
                let assigned = assignments
                    .iter()
                    .find(|a| a.kind == kind && a.custom == Some(*part))
                    .map(|a| a.value);
                let value = assigned.or_else(|| observed.get(&Field::part(kind, part)))?;
                Some((*part, value))
            })
            .collect();
        params.insert(name.into(), forwarding::write(form, &parts)?);
    }
    if !custom_fields.is_empty() {
        let name = table
            .fields
            .iter()
            .find(|spec| spec.form == Form::CustomFields)
            .and_then(|spec| spec.write_name)
            .expect("custom fields come only from a table with a custom-fields field");
        params.insert(name.into(), Json::Array(custom_fields));
    }
    Ok(params)
}
