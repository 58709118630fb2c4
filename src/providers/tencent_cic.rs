//! Pure. Tencent Cloud Organization identity center (`organization` 2021-03-31) as a table:
//! users matched by `UserId` or `UserName` (which cannot be changed), `UpdateUser`'s `New*`
//! names, the `ListUsers` token-paged read that returns every managed field, and synchronized
//! users locked against updates. Never sends anything.

use serde_json::Value as Json;

use super::instance::Instance;
use super::paging::{Cursor, Pagination, Params};
use super::table::{
    Address, Check, FieldSpec, HostRule, InstanceKey, KeySpec, ListRead, LockRule, Table,
};
use crate::model::{Cloud, FieldKind, KeyKind, ProviderType};

pub const TABLE: Table = Table {
    provider_type: ProviderType::TencentCic,
    cloud: Cloud::Tencent,
    noun: "user",
    service: "organization",
    version: "2021-03-31",
    write_action: "UpdateUser",
    actions: &["ListUsers", "GetUser", "UpdateUser"],
    default_rate: 20.0,
    instance_key: InstanceKey::ZoneId,
    keys: &[
        KeySpec {
            kind: KeyKind::UserId,
            read_name: "UserId",
        },
        KeySpec {
            kind: KeyKind::UserName,
            read_name: "UserName",
        },
    ],
    address: Address {
        kind: KeyKind::UserId,
        param: "UserId",
    },
    fields: &[
        FieldSpec::text(FieldKind::DisplayName, "DisplayName", "NewDisplayName")
            .shared()
            .checks(Check::LINE),
        FieldSpec::text(FieldKind::Email, "Email", "NewEmail")
            .shared()
            .checks(Check::LINE),
        FieldSpec::text(FieldKind::FirstName, "FirstName", "NewFirstName").checks(Check::LINE),
        FieldSpec::text(FieldKind::LastName, "LastName", "NewLastName").checks(Check::LINE),
        FieldSpec::text(FieldKind::Description, "Description", "NewDescription")
            .checks(&[Check::Lines, Check::MaxBytes(300)]),
        FieldSpec::read_only(FieldKind::UserName, "UserName").checks(Check::LINE),
    ],
    unique: &[FieldKind::Email],
    carried: &[],
    locked: Some(LockRule {
        read_name: "UserType",
        value: "Synchronized",
        reason: "is Synchronized (from an external directory) and cannot be updated",
    }),
    list: ListRead {
        action: "ListUsers",
        pagination: Pagination::Token { page_size: 100 },
        params: list_params,
        within: &[],
        entries: "Users",
        total: "TotalCounts",
        token: Some(("NextToken", "IsTruncated")),
    },
    extra: &[],
    catalogs: &[],
    host: HostRule::Global("organization.tencentcloudapi.com"),
};

/// `ListUsers` parameters: the zone, `MaxResults`, and the token of the page after the first.
pub fn list_params(instance: &Instance, cursor: &Cursor) -> Params {
    let mut params = instance.params();
    params.insert(
        "MaxResults".into(),
        Json::from(TABLE.list.pagination.page_size()),
    );
    if let Cursor::Token(Some(token)) = cursor {
        params.insert("NextToken".into(), Json::from(token.as_str()));
    }
    params
}
