//! Pure. An agent's call forwarding in the manifest's terms: `enabled`, the condition as its
//! word (`when`, written when the forwarding is on or has a target), and the target as a
//! person would name it: the person whose agent it is (once every exported person has a name),
//! a skill group by name where that name finds it alone (else its id), an extension. A target
//! a manifest could not hold or `plan` would not find is left out with the reason, and the
//! rest of the forwarding kept (only the parts a manifest sets are compared).

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value as Json};

use super::Remote;
use super::value::manifest_value;
use crate::manifest::types::{ForwardingTo, Person};
use crate::manifest::validate::email_problem;
use crate::model::{Field, FieldKind, Target, Value};
use crate::providers::forwarding::{ENABLED, TO, WHEN};
use crate::providers::table::{FieldSpec, Form};

/// Who each agent is: (provider name, remote id without case) → person name.
pub type Names = HashMap<(String, String), String>;

/// The `forwarding` of `remote`'s `spec` field; `None` when no part was read (never set).
/// `left_out` takes the reason a target is left out.
pub fn value(remote: &Remote, spec: &FieldSpec, left_out: &mut dyn FnMut(String)) -> Option<Json> {
    let fields = &remote.account.fields;
    let part = |name: &str| fields.get(&Field::part(spec.kind, name));
    let mut forwarding = Map::new();
    if let Some(Value::Bool(enabled)) = part(ENABLED) {
        forwarding.insert(ENABLED.into(), Json::Bool(*enabled));
    }
    let target = part(TO).and_then(|to| match target(remote, to) {
        Ok(target) => Some(target),
        Err(why) => {
            left_out(why);
            None
        }
    });
    let on = part(ENABLED) == Some(&Value::Bool(true));
    if let Some(Value::Text(when)) = part(WHEN)
        && (on || target.is_some())
    {
        forwarding.insert(WHEN.into(), Json::from(when.as_str()));
    }
    if let Some(target) = target {
        forwarding.insert(TO.into(), target);
    }
    (!forwarding.is_empty()).then_some(Json::Object(forwarding))
}

/// `{email: …}`, `{skill_group: …}` or `{extension: …}`; an agent becomes a person later.
fn target(remote: &Remote, to: &Value) -> Result<Json, String> {
    let target = Target::of(to).ok_or("not a forwarding target")?;
    let (key, value) = match &target {
        Target::Agent(email) => match email_problem(email) {
            Some(problem) => return Err(problem.to_string()),
            None => ("email", Json::from(email.as_str())),
        },
        Target::SkillGroup(id) => {
            let groups = remote.table.field(FieldKind::SkillGroups);
            let as_list = Value::list([id.as_str()]);
            match groups.map(|spec| {
                manifest_value(remote.table.provider_type, spec, &as_list, remote.catalog)
            }) {
                Some(Ok(Some(Json::Array(mut refs)))) if refs.len() == 1 => {
                    ("skill_group", refs.remove(0))
                }
                Some(Err(why)) => return Err(why),
                _ => ("skill_group", Json::from(id.as_str())),
            }
        }
        Target::Extension(extension) => {
            if let Some(spec) = remote.table.field(FieldKind::Extension) {
                manifest_value(
                    remote.table.provider_type,
                    spec,
                    &Value::text(extension),
                    remote.catalog,
                )?;
            }
            ("extension", Json::from(extension.as_str()))
        }
        Target::Person(_) => return Err("not in the service's terms".into()),
    };
    let mut object = Map::new();
    object.insert(key.into(), value);
    Ok(Json::Object(object))
}

/// Names an agent target by its person wherever the agent is a person's account on the same
/// provider (exported or already in the manifest); a target that is no agent of the provider
/// is left out, with a note.
pub fn name_targets(users: &mut BTreeMap<String, Person>, names: &Names, notes: &mut Vec<String>) {
    for (person_name, person) in users.iter_mut() {
        for (provider, account) in &mut person.accounts {
            let Some(forwarding) = account.forwarding.as_mut() else {
                continue;
            };
            let Some(email) = forwarding.to.as_ref().and_then(|to| to.email.clone()) else {
                continue;
            };
            match names.get(&(provider.clone(), email.to_lowercase())) {
                Some(name) => {
                    forwarding.to = Some(ForwardingTo {
                        person: Some(name.clone()),
                        ..ForwardingTo::default()
                    });
                }
                None => {
                    forwarding.to = None;
                    notes.push(format!(
                        "`{provider}` account of `{person_name}`: `forwarding.to` left out: no agent `{email}` on `{provider}`"
                    ));
                }
            }
        }
    }
}

/// Whether `spec` is a call forwarding.
pub fn is_forwarding(spec: &FieldSpec) -> bool {
    matches!(spec.form, Form::Forwarding(_))
}
