//! Tencent CCC's paged lists, `DescribeStaffInfoList` and `DescribeSkillGroupInfoList` (0-based
//! `PageNumber`), with their response types. Reads the state only.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{app_mut, invalid_value};
use crate::reply::{ApiError, tencent_fields};
use crate::seed::{Forwarding, SkillGroup, Staff};
use crate::store::Store;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ListRequest {
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
    /// `null` for an agent whose forwarding was never configured.
    forwarding_config: Option<ForwardingConfig>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SkillGroupItem {
    skill_group_id: i64,
    skill_group_name: String,
    priority: i64,
    r#type: String,
}

/// Every field is sent, with `0` or `""` for what the stored config left out, as the SDK
/// model has them all.
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

fn forwarding_config(forwarding: &Forwarding) -> ForwardingConfig {
    let target = forwarding.target.clone().unwrap_or_default();
    ForwardingConfig {
        enabled: forwarding.enabled,
        condition: forwarding.condition.unwrap_or(0),
        target: ForwardingTarget {
            r#type: target.r#type.unwrap_or(0),
            staff_user_id: target.staff_user_id.unwrap_or_default(),
            skill_group_id: target.skill_group_id.unwrap_or(0),
            extension: target.extension.unwrap_or_default(),
        },
    }
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
        forwarding_config: staff.forwarding.as_ref().map(forwarding_config),
    }
}

pub(super) fn describe_staff(store: &mut Store, req: ListRequest) -> Result<Value, ApiError> {
    let app = app_mut(store, req.sdk_app_id)?;
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
    tencent_fields(DescribeStaffInfoListResponse {
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

pub(super) fn describe_skill_groups(
    store: &mut Store,
    req: ListRequest,
) -> Result<Value, ApiError> {
    let app = app_mut(store, req.sdk_app_id)?;
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
    tencent_fields(DescribeSkillGroupInfoListResponse {
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
