//! Pure. Alibaba Cloud Contact Center (`ccc` 2020-07-01) as a table: agents matched by
//! `UserId` (`login@instance`) or login name, `ModifyUser`, which requires `WorkMode` on every
//! call (an unchanged one is sent as observed), mainland mobile numbers only, roles by id (names
//! from `ListRoles`), nickname and avatar only from `GetUser`. Never sends anything.

use serde_json::Value as Json;

use super::instance::{Instance, user_id_params};
use super::paging::{self, Cursor, Pagination, Params};
use super::table::{
    Address, CatalogRead, Check, Entries, ExtraRead, FieldSpec, Form, HostRule, InstanceKey,
    KeySpec, ListRead, PhoneForm, Table,
};
use crate::model::{Cloud, FieldKind, KeyKind, ProviderType};
use crate::state::CatalogKind;

pub const TABLE: Table = Table {
    provider_type: ProviderType::AlibabaCcc,
    cloud: Cloud::Alibaba,
    noun: "user",
    service: "ccc",
    version: "2020-07-01",
    write_action: "ModifyUser",
    actions: &["ListUsers", "GetUser", "ListRoles", "ModifyUser"],
    default_rate: 5.0,
    instance_key: InstanceKey::InstanceId,
    keys: &[
        KeySpec {
            kind: KeyKind::UserId,
            read_name: "UserId",
        },
        KeySpec {
            kind: KeyKind::UserName,
            read_name: "LoginName",
        },
    ],
    address: Address {
        kind: KeyKind::UserId,
        param: "UserId",
    },
    fields: &[
        FieldSpec::text(FieldKind::DisplayName, "DisplayName", "DisplayName")
            .shared()
            .checks(Check::LINE),
        FieldSpec::text(FieldKind::Phone, "Mobile", "Mobile")
            .form(Form::Phone(PhoneForm::MainlandNational))
            .shared(),
        FieldSpec::text(FieldKind::WorkMode, "WorkMode", "WorkMode"),
        FieldSpec::text(FieldKind::Role, "RoleId", "RoleId")
            .form(Form::Reference)
            .catalog(CatalogKind::Roles)
            .checks(Check::LINE),
        FieldSpec::text(FieldKind::DisplayId, "DisplayId", "DisplayId").checks(Check::LINE),
        FieldSpec::text(FieldKind::Nickname, "Nickname", "Nickname")
            .extra_read("GetUser")
            .checks(Check::LINE),
        FieldSpec::text(FieldKind::AvatarUrl, "AvatarUrl", "AvatarUrl")
            .extra_read("GetUser")
            .checks(Check::URL),
        FieldSpec::read_only(FieldKind::Email, "Email").checks(Check::LINE),
        FieldSpec::read_only(FieldKind::UserName, "LoginName").checks(Check::LINE),
    ],
    unique: &[],
    carried: &[FieldKind::WorkMode],
    locked: None,
    list: ListRead {
        action: "ListUsers",
        pagination: Pagination::OneBased { page_size: 100 },
        params: list_params,
        within: &["Data"],
        entries: "List",
        total: "TotalCount",
        token: None,
    },
    extra: &[ExtraRead {
        action: "GetUser",
        batch: 1,
        params: user_id_params,
        entries: Entries::Object("Data"),
        id: "UserId",
    }],
    catalogs: &[CatalogRead {
        catalog: CatalogKind::Roles,
        action: "ListRoles",
        pagination: Pagination::Single,
        params: roles_params,
        entries: "Data",
        id: "RoleId",
        name: "Name",
        total: None,
    }],
    host: HostRule::Regional {
        service: "ccc",
        central: CENTRAL_REGIONS,
    },
};

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

/// `ListUsers` parameters (100 per page, from 1).
pub fn list_params(instance: &Instance, cursor: &Cursor) -> Params {
    let mut params = instance.params();
    params.insert("PageNumber".into(), Json::from(paging::page_number(cursor)));
    params.insert(
        "PageSize".into(),
        Json::from(TABLE.list.pagination.page_size()),
    );
    params
}

/// `ListRoles` parameters (not paginated).
pub fn roles_params(instance: &Instance, _cursor: &Cursor) -> Params {
    instance.params()
}
