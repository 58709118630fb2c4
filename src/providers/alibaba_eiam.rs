//! Pure. Alibaba Cloud IDaaS EIAM (`eiam` 2021-12-01) as a table: users matched by `UserId` or
//! `Username` (writable when matched by id), `UpdateUser` with the parameters the API couples
//! (phone region and verified flag with a number, verified flag with an email), custom fields
//! as `replace`/`remove` read only from `GetUser`, and the character sets the API allows.
//! Never sends anything.

use serde_json::Value as Json;

use super::instance::{Instance, user_id_params};
use super::paging::{self, Cursor, Pagination, Params};
use super::table::{
    Address, Check, Entries, ExtraRead, FieldSpec, Form, HostRule, InstanceKey, KeySpec, ListRead,
    PhoneForm, Table,
};
use crate::model::{Cloud, FieldKind, KeyKind, ProviderType};

pub const TABLE: Table = Table {
    provider_type: ProviderType::AlibabaEiam,
    cloud: Cloud::Alibaba,
    noun: "user",
    service: "eiam",
    version: "2021-12-01",
    write_action: "UpdateUser",
    actions: &["ListUsers", "GetUser", "UpdateUser"],
    default_rate: 5.0,
    instance_key: InstanceKey::InstanceId,
    keys: &[
        KeySpec {
            kind: KeyKind::UserId,
            read_name: "UserId",
        },
        KeySpec {
            kind: KeyKind::UserName,
            read_name: "Username",
        },
    ],
    address: Address {
        kind: KeyKind::UserId,
        param: "UserId",
    },
    fields: &[
        FieldSpec::text(FieldKind::DisplayName, "DisplayName", "DisplayName")
            .shared()
            .checks(&[Check::SingleLine, Check::MaxChars(128)]),
        FieldSpec::text(FieldKind::Email, "Email", "Email")
            .shared()
            .with(&[("EmailVerified", true)])
            .checks(&[
                Check::Charset {
                    extra: "._-",
                    before_at: true,
                    rule: "allows only letters, digits, `.`, `_` and `-` before the `@`",
                },
                Check::MaxChars(128),
            ]),
        FieldSpec::text(FieldKind::Phone, "PhoneNumber", "PhoneNumber")
            .form(Form::Phone(PhoneForm::RegionAndNumber {
                region: "PhoneRegion",
            }))
            .shared()
            .with(&[("PhoneNumberVerified", true)]),
        FieldSpec::text(FieldKind::UserName, "Username", "Username").checks(&[
            Check::Charset {
                extra: "_.@-",
                before_at: false,
                rule: "usernames allow only letters, digits, `_`, `.`, `@` and `-`",
            },
            Check::MaxChars(256),
        ]),
        // Checks apply to each custom field's value.
        FieldSpec::text(FieldKind::CustomField, "CustomFields", "CustomFields")
            .form(Form::CustomFields)
            .extra_read("GetUser")
            .checks(Check::LINE),
    ],
    unique: &[FieldKind::UserName],
    carried: &[],
    locked: None,
    list: ListRead {
        action: "ListUsers",
        pagination: Pagination::OneBased { page_size: 100 },
        params: list_params,
        within: &[],
        entries: "Users",
        total: "TotalCount",
        token: None,
    },
    extra: &[ExtraRead {
        action: "GetUser",
        batch: 1,
        params: user_id_params,
        entries: Entries::Object("User"),
        id: "UserId",
    }],
    catalogs: &[],
    host: HostRule::Regional {
        service: "eiam",
        central: &[],
    },
};

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
