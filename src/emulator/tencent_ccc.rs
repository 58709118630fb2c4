//! Tencent CCC 2020-02-10: ModifyStaff, DescribeStaffInfoList, DescribeSkillGroupInfoList and
//! DescribeStaffStatusMetrics, with their own request and response types. Checks parameters and
//! business rules against the state and changes it; never sees signatures or rate limits.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::params::{Kind, Param, optional, required};
use super::reply::ApiError;
use super::seed::{SkillGroup, Staff, TencentCccApp};
use super::state::State;

const FORWARDING: Kind = Kind::Object(&["Enabled", "Condition", "Target"]);

/// Parameter tables of the actions served.
pub fn table(action: &str) -> Option<&'static [Param]> {
    Some(match action {
        "ModifyStaff" => {
            const TABLE: &[Param] = &[
                required("SdkAppId", Kind::Int),
                required("Email", Kind::Str),
                optional("Name", Kind::Str),
                optional("Phone", Kind::Str),
                optional("Nick", Kind::Str),
                optional("StaffNo", Kind::Str),
                optional("SkillGroupIds", Kind::IntList),
                optional("UseMobileCallOut", Kind::Bool),
                optional("UseMobileAccept", Kind::Int),
                optional("ExtensionNumber", Kind::Str),
                optional("ForwardingConfig", FORWARDING),
            ];
            TABLE
        }
        "DescribeStaffInfoList" => {
            const TABLE: &[Param] = &[
                required("SdkAppId", Kind::Int),
                required("PageSize", Kind::Int),
                required("PageNumber", Kind::Int),
                optional("StaffMail", Kind::Str),
                optional("ModifiedTime", Kind::Int),
                optional("SkillGroupId", Kind::Int),
            ];
            TABLE
        }
        "DescribeSkillGroupInfoList" => {
            const TABLE: &[Param] = &[
                required("SdkAppId", Kind::Int),
                required("PageSize", Kind::Int),
                required("PageNumber", Kind::Int),
                optional("SkillGroupId", Kind::Int),
                optional("ModifiedTime", Kind::Int),
                optional("SkillGroupName", Kind::Str),
            ];
            TABLE
        }
        "DescribeStaffStatusMetrics" => {
            const TABLE: &[Param] = &[
                required("SdkAppId", Kind::Int),
                optional("StaffList", Kind::StrList),
                optional("GroupIdList", Kind::IntList),
                optional("StatusList", Kind::StrList),
            ];
            TABLE
        }
        _ => return None,
    })
}

/// Run a checked action against the state.
pub fn handle(
    state: &mut State,
    action: &str,
    params: Map<String, Value>,
    now_ms: i64,
) -> Result<Value, ApiError> {
    let params = Value::Object(params);
    match action {
        "ModifyStaff" => modify_staff(state, decode(params)?, now_ms / 1000),
        "DescribeStaffInfoList" => describe_staff(state, decode(params)?),
        "DescribeSkillGroupInfoList" => describe_skill_groups(state, decode(params)?),
        _ => describe_metrics(state, decode(params)?),
    }
}

fn decode<T: for<'de> Deserialize<'de>>(params: Value) -> Result<T, ApiError> {
    serde_json::from_value(params).map_err(|err| {
        ApiError::tencent(
            "InvalidParameterValue",
            format!("Invalid parameter: {err}."),
        )
    })
}

fn invalid_value(message: impl Into<String>) -> ApiError {
    ApiError::tencent("InvalidParameterValue", message)
}

fn app_mut(state: &mut State, sdk_app_id: u64) -> Result<&mut TencentCccApp, ApiError> {
    state
        .tencent_ccc
        .iter_mut()
        .find(|app| app.sdk_app_id == sdk_app_id)
        .ok_or_else(|| {
            ApiError::tencent(
                "InvalidParameterValue.InstanceNotExist",
                format!("The SdkAppId `{sdk_app_id}` does not exist."),
            )
        })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ModifyStaffRequest {
    sdk_app_id: u64,
    email: String,
    name: Option<String>,
    phone: Option<String>,
    nick: Option<String>,
    staff_no: Option<String>,
    skill_group_ids: Option<Vec<i64>>,
    use_mobile_call_out: Option<bool>,
    use_mobile_accept: Option<i64>,
    extension_number: Option<String>,
}

fn modify_staff(state: &mut State, req: ModifyStaffRequest, now: i64) -> Result<Value, ApiError> {
    let app = app_mut(state, req.sdk_app_id)?;
    let index = app
        .staff
        .iter()
        .position(|s| s.mail.eq_ignore_ascii_case(&req.email))
        .ok_or_else(|| {
            ApiError::tencent(
                "InvalidParameterValue.AccountNotExist",
                "Account does not exist.",
            )
        })?;
    if let Some(phone) = &req.phone {
        let digits = phone.len() > 4 && phone.bytes().all(|b| b.is_ascii_digit());
        if !phone.starts_with("00") || !digits {
            return Err(ApiError::tencent(
                "InvalidParameter.InvalidPhoneNumber",
                format!(
                    "The phone number `{phone}` is invalid; expected 00, the country code and the number."
                ),
            ));
        }
        let bound = app
            .staff
            .iter()
            .enumerate()
            .any(|(i, s)| i != index && &s.phone == phone);
        if bound {
            return Err(ApiError::tencent(
                "InvalidParameterValue.PhoneNumIsBoundOtherAccount",
                "The number has been bound to another account.",
            ));
        }
    }
    if let Some(ids) = &req.skill_group_ids
        && let Some(id) = ids
            .iter()
            .find(|id| !app.skill_groups.iter().any(|g| g.id == **id))
    {
        return Err(ApiError::tencent(
            "InvalidParameterValue.SkillGroupError",
            format!("The skill group `{id}` does not exist."),
        ));
    }
    if let Some(accept) = req.use_mobile_accept
        && !(0..=2).contains(&accept)
    {
        return Err(invalid_value("UseMobileAccept must be 0, 1 or 2."));
    }
    if let Some(extension) = &req.extension_number {
        let ok = (4..=6).contains(&extension.len())
            && extension.bytes().all(|b| b.is_ascii_digit())
            && !extension.starts_with(['0', '9']);
        if !ok {
            return Err(invalid_value(
                "ExtensionNumber must be 4 to 6 digits starting with 1 to 8.",
            ));
        }
    }
    let staff = &mut app.staff[index];
    set(&mut staff.name, req.name);
    set(&mut staff.phone, req.phone);
    set(&mut staff.nick, req.nick);
    set(&mut staff.staff_number, req.staff_no);
    set(&mut staff.extension_number, req.extension_number);
    set(&mut staff.skill_groups, req.skill_group_ids);
    set(&mut staff.use_mobile_call_out, req.use_mobile_call_out);
    set(&mut staff.use_mobile_accept, req.use_mobile_accept);
    staff.last_modify_timestamp = now;
    Ok(Value::Object(Map::new()))
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListRequest {
    sdk_app_id: u64,
    page_size: i64,
    page_number: i64,
    staff_mail: Option<String>,
    modified_time: Option<i64>,
    skill_group_id: Option<i64>,
    skill_group_name: Option<String>,
}

/// The 0-based page `number` of `items`, after checking the size against `max`.
fn page<T: Clone>(items: &[T], size: i64, number: i64, max: i64) -> Result<Vec<T>, ApiError> {
    if !(1..=max).contains(&size) {
        return Err(invalid_value(format!(
            "PageSize must be between 1 and {max}."
        )));
    }
    if number < 0 {
        return Err(invalid_value("PageNumber starts at 0."));
    }
    let start = usize::try_from(number.saturating_mul(size)).unwrap_or(usize::MAX);
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Ok(items.iter().skip(start).take(size).cloned().collect())
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeStaffInfoListResponse {
    total_count: usize,
    staff_list: Vec<StaffInfo>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StaffInfo {
    name: String,
    mail: String,
    phone: String,
    nick: String,
    staff_number: String,
    role_id: i64,
    role_id_list: Vec<i64>,
    role_list: Vec<i64>,
    skill_group_list: Vec<SkillGroupItem>,
    last_modify_timestamp: i64,
    extension_number: String,
    forwarding_config: ForwardingConfig,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SkillGroupItem {
    skill_group_id: i64,
    skill_group_name: String,
    priority: i64,
    r#type: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ForwardingConfig {
    enabled: bool,
    condition: i64,
    target: ForwardingTarget,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ForwardingTarget {
    r#type: i64,
    staff_user_id: String,
    skill_group_id: i64,
    extension: String,
}

fn staff_info(staff: &Staff, groups: &[SkillGroup]) -> StaffInfo {
    let skill_group_list = staff
        .skill_groups
        .iter()
        .zip(1..)
        .filter_map(|(id, priority)| groups.iter().find(|g| g.id == *id).map(|g| (g, priority)))
        .map(|(group, priority)| SkillGroupItem {
            skill_group_id: group.id,
            skill_group_name: group.name.clone(),
            priority,
            r#type: group.r#type.clone(),
        })
        .collect();
    StaffInfo {
        name: staff.name.clone(),
        mail: staff.mail.clone(),
        phone: staff.phone.clone(),
        nick: staff.nick.clone(),
        staff_number: staff.staff_number.clone(),
        role_id: staff.role_id,
        role_id_list: vec![staff.role_id],
        role_list: vec![staff.role_id],
        skill_group_list,
        last_modify_timestamp: staff.last_modify_timestamp,
        extension_number: staff.extension_number.clone(),
        forwarding_config: ForwardingConfig {
            enabled: false,
            condition: 1,
            target: ForwardingTarget {
                r#type: 1,
                staff_user_id: String::new(),
                skill_group_id: 0,
                extension: String::new(),
            },
        },
    }
}

fn describe_staff(state: &mut State, req: ListRequest) -> Result<Value, ApiError> {
    let app = app_mut(state, req.sdk_app_id)?;
    let matching: Vec<&Staff> = app
        .staff
        .iter()
        .filter(|s| {
            req.staff_mail
                .as_ref()
                .is_none_or(|m| s.mail.eq_ignore_ascii_case(m))
        })
        .filter(|s| {
            req.modified_time
                .is_none_or(|t| s.last_modify_timestamp >= t)
        })
        .filter(|s| {
            req.skill_group_id
                .is_none_or(|g| s.skill_groups.contains(&g))
        })
        .collect();
    let shown = page(&matching, req.page_size, req.page_number, 9999)?;
    to_value(DescribeStaffInfoListResponse {
        total_count: matching.len(),
        staff_list: shown
            .iter()
            .map(|s| staff_info(s, &app.skill_groups))
            .collect(),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeSkillGroupInfoListResponse {
    total_count: usize,
    skill_group_list: Vec<SkillGroupInfoItem>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SkillGroupInfoItem {
    skill_group_id: i64,
    skill_group_name: String,
    r#type: String,
    route_policy: String,
    using_last_seat: i64,
    max_concurrency: i64,
    last_modify_timestamp: i64,
    skill_group_type: i64,
    alias: String,
    ring_all: bool,
}

fn describe_skill_groups(state: &mut State, req: ListRequest) -> Result<Value, ApiError> {
    let app = app_mut(state, req.sdk_app_id)?;
    let matching: Vec<&SkillGroup> = app
        .skill_groups
        .iter()
        .filter(|g| req.skill_group_id.is_none_or(|id| g.id == id))
        .filter(|g| {
            req.skill_group_name
                .as_ref()
                .is_none_or(|n| g.name.contains(n.as_str()))
        })
        .filter(|_| req.modified_time.is_none_or(|t| t <= 0))
        .collect();
    let shown = page(&matching, req.page_size, req.page_number, 100)?;
    to_value(DescribeSkillGroupInfoListResponse {
        total_count: matching.len(),
        skill_group_list: shown
            .iter()
            .map(|g| SkillGroupInfoItem {
                skill_group_id: g.id,
                skill_group_name: g.name.clone(),
                r#type: g.r#type.clone(),
                route_policy: "Random".into(),
                using_last_seat: 0,
                max_concurrency: 1,
                last_modify_timestamp: 0,
                skill_group_type: 0,
                alias: String::new(),
                ring_all: false,
            })
            .collect(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricsRequest {
    sdk_app_id: u64,
    staff_list: Option<Vec<String>>,
    group_id_list: Option<Vec<i64>>,
    status_list: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeStaffStatusMetricsResponse {
    metrics: Vec<StaffStatusMetrics>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StaffStatusMetrics {
    email: String,
    status: String,
    status_extra: StaffStatusExtra,
    online_duration: i64,
    free_duration: i64,
    busy_duration: i64,
    not_ready_duration: i64,
    rest_duration: i64,
    after_call_work_duration: i64,
    reason: String,
    reserve_rest: bool,
    reserve_not_ready: bool,
    use_mobile_accept: i64,
    use_mobile_call_out: bool,
    last_online_timestamp: i64,
    last_status_timestamp: i64,
    client_info: Vec<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StaffStatusExtra {
    r#type: String,
    direct: String,
}

/// Every emulated agent is offline.
const STATUS: &str = "offline";

fn describe_metrics(state: &mut State, req: MetricsRequest) -> Result<Value, ApiError> {
    let app = app_mut(state, req.sdk_app_id)?;
    let metrics = app
        .staff
        .iter()
        .filter(|s| {
            req.staff_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|m| m.eq_ignore_ascii_case(&s.mail)))
        })
        .filter(|s| {
            req.group_id_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|g| s.skill_groups.contains(g)))
        })
        .filter(|_| {
            req.status_list
                .as_ref()
                .is_none_or(|l| l.iter().any(|st| st == STATUS))
        })
        .map(|s| StaffStatusMetrics {
            email: s.mail.clone(),
            status: STATUS.into(),
            status_extra: StaffStatusExtra {
                r#type: String::new(),
                direct: String::new(),
            },
            online_duration: 0,
            free_duration: 0,
            busy_duration: 0,
            not_ready_duration: 0,
            rest_duration: 0,
            after_call_work_duration: 0,
            reason: String::new(),
            reserve_rest: false,
            reserve_not_ready: false,
            use_mobile_accept: s.use_mobile_accept,
            use_mobile_call_out: s.use_mobile_call_out,
            last_online_timestamp: 0,
            last_status_timestamp: 0,
            client_info: Vec::new(),
        })
        .collect();
    to_value(DescribeStaffStatusMetricsResponse { metrics })
}

pub(super) fn to_value<T: Serialize>(response: T) -> Result<Value, ApiError> {
    serde_json::to_value(response).map_err(|err| {
        ApiError::tencent("InternalError", format!("cannot encode the answer: {err}"))
    })
}
