//! Pure. Tencent Cloud Organization identity center (`organization` 2021-03-31): field table,
//! `UpdateUser` parameters (`New*` names), and the `ListUsers` token-paged read. `UserName`
//! cannot be changed. Never sends anything.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::wire::{self, Cursor, HostRule, ListRead, Page, Pagination, Params, Wire};
use super::{Assignment, Cloud, FieldSpec, Instance, InstanceKey, KeyKind, ProviderSpec, text};
use crate::model::{AccountKey, FieldKind, ProviderType};
use crate::state::ObservedAccount;

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

/// Reads: `ListUsers` (100 per page, `NextToken`); every managed field is in the list.
pub const WIRE: Wire = Wire {
    list: ListRead {
        action: "ListUsers",
        pagination: Pagination::Token { page_size: 100 },
        params: list_params,
        parse: parse_list,
    },
    extra: &[],
    catalogs: &[],
    host: HostRule::Global("organization.tencentcloudapi.com"),
};

/// `ListUsers` parameters: the zone, `MaxResults`, and the token of the page after the first.
pub fn list_params(instance: &Instance, cursor: &Cursor) -> Params {
    let mut params = wire::instance_params(instance);
    params.insert(
        "MaxResults".into(),
        Json::from(WIRE.list.pagination.page_size()),
    );
    if let Cursor::Token(Some(token)) = cursor {
        params.insert("NextToken".into(), Json::from(token.as_str()));
    }
    params
}

/// Parses a `ListUsers` `Response`: `Users`, `TotalCounts`, and `NextToken` while
/// `IsTruncated`.
pub fn parse_list(response: &Json) -> Result<Page<ObservedAccount>, String> {
    let items = wire::array(response, "Users")?
        .iter()
        .map(parse_user)
        .collect::<Result<Vec<_>, _>>()?;
    let truncated = wire::boolean(response, "IsTruncated");
    let next_token = wire::text(response, "NextToken").filter(|_| truncated != Some(false));
    Ok(Page {
        items,
        total: wire::number(response, "TotalCounts"),
        next_token,
    })
}

/// One `UserInfo` as an observed account.
pub fn parse_user(user: &Json) -> Result<ObservedAccount, String> {
    let user_id = wire::text(user, "UserId").ok_or("a user has no `UserId`")?;
    let user_name = wire::text(user, "UserName");
    let mut fields = BTreeMap::new();
    wire::put(
        &mut fields,
        FieldKind::DisplayName,
        wire::text(user, "DisplayName"),
    );
    wire::put(&mut fields, FieldKind::Email, wire::text(user, "Email"));
    wire::put(
        &mut fields,
        FieldKind::FirstName,
        wire::text(user, "FirstName"),
    );
    wire::put(
        &mut fields,
        FieldKind::LastName,
        wire::text(user, "LastName"),
    );
    wire::put(
        &mut fields,
        FieldKind::Description,
        wire::text(user, "Description"),
    );
    wire::put(&mut fields, FieldKind::UserName, user_name.clone());
    let locked = (wire::text(user, "UserType").as_deref() == Some("Synchronized")).then(|| {
        format!(
            "tencent-cic user `{}` is Synchronized (from an external directory) and cannot be updated",
            user_name.as_deref().unwrap_or(&user_id)
        )
    });
    let mut keys = vec![AccountKey::UserId(user_id.clone())];
    keys.extend(user_name.map(AccountKey::UserName));
    Ok(ObservedAccount {
        remote_id: user_id,
        keys,
        fields,
        locked,
    })
}
