//! Pure. Alibaba Cloud Contact Center (`ccc` 2020-07-01): field table, `ModifyUser`
//! parameters, and the reads (`ListUsers`, `GetUser` for nickname and avatar, `ListRoles`).
//! `WorkMode` is required on every call, so an unchanged one is sent as observed. Never sends
//! anything.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::wire::{
    self, CatalogKind, CatalogRead, Cursor, ExtraRead, FieldsById, HostRule, ListRead, Page,
    Pagination, Params, Wire,
};
use super::{
    Assignment, Cloud, FieldSpec, Instance, InstanceKey, KeyKind, ProviderSpec, phone, text,
};
use crate::model::{AccountKey, FieldKind, ProviderType};
use crate::phone::Phone;
use crate::state::{CatalogEntry, ObservedAccount};

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

/// Regions the SDK's endpoint map sends to the central host `ccc.aliyuncs.com`.
pub const CENTRAL_REGIONS: &[&str] = &[
    "cn-beijing",
    "cn-qingdao",
    "cn-zhangjiakou",
    "cn-huhehaote",
    "cn-shenzhen",
    "cn-chengdu",
    "cn-hongkong",
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "eu-central-1",
    "eu-west-1",
    "me-east-1",
    "us-east-1",
    "us-west-1",
];

/// Reads: `ListUsers` (100 per page, from 1), `GetUser` per managed account for nickname and
/// avatar, `ListRoles` when roles are managed.
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
    catalogs: &[CatalogRead {
        field: FieldKind::Role,
        catalog: CatalogKind::Roles,
        action: "ListRoles",
        pagination: Pagination::Single,
        params: roles_params,
        parse: parse_roles,
    }],
    host: HostRule::Regional {
        service: "ccc",
        central: CENTRAL_REGIONS,
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

/// Parses a `ListUsers` body (`Data.List`, `Data.TotalCount`).
pub fn parse_list(body: &Json) -> Result<Page<ObservedAccount>, String> {
    let data = wire::object(body, "Data")?;
    let items = wire::array(data, "List")?
        .iter()
        .map(parse_user)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        total: wire::number(data, "TotalCount"),
        next_token: None,
    })
}

/// One user of the list as an observed account.
pub fn parse_user(user: &Json) -> Result<ObservedAccount, String> {
    let user_id = wire::text(user, "UserId").ok_or("a user has no `UserId`")?;
    let login = wire::text(user, "LoginName");
    let mut fields = BTreeMap::new();
    wire::put(
        &mut fields,
        FieldKind::DisplayName,
        wire::text(user, "DisplayName"),
    );
    let phone = wire::text(user, "Mobile").and_then(|wire| Phone::from_alibaba_ccc(&wire));
    wire::put(
        &mut fields,
        FieldKind::Phone,
        phone.map(|phone| phone.e164()),
    );
    wire::put(
        &mut fields,
        FieldKind::WorkMode,
        wire::text(user, "WorkMode"),
    );
    wire::put(&mut fields, FieldKind::Role, wire::text(user, "RoleId"));
    wire::put(
        &mut fields,
        FieldKind::DisplayId,
        wire::text(user, "DisplayId"),
    );
    wire::put(&mut fields, FieldKind::Email, wire::text(user, "Email"));
    wire::put(&mut fields, FieldKind::UserName, login.clone());
    let mut keys = vec![AccountKey::UserId(user_id.clone())];
    keys.extend(login.map(AccountKey::UserName));
    Ok(ObservedAccount {
        remote_id: user_id,
        keys,
        fields,
        locked: None,
    })
}

/// Nickname and avatar from a `GetUser` body.
pub fn parse_get_user(body: &Json) -> Result<FieldsById, String> {
    let data = wire::object(body, "Data")?;
    let user_id = wire::text(data, "UserId").ok_or("`GetUser` returned no `UserId`")?;
    let mut fields = BTreeMap::new();
    wire::put(
        &mut fields,
        FieldKind::Nickname,
        wire::text(data, "Nickname"),
    );
    wire::put(
        &mut fields,
        FieldKind::AvatarUrl,
        wire::text(data, "AvatarUrl"),
    );
    Ok(vec![(user_id, fields)])
}

/// `ListRoles` parameters (not paginated).
pub fn roles_params(instance: &Instance, _cursor: &Cursor) -> Params {
    wire::instance_params(instance)
}

/// Roles (`RoleId`, `Name`) from a `ListRoles` body.
pub fn parse_roles(body: &Json) -> Result<Page<CatalogEntry>, String> {
    let items = wire::array(body, "Data")?
        .iter()
        .map(|role| {
            Ok(CatalogEntry {
                id: wire::text(role, "RoleId").ok_or("a role has no `RoleId`")?,
                name: wire::text(role, "Name").unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Page {
        items,
        total: None,
        next_token: None,
    })
}
