//! Tencent CCC `DescribeStaffStatusMetrics`, with its response types: every emulated agent is
//! offline, with zero durations. Reads the state only.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::app_mut;
use crate::reply::{ApiError, tencent_fields};
use crate::store::Store;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct MetricsRequest {
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

pub(super) fn describe_metrics(store: &mut Store, req: MetricsRequest) -> Result<Value, ApiError> {
    let app = app_mut(store, req.sdk_app_id)?;
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
    tencent_fields(DescribeStaffStatusMetricsResponse { metrics })
}
