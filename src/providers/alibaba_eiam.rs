//! Pure. Alibaba Cloud IDaaS EIAM (`eiam` 2021-12-01): field table and `UpdateUser`
//! parameters, with the coupled parameters the API requires (phone region and verified flag
//! with a phone number, verified flag with an email) and custom fields as `replace`/`remove`;
//! and the reads (`ListUsers`, `GetUser` per managed account for custom fields). Never sends
//! anything.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json, json};

use super::wire::{
    self, Cursor, ExtraRead, FieldsById, HostRule, ListRead, Page, Pagination, Params, Wire,
};
use super::{
    Assignment, Cloud, FieldSpec, Instance, InstanceKey, KeyKind, ProviderSpec, phone, text,
};
use crate::model::{AccountKey, Field, FieldKind, ProviderType, Value};
use crate::phone::Phone;
use crate::state::ObservedAccount;

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

/// Reads: `ListUsers` (100 per page, from 1), `GetUser` per managed account for custom fields.
pub const WIRE: Wire = Wire {
    list: ListRead {
        action: "ListUsers",
        pagination: Pagination::OneBased { page_size: 100 },
        params: list_params,
        parse: parse_list,
    },
    extra: &[ExtraRead {
        action: "GetUser",
        batch: 1,
        params: wire::user_id_params,
        parse: parse_get_user,
    }],
    catalogs: &[],
    host: HostRule::Regional {
        service: "eiam",
        central: &[],
    },
};

/// `ListUsers` parameters.
pub fn list_params(instance: &Instance, cursor: &Cursor) -> Params {
    let mut params = wire::instance_params(instance);
    params.insert("PageNumber".into(), Json::from(wire::page_number(cursor)));
    params.insert(
        "PageSize".into(),
        Json::from(WIRE.list.pagination.page_size()),
    );
    params
}

/// Parses a `ListUsers` body (`Users`, `TotalCount`).
pub fn parse_list(body: &Json) -> Result<Page<ObservedAccount>, String> {
    let items = wire::array(body, "Users")?
        .iter()
        .map(parse_user)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        total: wire::number(body, "TotalCount"),
        next_token: None,
    })
}

/// One user (of the list or of `GetUser`) as an observed account, without custom fields.
pub fn parse_user(user: &Json) -> Result<ObservedAccount, String> {
    let user_id = wire::text(user, "UserId").ok_or("a user has no `UserId`")?;
    let username = wire::text(user, "Username");
    let mut fields = BTreeMap::new();
    wire::put(
        &mut fields,
        FieldKind::DisplayName,
        wire::text(user, "DisplayName"),
    );
    wire::put(&mut fields, FieldKind::Email, wire::text(user, "Email"));
    let region = wire::text(user, "PhoneRegion").unwrap_or_default();
    let number = wire::text(user, "PhoneNumber").unwrap_or_default();
    let phone = Phone::from_eiam(&region, &number).map(|phone| phone.e164());
    wire::put(&mut fields, FieldKind::Phone, phone);
    wire::put(&mut fields, FieldKind::UserName, username.clone());
    let mut keys = vec![AccountKey::UserId(user_id.clone())];
    keys.extend(username.map(AccountKey::UserName));
    Ok(ObservedAccount {
        remote_id: user_id,
        keys,
        fields,
        locked: None,
    })
}

/// Custom fields (each `Field::custom(name)`, empty values left out) from a `GetUser` body.
pub fn parse_get_user(body: &Json) -> Result<FieldsById, String> {
    let user = wire::object(body, "User")?;
    let user_id = wire::text(user, "UserId").ok_or("`GetUser` returned no `UserId`")?;
    let mut fields = BTreeMap::new();
    for custom in wire::array(user, "CustomFields")? {
        let Some(name) = wire::text(custom, "FieldName") else {
            continue;
        };
        if let Some(value) = wire::text(custom, "FieldValue") {
            fields.insert(Field::custom(name), Value::Text(value));
        }
    }
    Ok(vec![(user_id, fields)])
}
