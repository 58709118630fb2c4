//! Pure. Alibaba Cloud IDaaS EIAM (`eiam` 2021-12-01): field table and `UpdateUser`
//! parameters, with the coupled parameters the API requires (phone region and verified flag
//! with a phone number, verified flag with an email) and custom fields as `replace`/`remove`.

use serde_json::{Map, Value as Json, json};

use super::{
    Assignment, Cloud, FieldSpec, Instance, InstanceKey, KeyKind, ProviderSpec, phone, text,
};
use crate::model::{FieldKind, ProviderType, Value};

pub const SPEC: ProviderSpec = ProviderSpec {
    provider_type: ProviderType::AlibabaEiam,
    cloud: Cloud::Alibaba,
    service: "eiam",
    version: "2021-12-01",
    write_action: "UpdateUser",
    actions: &["ListUsers", "GetUser", "UpdateUser"],
    default_rate: 5.0,
    instance_key: InstanceKey::InstanceId,
    keys: &[KeyKind::UserId, KeyKind::UserName],
    fields: &[
        FieldSpec::writable(FieldKind::DisplayName, "DisplayName").shared(),
        FieldSpec::writable(FieldKind::Email, "Email").shared(),
        FieldSpec::writable(FieldKind::Phone, "PhoneNumber").shared(),
        FieldSpec::writable(FieldKind::UserName, "Username"),
        FieldSpec::writable(FieldKind::CustomField, "CustomFields").extra_read("GetUser"),
    ],
    unique: &[FieldKind::UserName],
};

/// `UpdateUser` parameters, logical (the transport flattens `CustomFields.1.FieldName`).
pub fn update_params(
    instance: &Instance,
    remote_id: &str,
    changes: &[Assignment],
) -> Result<Map<String, Json>, String> {
    let mut params = Map::new();
    instance.insert_into(&mut params);
    params.insert("UserId".into(), Json::from(remote_id));
    let mut custom_fields = Vec::new();
    for change in changes {
        match change.kind {
            FieldKind::DisplayName => {
                params.insert("DisplayName".into(), Json::from(text(change.value)));
            }
            FieldKind::UserName => {
                params.insert("Username".into(), Json::from(text(change.value)));
            }
            FieldKind::Email => {
                params.insert("Email".into(), Json::from(text(change.value)));
                params.insert("EmailVerified".into(), Json::from(true));
            }
            FieldKind::Phone => {
                let (region, number) = phone(change.value)?.eiam_wire()?;
                params.insert("PhoneRegion".into(), Json::from(region));
                params.insert("PhoneNumber".into(), Json::from(number));
                params.insert("PhoneNumberVerified".into(), Json::from(true));
            }
            FieldKind::CustomField => {
                let name = change.custom.unwrap_or_default();
                custom_fields.push(match change.value {
                    Value::Unset => json!({"FieldName": name, "Operation": "remove"}),
                    value => json!({"FieldName": name, "FieldValue": text(value), "Operation": "replace"}),
                });
            }
            other => return Err(format!("alibaba-eiam cannot write `{}`", other.key())),
        }
    }
    if !custom_fields.is_empty() {
        params.insert("CustomFields".into(), Json::Array(custom_fields));
    }
    Ok(params)
}
