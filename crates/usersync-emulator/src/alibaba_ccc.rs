//! Alibaba CCC 2020-07-01: ModifyUser, ListUsers (1-based pages), GetUser and ListRoles, with
//! their own response types. Checks parameters and business rules against the state and changes
//! it; never sees signatures or rate limits.

use serde::Serialize;
use serde_json::{Value, json};

use super::params::{Action, Kind, Query, optional, required};
use super::reply::ApiError;
use super::seed::{AlibabaCccInstance, CCC_WORK_MODES, CccUser};
use super::store::Store;

/// The actions served, with their parameter tables.
pub const ACTIONS: &[Action] = &[
    Action {
        name: "ModifyUser",
        params: &[
            required("InstanceId", Kind::Str),
            required("UserId", Kind::Str),
            required("WorkMode", Kind::Str),
            optional("Mobile", Kind::Str),
            optional("RoleId", Kind::Str),
            optional("DisplayId", Kind::Str),
            optional("DisplayName", Kind::Str),
            optional("Nickname", Kind::Str),
            optional("AvatarUrl", Kind::Str),
            optional("Force", Kind::Bool),
        ],
    },
    Action {
        name: "ListUsers",
        params: &[
            required("InstanceId", Kind::Str),
            required("PageNumber", Kind::Int),
            required("PageSize", Kind::Int),
            optional("SearchPattern", Kind::Str),
            optional("SkillGroupId", Kind::Str),
        ],
    },
    Action {
        name: "GetUser",
        params: &[
            required("InstanceId", Kind::Str),
            optional("UserId", Kind::Str),
            optional("Extension", Kind::Str),
        ],
    },
    Action {
        name: "ListRoles",
        params: &[required("InstanceId", Kind::Str)],
    },
];

pub fn handle(store: &mut Store, action: &str, query: &Query) -> Result<Value, ApiError> {
    let instance_id = query.str("InstanceId").unwrap_or_default();
    let instance = store
        .alibaba_ccc
        .iter_mut()
        .find(|i| i.instance_id == instance_id)
        .ok_or_else(|| {
            ApiError::ccc(
                404,
                "NotExists.InstanceId",
                format!("Instance {instance_id} does not exist."),
                &[instance_id],
            )
        })?;
    let data = match action {
        "ModifyUser" => modify_user(instance, query)?,
        "ListUsers" => list_users(instance, query)?,
        "GetUser" => get_user(instance, query)?,
        _ => {
            let roles: Vec<Value> = instance
                .roles
                .iter()
                .map(|name| json!({"RoleId": role_id(name, &instance.instance_id), "Name": name}))
                .collect();
            return Ok(json!({"HttpStatusCode": 200, "Code": "OK", "Message": "", "Data": roles}));
        }
    };
    Ok(json!({"HttpStatusCode": 200, "Code": "OK", "Message": "", "Params": [], "Data": data}))
}

fn role_id(name: &str, instance_id: &str) -> String {
    format!("{name}@{instance_id}")
}

fn user_id(user: &CccUser, instance_id: &str) -> String {
    format!("{}@{instance_id}", user.login_name)
}

fn user_not_exist(user_id: &str, instance_id: &str) -> ApiError {
    ApiError::ccc(
        404,
        "NotExists.UserId",
        format!("The user {user_id} does not exist in instance {instance_id}."),
        &[user_id, instance_id],
    )
}

fn modify_user(instance: &mut AlibabaCccInstance, query: &Query) -> Result<Value, ApiError> {
    let wanted = query.str("UserId").unwrap_or_default();
    let instance_id = instance.instance_id.clone();
    let work_mode = query.str("WorkMode").unwrap_or_default();
    if !CCC_WORK_MODES.contains(&work_mode) {
        return Err(ApiError::ccc(
            400,
            "Parameter.Enumeration",
            format!(
                "Parameter WorkMode should be one of {}.",
                CCC_WORK_MODES.join(", ")
            ),
            &["WorkMode"],
        ));
    }
    if let Some(mobile) = query.str("Mobile")
        && !mobile.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return Err(ApiError::ccc(
            400,
            "Parameter.Pattern",
            format!("Mobile {mobile} is not a phone number."),
            &[mobile],
        ));
    }
    let role = match query.str("RoleId") {
        Some(role) => Some(
            instance
                .roles
                .iter()
                .find(|name| role_id(name, &instance_id) == role)
                .cloned()
                .ok_or_else(|| {
                    ApiError::ccc(
                        404,
                        "NotExists.RoleId",
                        format!("Role {role} does not exist."),
                        &[role],
                    )
                })?,
        ),
        None => None,
    };
    let user = instance
        .users
        .iter_mut()
        .find(|u| user_id(u, &instance_id) == wanted)
        .ok_or_else(|| user_not_exist(wanted, &instance_id))?;
    user.work_mode = work_mode.to_string();
    let fields = [
        (&mut user.mobile, "Mobile"),
        (&mut user.display_id, "DisplayId"),
        (&mut user.display_name, "DisplayName"),
        (&mut user.nickname, "Nickname"),
        (&mut user.avatar_url, "AvatarUrl"),
    ];
    for (slot, name) in fields {
        if let Some(value) = query.str(name) {
            *slot = value.to_string();
        }
    }
    if let Some(role) = role {
        user.role = role;
    }
    Ok(json!(""))
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListEntry {
    user_id: String,
    login_name: String,
    display_name: String,
    display_id: String,
    email: String,
    mobile: String,
    extension: String,
    work_mode: String,
    role_id: String,
    role_name: String,
    ram_id: i64,
    primary: bool,
    primary_account: bool,
    device_id: String,
    device_ext: String,
    device_state: String,
    skill_level_list: Vec<Value>,
    personal_outbound_number_list: Vec<Value>,
}

fn list_users(instance: &AlibabaCccInstance, query: &Query) -> Result<Value, ApiError> {
    let number = query.int("PageNumber").unwrap_or_default();
    let size = query.int("PageSize").unwrap_or_default();
    for (name, value, min, max) in [
        ("PageNumber", number, 1, i64::MAX),
        ("PageSize", size, 1, 100),
    ] {
        if value < min {
            let message = format!("Parameter {name} should not be less than {min}.");
            return Err(ApiError::ccc(400, "Parameter.Minimum", message, &[name]));
        }
        if value > max {
            let message = format!("Parameter {name} should not be greater than {max}.");
            return Err(ApiError::ccc(400, "Parameter.Maximum", message, &[name]));
        }
    }
    let pattern = query.str("SearchPattern").map(str::to_lowercase);
    let in_group = query.str("SkillGroupId").is_none();
    let matching: Vec<&CccUser> = instance
        .users
        .iter()
        .filter(|_| in_group)
        .filter(|u| {
            pattern.as_ref().is_none_or(|p| {
                u.login_name.to_lowercase().contains(p) || u.display_name.to_lowercase().contains(p)
            })
        })
        .collect();
    let start = usize::try_from((number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(100);
    let list: Vec<ListEntry> = matching
        .iter()
        .skip(start)
        .take(take)
        .map(|u| ListEntry {
            user_id: user_id(u, &instance.instance_id),
            login_name: u.login_name.clone(),
            display_name: u.display_name.clone(),
            display_id: u.display_id.clone(),
            email: u.email.clone(),
            mobile: u.mobile.clone(),
            extension: u.extension.clone(),
            work_mode: u.work_mode.clone(),
            role_id: role_of(u, &instance.instance_id),
            role_name: u.role.clone(),
            ram_id: ram_id(instance, u),
            primary: false,
            primary_account: false,
            device_id: String::new(),
            device_ext: String::new(),
            device_state: "UNREGISTERED".into(),
            skill_level_list: Vec::new(),
            personal_outbound_number_list: Vec::new(),
        })
        .collect();
    Ok(json!({"PageNumber": number, "PageSize": size, "TotalCount": matching.len(), "List": list}))
}

/// The seeded RAM id, or a stable one made from the user's place in the instance.
fn ram_id(instance: &AlibabaCccInstance, user: &CccUser) -> i64 {
    if user.ram_id != 0 {
        return user.ram_id;
    }
    let place = instance
        .users
        .iter()
        .position(|u| u.login_name == user.login_name)
        .unwrap_or(0);
    2_000_000_000_000_001 + i64::try_from(place).unwrap_or(0)
}

fn role_of(user: &CccUser, instance_id: &str) -> String {
    if user.role.is_empty() {
        String::new()
    } else {
        role_id(&user.role, instance_id)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct UserDetail {
    instance_id: String,
    user_id: String,
    login_name: String,
    display_name: String,
    display_id: String,
    nickname: String,
    avatar_url: String,
    email: String,
    mobile: String,
    extension: String,
    work_mode: String,
    role_id: String,
    role_name: String,
    device_id: String,
    device_ext: String,
    device_state: String,
}

fn get_user(instance: &AlibabaCccInstance, query: &Query) -> Result<Value, ApiError> {
    let instance_id = &instance.instance_id;
    let user = match (query.str("UserId"), query.str("Extension")) {
        (Some(wanted), _) => instance
            .users
            .iter()
            .find(|u| user_id(u, instance_id) == wanted)
            .ok_or_else(|| user_not_exist(wanted, instance_id))?,
        (None, Some(extension)) => instance
            .users
            .iter()
            .find(|u| !u.extension.is_empty() && u.extension == extension)
            .ok_or_else(|| user_not_exist(extension, instance_id))?,
        (None, None) => {
            return Err(ApiError::ccc(
                400,
                "Parameter.Blank",
                "Parameter UserId or Extension is blank.",
                &["UserId"],
            ));
        }
    };
    serde_json::to_value(UserDetail {
        instance_id: instance_id.clone(),
        user_id: user_id(user, instance_id),
        login_name: user.login_name.clone(),
        display_name: user.display_name.clone(),
        display_id: user.display_id.clone(),
        nickname: user.nickname.clone(),
        avatar_url: user.avatar_url.clone(),
        email: user.email.clone(),
        mobile: user.mobile.clone(),
        extension: user.extension.clone(),
        work_mode: user.work_mode.clone(),
        role_id: role_of(user, instance_id),
        role_name: user.role.clone(),
        device_id: String::new(),
        device_ext: String::new(),
        device_state: "UNREGISTERED".into(),
    })
    .map_err(|err| ApiError::ccc(500, "InternalService.Common", err.to_string(), &[]))
}
