//! Alibaba EIAM (IDaaS) 2021-12-01: UpdateUser, ListUsers (1-based pages or NextToken) and
//! GetUser, with their own response types. Checks parameters and business rules against the
//! state and changes it; never sees signatures or rate limits.

use serde::Serialize;
use serde_json::{Value, json};

use super::params::{Action, Kind, Param, Query, optional, required};
use super::reply::ApiError;
use super::seed::{AlibabaEiamInstance, EiamUser};
use super::store::Store;

/// The fields of one `CustomFields.N` entry.
const CUSTOM_FIELD: &[Param] = &[
    optional("FieldName", Kind::Str),
    optional("FieldValue", Kind::Str),
    optional("Operation", Kind::Str),
];

/// The actions served, with their parameter tables.
pub const ACTIONS: &[Action] = &[
    Action {
        name: "UpdateUser",
        params: &[
            required("InstanceId", Kind::Str),
            required("UserId", Kind::Str),
            optional("Username", Kind::Str),
            optional("DisplayName", Kind::Str),
            optional("PhoneRegion", Kind::Str),
            optional("PhoneNumber", Kind::Str),
            optional("PhoneNumberVerified", Kind::Bool),
            optional("Email", Kind::Str),
            optional("EmailVerified", Kind::Bool),
            optional("CustomFields", Kind::Object(CUSTOM_FIELD)),
        ],
    },
    Action {
        name: "ListUsers",
        params: &[
            required("InstanceId", Kind::Str),
            optional("PageNumber", Kind::Int),
            optional("PageSize", Kind::Int),
            optional("NextToken", Kind::Str),
            optional("MaxResults", Kind::Int),
            optional("UsernameStartsWith", Kind::Str),
            optional("DisplayNameStartsWith", Kind::Str),
            optional("PhoneRegion", Kind::Str),
            optional("PhoneNumber", Kind::Str),
            optional("Email", Kind::Str),
            optional("Status", Kind::Str),
            optional("OrganizationalUnitId", Kind::Str),
            optional("UserExternalId", Kind::Str),
            optional("UserSourceId", Kind::Str),
            optional("UserSourceType", Kind::Str),
            optional("UserIds", Kind::StrList),
        ],
    },
    Action {
        name: "GetUser",
        params: &[
            required("InstanceId", Kind::Str),
            required("UserId", Kind::Str),
        ],
    },
];

pub fn handle(
    store: &mut Store,
    action: &str,
    query: &Query,
    now_ms: i64,
) -> Result<Value, ApiError> {
    let instance_id = query.str("InstanceId").unwrap_or_default();
    let instance = store
        .alibaba_eiam
        .iter_mut()
        .find(|i| i.instance_id == instance_id)
        .ok_or_else(|| {
            ApiError::gateway(
                404,
                "EntityNotExists.Instance",
                format!("The instance {instance_id} does not exist."),
            )
        })?;
    match action {
        "UpdateUser" => update_user(instance, query, now_ms),
        "ListUsers" => list_users(instance, query),
        _ => {
            let user = find_user(instance, query.str("UserId").unwrap_or_default())?;
            Ok(json!({ "User": detail(instance, user) }))
        }
    }
}

fn find_user<'a>(
    instance: &'a AlibabaEiamInstance,
    user_id: &str,
) -> Result<&'a EiamUser, ApiError> {
    instance
        .users
        .iter()
        .find(|u| u.user_id == user_id)
        .ok_or_else(|| not_found(user_id))
}

fn not_found(user_id: &str) -> ApiError {
    ApiError::gateway(
        404,
        "EntityNotExists.User",
        format!("The specified user {user_id} does not exist."),
    )
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::gateway(400, "InvalidParameter", message)
}

fn missing(name: &str, because: &str) -> ApiError {
    ApiError::gateway(
        400,
        "MissingParameter",
        format!("{name} is mandatory when {because} is set."),
    )
}

fn update_user(
    instance: &mut AlibabaEiamInstance,
    query: &Query,
    now_ms: i64,
) -> Result<Value, ApiError> {
    let user_id = query.str("UserId").unwrap_or_default();
    let index = instance
        .users
        .iter()
        .position(|u| u.user_id == user_id)
        .ok_or_else(|| not_found(user_id))?;
    if let Some(username) = query.str("Username") {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "_.@-".contains(c);
        if username.is_empty() || username.len() > 256 || !username.chars().all(allowed) {
            return Err(invalid(
                "Username may hold letters, digits and _ . @ -, at most 256 characters.",
            ));
        }
        let taken = instance
            .users
            .iter()
            .enumerate()
            .any(|(i, u)| i != index && u.username.eq_ignore_ascii_case(username));
        if taken {
            return Err(ApiError::gateway(
                403,
                "ResourceDuplicated.Username",
                "The specified resource: Username already exist.",
            ));
        }
    }
    if query
        .str("DisplayName")
        .is_some_and(|name| name.chars().count() > 128)
    {
        return Err(invalid("DisplayName is longer than 128 characters."));
    }
    if let Some(number) = query.str("PhoneNumber") {
        let region = query
            .str("PhoneRegion")
            .ok_or_else(|| missing("PhoneRegion", "PhoneNumber"))?;
        query
            .bool("PhoneNumberVerified")
            .ok_or_else(|| missing("PhoneNumberVerified", "PhoneNumber"))?;
        if !digits(number, 6, 15) || !digits(region, 1, 6) {
            return Err(invalid(
                "PhoneNumber must be 6 to 15 digits and PhoneRegion 1 to 6 digits.",
            ));
        }
    }
    if let Some(email) = query.str("Email") {
        query
            .bool("EmailVerified")
            .ok_or_else(|| missing("EmailVerified", "Email"))?;
        let local_ok = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-+".contains(c))
        });
        if !local_ok || email.len() > 128 {
            return Err(invalid(format!("Email {email} is not a valid address.")));
        }
    }
    let changes = custom_field_changes(instance, query)?;
    let user = &mut instance.users[index];
    for (slot, name) in [
        (&mut user.username, "Username"),
        (&mut user.display_name, "DisplayName"),
        (&mut user.phone_region, "PhoneRegion"),
        (&mut user.phone_number, "PhoneNumber"),
        (&mut user.email, "Email"),
    ] {
        if let Some(value) = query.str(name) {
            *slot = value.to_string();
        }
    }
    if let Some(verified) = query.bool("PhoneNumberVerified") {
        user.phone_number_verified = verified;
    }
    if let Some(verified) = query.bool("EmailVerified") {
        user.email_verified = verified;
    }
    for (name, value) in changes {
        match value {
            Some(value) => user.custom_fields.insert(name, value),
            None => user.custom_fields.remove(&name),
        };
    }
    user.update_time = now_ms;
    Ok(json!({}))
}

fn digits(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// The custom field updates asked for: name and new value (`None` removes it).
fn custom_field_changes(
    instance: &AlibabaEiamInstance,
    query: &Query,
) -> Result<Vec<(String, Option<String>)>, ApiError> {
    let mut changes = Vec::new();
    for (n, item) in query.list("CustomFields").iter().enumerate() {
        let at = |field: &str| format!("CustomFields.{}.{field}", n + 1);
        let name = item
            .get("FieldName")
            .ok_or_else(|| missing(&at("FieldName"), &at("Operation")))?;
        if !instance.custom_fields.contains(name) {
            return Err(ApiError::gateway(
                404,
                "EntityNotExists.CustomField",
                format!("The custom field {name} does not exist."),
            ));
        }
        let value = item.get("FieldValue").cloned();
        match item.get("Operation").map(String::as_str) {
            Some("add" | "replace") => {
                let value = value.ok_or_else(|| missing(&at("FieldValue"), &at("Operation")))?;
                changes.push((name.clone(), Some(value)));
            }
            Some("remove") => changes.push((name.clone(), None)),
            _ => {
                return Err(invalid(format!(
                    "{} must be add, replace or remove.",
                    at("Operation")
                )));
            }
        }
    }
    Ok(changes)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct UserEntry {
    instance_id: String,
    user_id: String,
    username: String,
    display_name: String,
    phone_region: String,
    phone_number: String,
    phone_number_verified: bool,
    email: String,
    email_verified: bool,
    description: String,
    user_external_id: String,
    user_source_type: String,
    user_source_id: String,
    status: String,
    account_expire_time: i64,
    password_expire_time: i64,
    password_set: bool,
    register_time: i64,
    lock_expire_time: i64,
    create_time: i64,
    update_time: i64,
}

fn entry(instance: &AlibabaEiamInstance, user: &EiamUser) -> UserEntry {
    UserEntry {
        instance_id: instance.instance_id.clone(),
        user_id: user.user_id.clone(),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        phone_region: user.phone_region.clone(),
        phone_number: user.phone_number.clone(),
        phone_number_verified: user.phone_number_verified,
        email: user.email.clone(),
        email_verified: user.email_verified,
        description: user.description.clone(),
        user_external_id: user.user_id.clone(),
        user_source_type: "build_in".into(),
        user_source_id: instance.instance_id.clone(),
        status: user.status.clone(),
        account_expire_time: -1,
        password_expire_time: -1,
        password_set: false,
        register_time: user.create_time,
        lock_expire_time: 0,
        create_time: user.create_time,
        update_time: user.update_time,
    }
}

fn detail(instance: &AlibabaEiamInstance, user: &EiamUser) -> Value {
    let mut value = serde_json::to_value(entry(instance, user)).unwrap_or_else(|_| json!({}));
    if let Value::Object(map) = &mut value {
        let fields: Vec<Value> = user
            .custom_fields
            .iter()
            .map(|(name, value)| json!({"FieldName": name, "FieldValue": value}))
            .collect();
        map.insert("PreferredLanguage".into(), json!(""));
        map.insert("PrimaryOrganizationalUnitId".into(), json!(""));
        map.insert("CustomFields".into(), json!(fields));
        map.insert("Groups".into(), json!([]));
        map.insert("OrganizationalUnits".into(), json!([]));
    }
    value
}

fn list_users(instance: &AlibabaEiamInstance, query: &Query) -> Result<Value, ApiError> {
    let token_paging = query.str("NextToken").is_some() || query.int("MaxResults").is_some();
    let size = if token_paging {
        query.int("MaxResults")
    } else {
        query.int("PageSize")
    }
    .unwrap_or(20);
    if !(1..=100).contains(&size) {
        return Err(invalid(
            "PageSize and MaxResults must be between 1 and 100.",
        ));
    }
    let start = match query.str("NextToken") {
        Some(token) => token
            .strip_prefix("nt_")
            .and_then(|offset| offset.parse::<i64>().ok())
            .ok_or_else(|| invalid("The NextToken is invalid."))?,
        None if token_paging => 0,
        None => {
            let number = query.int("PageNumber").unwrap_or(1);
            if number < 1 {
                return Err(invalid("PageNumber starts at 1."));
            }
            (number - 1).saturating_mul(size)
        }
    };
    let status = query.str("Status");
    if status.is_some_and(|s| !["enabled", "disabled"].contains(&s)) {
        return Err(invalid("Status must be enabled or disabled."));
    }
    let ids = query.list("UserIds");
    let matching: Vec<&EiamUser> = instance
        .users
        .iter()
        .filter(|u| {
            query
                .str("UsernameStartsWith")
                .is_none_or(|p| u.username.starts_with(p))
        })
        .filter(|u| {
            query
                .str("DisplayNameStartsWith")
                .is_none_or(|p| u.display_name.starts_with(p))
        })
        .filter(|u| query.str("PhoneRegion").is_none_or(|p| u.phone_region == p))
        .filter(|u| query.str("PhoneNumber").is_none_or(|p| u.phone_number == p))
        .filter(|u| query.str("Email").is_none_or(|p| u.email == p))
        .filter(|u| status.is_none_or(|s| u.status == s))
        .filter(|u| {
            ids.is_empty()
                || ids
                    .iter()
                    .any(|id| id.get("").is_some_and(|id| *id == u.user_id))
        })
        .collect();
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(100);
    let users: Vec<UserEntry> = matching
        .iter()
        .skip(start)
        .take(take)
        .map(|u| entry(instance, u))
        .collect();
    let more = start.saturating_add(take) < matching.len();
    let next_token = if token_paging && more {
        format!("nt_{}", start + take)
    } else {
        String::new()
    };
    Ok(
        json!({"TotalCount": matching.len(), "MaxResults": size, "NextToken": next_token, "Users": users}),
    )
}
