//! Tencent Organization / CIC 2021-03-31: UpdateUser, ListUsers (NextToken paging) and GetUser,
//! with their own request and response types. Checks parameters and business rules against the
//! state and changes it; never sees signatures or rate limits.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::{OffsetDateTime, UtcOffset, macros::format_description};

use super::params::{Action, Kind, decode_tencent, optional, required};
use super::reply::{ApiError, tencent_fields};
use super::seed::{CIC_USER_STATUSES, CIC_USER_TYPES, CicUser, TencentCicZone};
use super::store::Store;

/// The actions served, with their parameter tables.
pub const ACTIONS: &[Action] = &[
    Action {
        name: "UpdateUser",
        params: &[
            required("ZoneId", Kind::Str),
            required("UserId", Kind::Str),
            optional("NewFirstName", Kind::Str),
            optional("NewLastName", Kind::Str),
            optional("NewDisplayName", Kind::Str),
            optional("NewDescription", Kind::Str),
            optional("NewEmail", Kind::Str),
            optional("NeedResetPassword", Kind::Bool),
        ],
    },
    Action {
        name: "ListUsers",
        params: &[
            required("ZoneId", Kind::Str),
            optional("MaxResults", Kind::Int),
            optional("NextToken", Kind::Str),
            optional("UserStatus", Kind::Str),
            optional("UserType", Kind::Str),
            optional("Filter", Kind::Str),
            optional("FilterGroups", Kind::StrList),
            optional("SortField", Kind::Str),
            optional("SortType", Kind::Str),
            optional("Offset", Kind::Int),
        ],
    },
    Action {
        name: "GetUser",
        params: &[required("ZoneId", Kind::Str), required("UserId", Kind::Str)],
    },
];

/// Run a checked action against the state.
pub fn handle(
    store: &mut Store,
    action: &str,
    params: Map<String, Value>,
    now_ms: i64,
) -> Result<Value, ApiError> {
    match action {
        "UpdateUser" => update_user(store, decode(params)?, now_ms),
        "ListUsers" => list_users(store, decode(params)?),
        _ => get_user(store, decode(params)?),
    }
}

/// CIC answers a value its request type refuses with `InvalidParameter`.
fn decode<T: DeserializeOwned>(params: Map<String, Value>) -> Result<T, ApiError> {
    decode_tencent(params, "InvalidParameter")
}

fn zone_mut<'a>(store: &'a mut Store, zone_id: &str) -> Result<&'a mut TencentCicZone, ApiError> {
    store
        .tencent_cic
        .iter_mut()
        .find(|zone| zone.zone_id == zone_id)
        .ok_or_else(|| {
            ApiError::tencent(
                "FailedOperation.ZoneIdNotExist",
                "The space does not exist.",
            )
        })
}

fn user_not_exist() -> ApiError {
    ApiError::tencent("ResourceNotFound.UserNotExist", "The user does not exist.")
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct UserInfo {
    user_name: String,
    first_name: String,
    last_name: String,
    display_name: String,
    description: String,
    email: String,
    user_status: String,
    user_type: String,
    user_id: String,
    create_time: String,
    update_time: String,
    is_selected: bool,
    need_reset_password: bool,
}

fn user_info(user: &CicUser) -> UserInfo {
    UserInfo {
        user_name: user.user_name.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        display_name: user.display_name.clone(),
        description: user.description.clone(),
        email: user.email.clone(),
        user_status: user.user_status.clone(),
        user_type: user.user_type.clone(),
        user_id: user.user_id.clone(),
        create_time: user.create_time.clone(),
        update_time: user.update_time.clone(),
        is_selected: false,
        need_reset_password: user.need_reset_password,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct UserInfoResponse {
    user_info: UserInfo,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateUserRequest {
    zone_id: String,
    user_id: String,
    new_first_name: Option<String>,
    new_last_name: Option<String>,
    new_display_name: Option<String>,
    new_description: Option<String>,
    new_email: Option<String>,
    need_reset_password: Option<bool>,
}

fn update_user(store: &mut Store, req: UpdateUserRequest, now_ms: i64) -> Result<Value, ApiError> {
    let zone = zone_mut(store, &req.zone_id)?;
    let index = zone
        .users
        .iter()
        .position(|u| u.user_id == req.user_id)
        .ok_or_else(user_not_exist)?;
    if zone.users[index].user_type == "Synchronized" {
        return Err(ApiError::tencent(
            "FailedOperation.SynchronizedUserNotUpdate",
            "The synchronized user cannot be modified.",
        ));
    }
    if req.new_description.as_ref().is_some_and(|d| d.len() > 300) {
        return Err(ApiError::tencent(
            "InvalidParameter.DescriptionLengthOverlimit",
            "The description is longer than 300 bytes.",
        ));
    }
    if let Some(email) = &req.new_email {
        if !plausible_email(email) {
            return Err(ApiError::tencent(
                "InvalidParameter.InvalidEmail",
                "The email address is invalid.",
            ));
        }
        let taken = zone
            .users
            .iter()
            .enumerate()
            .any(|(i, u)| i != index && u.email.eq_ignore_ascii_case(email));
        if taken {
            return Err(ApiError::tencent(
                "InvalidParameter.EmailAlreadyExists",
                "The email address already exists.",
            ));
        }
    }
    let user = &mut zone.users[index];
    let fields = [
        (&mut user.first_name, req.new_first_name),
        (&mut user.last_name, req.new_last_name),
        (&mut user.display_name, req.new_display_name),
        (&mut user.description, req.new_description),
        (&mut user.email, req.new_email),
    ];
    for (slot, value) in fields {
        if let Some(value) = value {
            *slot = value;
        }
    }
    if let Some(reset) = req.need_reset_password {
        user.need_reset_password = reset;
    }
    user.update_time = cic_time(now_ms);
    tencent_fields(UserInfoResponse {
        user_info: user_info(user),
    })
}

fn plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !email.contains(' '),
        None => false,
    }
}

/// `YYYY-MM-DD HH:MM:SS` in the service's local time (UTC+8).
pub fn cic_time(ms: i64) -> String {
    let offset = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .map(|time| time.to_offset(offset))
        .and_then(|time| {
            time.format(format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .ok()
        })
        .unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListUsersRequest {
    zone_id: String,
    max_results: Option<i64>,
    next_token: Option<String>,
    user_status: Option<String>,
    user_type: Option<String>,
    filter: Option<String>,
    sort_field: Option<String>,
    sort_type: Option<String>,
    offset: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListUsersResponse {
    total_counts: usize,
    max_results: i64,
    users: Vec<UserInfo>,
    /// Present only when truncated, as on the real service.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
    is_truncated: bool,
}

fn check_enum(name: &str, value: &Option<String>, allowed: &[&str]) -> Result<(), ApiError> {
    match value {
        Some(v) if !allowed.contains(&v.as_str()) => Err(ApiError::tencent(
            "InvalidParameterValue",
            format!("{name} must be one of {}.", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

fn list_users(store: &mut Store, req: ListUsersRequest) -> Result<Value, ApiError> {
    let max_results = req.max_results.unwrap_or(10);
    if !(1..=100).contains(&max_results) {
        return Err(ApiError::tencent(
            "InvalidParameterValue",
            "MaxResults must be between 1 and 100.",
        ));
    }
    check_enum("UserStatus", &req.user_status, CIC_USER_STATUSES)?;
    check_enum("UserType", &req.user_type, CIC_USER_TYPES)?;
    check_enum("SortField", &req.sort_field, &["CreateTime"])?;
    check_enum("SortType", &req.sort_type, &["Desc", "Asc"])?;
    if req.next_token.is_some() && req.offset.is_some() {
        return Err(ApiError::tencent(
            "InvalidParameter",
            "Offset and NextToken cannot be combined.",
        ));
    }
    let serial = store.tokens_issued;
    let zone = zone_mut(store, &req.zone_id)?;
    let start = match (&req.next_token, req.offset) {
        (Some(token), _) => *zone.next_tokens.get(token).ok_or_else(|| {
            ApiError::tencent(
                "InvalidParameter.NextTokenInvalid",
                "The NextToken is invalid.",
            )
        })?,
        (None, Some(offset)) => usize::try_from(offset).map_err(|_| {
            ApiError::tencent("InvalidParameterValue", "Offset must not be negative.")
        })?,
        (None, None) => 0,
    };
    let mut matching: Vec<&CicUser> = zone
        .users
        .iter()
        .filter(|u| req.user_status.as_ref().is_none_or(|s| &u.user_status == s))
        .filter(|u| req.user_type.as_ref().is_none_or(|t| &u.user_type == t))
        .filter(|u| req.filter.as_ref().is_none_or(|f| matches_filter(u, f)))
        .collect();
    if let Some(order) = &req.sort_type {
        matching.sort_by(|a, b| a.create_time.cmp(&b.create_time));
        if order == "Desc" {
            matching.reverse();
        }
    }
    let size = usize::try_from(max_results).unwrap_or(100);
    let users: Vec<UserInfo> = matching
        .iter()
        .skip(start)
        .take(size)
        .map(|u| user_info(u))
        .collect();
    let total = matching.len();
    let is_truncated = start.saturating_add(size) < total;
    let next_token = is_truncated.then(|| format!("nt-{:016x}", token_value(serial)));
    if let Some(token) = &next_token {
        zone.next_tokens.insert(token.clone(), start + size);
        store.tokens_issued += 1;
    }
    tencent_fields(ListUsersResponse {
        total_counts: total,
        max_results,
        users,
        next_token,
        is_truncated,
    })
}

fn matches_filter(user: &CicUser, filter: &str) -> bool {
    [
        &user.user_name,
        &user.email,
        &user.user_id,
        &user.description,
    ]
    .iter()
    .any(|field| field.contains(filter))
}

/// Opaque-looking but deterministic token numbers.
fn token_value(serial: u64) -> u64 {
    (serial + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GetUserRequest {
    zone_id: String,
    user_id: String,
}

fn get_user(store: &mut Store, req: GetUserRequest) -> Result<Value, ApiError> {
    let zone = zone_mut(store, &req.zone_id)?;
    let user = zone
        .users
        .iter()
        .find(|u| u.user_id == req.user_id)
        .ok_or_else(user_not_exist)?;
    tencent_fields(UserInfoResponse {
        user_info: user_info(user),
    })
}
