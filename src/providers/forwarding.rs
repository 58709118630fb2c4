//! Pure. Call forwarding in and out of its wire object ([`ForwardingForm`]): read into the
//! parts of its field (`enabled`, `when`, `to`), and written whole from the parts' values (the
//! manifest's where it sets a part, the observed one where it does not), since the service
//! replaces the whole object. Never sends anything.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::table::ForwardingForm;
use crate::json::{self, JsonRef};
use crate::model::{Field, FieldKind, FieldMap, Target, Value};

/// The part that switches forwarding on or off (a boolean).
pub const ENABLED: &str = "enabled";
/// The part that says when calls are forwarded (a word of the form's `conditions`).
pub const WHEN: &str = "when";
/// The part that says where calls go (a [`Target`]).
pub const TO: &str = "to";

/// Reads the object `name` of `entry` into the parts of `kind`. A `null` or missing object
/// (never set) gives no part; `0` or `""` stand for a value left out.
pub fn read(
    form: &ForwardingForm,
    kind: FieldKind,
    entry: &JsonRef,
    name: &str,
    id: &str,
    fields: &mut FieldMap<Value>,
) -> Result<(), String> {
    let Some(config) = entry.get(name).filter(|config| config.is_object()) else {
        return Ok(());
    };
    if let Some(enabled) = json::boolean(config, form.enabled) {
        fields.insert(Field::part(kind, ENABLED), Value::Bool(enabled));
    }
    match json::integer(config, form.condition) {
        None | Some(0) => {}
        Some(number) => {
            let (word, _) = form
                .conditions
                .iter()
                .find(|(_, n)| *n == number)
                .ok_or_else(|| {
                    format!("unknown `{name}.{}` {number} for `{id}`", form.condition)
                })?;
            fields.insert(Field::part(kind, WHEN), Value::text(*word));
        }
    }
    let Some(target) = config.get(form.target).filter(|t| t.is_object()) else {
        return Ok(());
    };
    match json::integer(target, form.target_type) {
        None | Some(0) => {}
        Some(number) => {
            let spec = form
                .targets
                .iter()
                .find(|spec| spec.number == number)
                .ok_or_else(|| {
                    format!(
                        "unknown `{name}.{}.{}` {number} for `{id}`",
                        form.target, form.target_type
                    )
                })?;
            let reference = json::text::<String>(target, spec.field)
                .filter(|reference| !(spec.numeric && reference == "0"));
            if let Some(reference) = reference {
                let value = Target::of_kind(spec.kind, reference).value();
                fields.insert(Field::part(kind, TO), value);
            }
        }
    }
    Ok(())
}

/// The whole object from the values of its parts (absent: neither set nor observed). Left
/// unknown, `enabled` is sent as `false` (what an agent without forwarding has); an enabled
/// forwarding needs a condition and a target, as the service does.
pub fn write(form: &ForwardingForm, parts: &BTreeMap<&str, &Value>) -> Result<Json, String> {
    let enabled = parts.get(ENABLED) == Some(&&Value::Bool(true));
    let mut object = Map::new();
    object.insert(form.enabled.into(), Json::from(enabled));
    match parts.get(WHEN) {
        Some(value) => {
            let word = value.as_text().unwrap_or_default();
            let (_, number) = form
                .conditions
                .iter()
                .find(|(w, _)| *w == word)
                .ok_or_else(|| format!("unknown forwarding condition `{value}`"))?;
            object.insert(form.condition.into(), Json::from(*number));
        }
        None if enabled => {
            return Err(
                "forwarding would be enabled without a condition: set `forwarding.when`".into(),
            );
        }
        None => {}
    }
    match parts.get(TO) {
        Some(value) => {
            object.insert(form.target.into(), target(form, value)?);
        }
        None if enabled => {
            return Err("forwarding would be enabled without a target: set `forwarding.to`".into());
        }
        None => {}
    }
    Ok(Json::Object(object))
}

/// `{Type, <the type's field>}` for a resolved target.
fn target(form: &ForwardingForm, value: &Value) -> Result<Json, String> {
    let target =
        Target::of(value).ok_or_else(|| format!("`{value}` is not a forwarding target"))?;
    let unresolved = || format!("forwarding target `{target}` is not resolved");
    let kind = target.kind().ok_or_else(unresolved)?;
    let spec = form
        .targets
        .iter()
        .find(|spec| spec.kind == kind)
        .ok_or_else(|| format!("forwarding cannot target `{target}`"))?;
    let reference = if spec.numeric {
        let id: u64 = target.reference().parse().map_err(|_| unresolved())?;
        Json::from(id)
    } else {
        Json::from(target.reference())
    };
    let mut object = Map::new();
    object.insert(form.target_type.into(), Json::from(spec.number));
    object.insert(spec.field.into(), reference);
    Ok(Json::Object(object))
}
