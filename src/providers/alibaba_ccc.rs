//! Pure. Alibaba Cloud Contact Center (`ccc` 2020-07-01): field table and `ModifyUser`
//! parameters. `WorkMode` is required on every call, so an unchanged one is sent as observed.

use serde_json::{Map, Value as Json};

use super::{
    Assignment, Cloud, FieldSpec, Instance, InstanceKey, KeyKind, ProviderSpec, phone, text,
};
use crate::model::{FieldKind, ProviderType};

pub const SPEC: ProviderSpec = ProviderSpec {
    provider_type: ProviderType::AlibabaCcc,
    cloud: Cloud::Alibaba,
    service: "ccc",
    version: "2020-07-01",
    write_action: "ModifyUser",
    actions: &["ListUsers", "GetUser", "ListRoles", "ModifyUser"],
    default_rate: 5.0,
    instance_key: InstanceKey::InstanceId,
    keys: &[KeyKind::UserId, KeyKind::UserName],
    fields: &[
        FieldSpec::writable(FieldKind::DisplayName, "DisplayName").shared(),
        FieldSpec::writable(FieldKind::Phone, "Mobile").shared(),
        FieldSpec::writable(FieldKind::WorkMode, "WorkMode"),
        FieldSpec::writable(FieldKind::Role, "RoleId"),
        FieldSpec::writable(FieldKind::DisplayId, "DisplayId"),
        FieldSpec::writable(FieldKind::Nickname, "Nickname").extra_read("GetUser"),
        FieldSpec::writable(FieldKind::AvatarUrl, "AvatarUrl").extra_read("GetUser"),
        FieldSpec::read_only(FieldKind::Email),
        FieldSpec::read_only(FieldKind::UserName),
    ],
    unique: &[],
};

/// `ModifyUser` parameters. `current_work_mode` is the observed mode, sent when the change
/// does not set one, because the API requires `WorkMode` on every call.
pub fn update_params(
    instance: &Instance,
    remote_id: &str,
    current_work_mode: Option<&str>,
    changes: &[Assignment],
) -> Result<Map<String, Json>, String> {
    let mut params = Map::new();
    instance.insert_into(&mut params);
    params.insert("UserId".into(), Json::from(remote_id));
    let work_mode = changes
        .iter()
        .find(|change| change.kind == FieldKind::WorkMode)
        .map(|change| text(change.value))
        .or(current_work_mode)
        .filter(|mode| !mode.is_empty())
        .ok_or("the account's current WorkMode is unknown, and ModifyUser requires one")?;
    params.insert("WorkMode".into(), Json::from(work_mode));
    for change in changes {
        let (name, wire) = match change.kind {
            FieldKind::WorkMode => continue,
            FieldKind::Phone => ("Mobile", phone(change.value)?.alibaba_ccc_wire()?),
            kind => {
                let name = SPEC
                    .field(kind)
                    .and_then(|spec| spec.write_name)
                    .ok_or_else(|| format!("alibaba-ccc cannot write `{}`", kind.key()))?;
                (name, text(change.value).to_string())
            }
        };
        params.insert(name.into(), Json::from(wire));
    }
    Ok(params)
}
