//! Tencent CCC 2020-02-10: ModifyStaff, DescribeStaffInfoList, DescribeSkillGroupInfoList and
//! DescribeStaffStatusMetrics, with their own request and response types. Checks parameters and
//! business rules against the state and changes it; never sees signatures or rate limits. This
//! file holds the parameter tables and the dispatch; each action lives in its own submodule.

pub(crate) mod forwarding;
mod lists;
mod metrics;
mod modify_staff;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::params::{Action, Kind, Param, decode_tencent, optional, required};
use super::reply::ApiError;
use super::seed::TencentCccApp;
use super::store::Store;

/// `ForwardingConfig`; the API description marks every field of it optional.
const FORWARDING_CONFIG: &[Param] = &[
    optional("Enabled", Kind::Bool),
    optional("Condition", Kind::Int),
    optional("Target", Kind::Object(FORWARDING_TARGET)),
];

const FORWARDING_TARGET: &[Param] = &[
    optional("Type", Kind::Int),
    optional("StaffUserId", Kind::Str),
    optional("SkillGroupId", Kind::Int),
    optional("Extension", Kind::Str),
];

/// The actions served, with their parameter tables.
pub const ACTIONS: &[Action] = &[
    Action {
        name: "ModifyStaff",
        params: &[
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
            optional("ForwardingConfig", Kind::Object(FORWARDING_CONFIG)),
        ],
    },
    Action {
        name: "DescribeStaffInfoList",
        params: &[
            required("SdkAppId", Kind::Int),
            required("PageSize", Kind::Int),
            required("PageNumber", Kind::Int),
            optional("StaffMail", Kind::Str),
            optional("ModifiedTime", Kind::Int),
            optional("SkillGroupId", Kind::Int),
        ],
    },
    Action {
        name: "DescribeSkillGroupInfoList",
        params: &[
            required("SdkAppId", Kind::Int),
            required("PageSize", Kind::Int),
            required("PageNumber", Kind::Int),
            optional("SkillGroupId", Kind::Int),
            optional("ModifiedTime", Kind::Int),
            optional("SkillGroupName", Kind::Str),
        ],
    },
    Action {
        name: "DescribeStaffStatusMetrics",
        params: &[
            required("SdkAppId", Kind::Int),
            optional("StaffList", Kind::StrList),
            optional("GroupIdList", Kind::IntList),
            optional("StatusList", Kind::StrList),
        ],
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
        "ModifyStaff" => modify_staff::modify_staff(store, decode(params)?, now_ms / 1000),
        "DescribeStaffInfoList" => lists::describe_staff(store, decode(params)?),
        "DescribeSkillGroupInfoList" => lists::describe_skill_groups(store, decode(params)?),
        _ => metrics::describe_metrics(store, decode(params)?),
    }
}

/// CCC answers a value its request type refuses with `InvalidParameterValue`.
fn decode<T: DeserializeOwned>(params: Map<String, Value>) -> Result<T, ApiError> {
    decode_tencent(params, "InvalidParameterValue")
}

fn invalid_value(message: impl Into<String>) -> ApiError {
    ApiError::tencent("InvalidParameterValue", message)
}

fn app_mut(store: &mut Store, sdk_app_id: u64) -> Result<&mut TencentCccApp, ApiError> {
    store
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
