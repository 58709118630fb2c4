//! Pure. Tencent Cloud Organization identity center (`organization` 2021-03-31): field table
//! and `UpdateUser` parameters (`New*` names). `UserName` cannot be changed.

use serde_json::{Map, Value as Json};

use super::{Assignment, Cloud, FieldSpec, Instance, InstanceKey, KeyKind, ProviderSpec, text};
use crate::model::{FieldKind, ProviderType};

pub const SPEC: ProviderSpec = ProviderSpec {
    provider_type: ProviderType::TencentCic,
    cloud: Cloud::Tencent,
    service: "organization",
    version: "2021-03-31",
    write_action: "UpdateUser",
    actions: &["ListUsers", "GetUser", "UpdateUser"],
    default_rate: 20.0,
    instance_key: InstanceKey::ZoneId,
    keys: &[KeyKind::UserId, KeyKind::UserName],
    fields: &[
        FieldSpec::writable(FieldKind::DisplayName, "NewDisplayName").shared(),
        FieldSpec::writable(FieldKind::Email, "NewEmail").shared(),
        FieldSpec::writable(FieldKind::FirstName, "NewFirstName"),
        FieldSpec::writable(FieldKind::LastName, "NewLastName"),
        FieldSpec::writable(FieldKind::Description, "NewDescription"),
        FieldSpec::read_only(FieldKind::UserName),
    ],
    unique: &[FieldKind::Email],
};

/// `UpdateUser` parameters: the zone, the user id, and each changed field.
pub fn update_params(
    instance: &Instance,
    remote_id: &str,
    changes: &[Assignment],
) -> Result<Map<String, Json>, String> {
    let mut params = Map::new();
    instance.insert_into(&mut params);
    params.insert("UserId".into(), Json::from(remote_id));
    for change in changes {
        let name = SPEC
            .field(change.kind)
            .and_then(|spec| spec.write_name)
            .ok_or_else(|| format!("tencent-cic cannot write `{}`", change.kind.key()))?;
        params.insert(name.into(), Json::from(text(change.value)));
    }
    Ok(params)
}
