//! Pure. Tencent Cloud Contact Center (`ccc` 2020-02-10): field table and `ModifyStaff`
//! parameters. Agents are keyed by email; phones travel as `0086…`.

use serde_json::{Map, Value as Json};

use super::{
    Assignment, Cloud, FieldSpec, Instance, InstanceKey, KeyKind, ProviderSpec, phone, text,
};
use crate::manifest::types::MobileAccept;
use crate::model::{FieldKind, ProviderType, Value};

pub const SPEC: ProviderSpec = ProviderSpec {
    provider_type: ProviderType::TencentCcc,
    cloud: Cloud::Tencent,
    service: "ccc",
    version: "2020-02-10",
    write_action: "ModifyStaff",
    actions: &[
        "DescribeStaffInfoList",
        "DescribeSkillGroupInfoList",
        "DescribeStaffStatusMetrics",
        "ModifyStaff",
    ],
    default_rate: 20.0,
    instance_key: InstanceKey::SdkAppId,
    keys: &[KeyKind::Email],
    fields: &[
        FieldSpec::writable(FieldKind::DisplayName, "Name").shared(),
        FieldSpec::writable(FieldKind::Phone, "Phone").shared(),
        FieldSpec::writable(FieldKind::Nick, "Nick"),
        FieldSpec::writable(FieldKind::StaffNo, "StaffNo"),
        FieldSpec::writable(FieldKind::SkillGroups, "SkillGroupIds"),
        FieldSpec::writable(FieldKind::UseMobileCallOut, "UseMobileCallOut")
            .extra_read("DescribeStaffStatusMetrics"),
        FieldSpec::writable(FieldKind::UseMobileAccept, "UseMobileAccept")
            .extra_read("DescribeStaffStatusMetrics"),
    ],
    unique: &[FieldKind::Phone],
};

/// `ModifyStaff` parameters: the instance, the agent's email, and each changed field.
pub fn update_params(
    instance: &Instance,
    remote_id: &str,
    changes: &[Assignment],
) -> Result<Map<String, Json>, String> {
    let mut params = Map::new();
    instance.insert_into(&mut params);
    params.insert("Email".into(), Json::from(remote_id));
    for change in changes {
        let value = change.value;
        let (name, wire) = match change.kind {
            FieldKind::DisplayName => ("Name", Json::from(text(value))),
            FieldKind::Phone => ("Phone", Json::from(phone(value)?.tencent_ccc_wire())),
            FieldKind::Nick => ("Nick", Json::from(text(value))),
            FieldKind::StaffNo => ("StaffNo", Json::from(text(value))),
            FieldKind::SkillGroups => ("SkillGroupIds", skill_group_ids(value)?),
            FieldKind::UseMobileCallOut => {
                ("UseMobileCallOut", Json::from(value == &Value::Bool(true)))
            }
            FieldKind::UseMobileAccept => {
                let mode = MobileAccept::parse(text(value))
                    .ok_or_else(|| format!("unknown use_mobile_accept `{value}`"))?;
                ("UseMobileAccept", Json::from(mode.wire()))
            }
            other => return Err(format!("tencent-ccc cannot write `{}`", other.key())),
        };
        params.insert(name.into(), wire);
    }
    Ok(params)
}

fn skill_group_ids(value: &Value) -> Result<Json, String> {
    let Value::List(ids) = value else {
        return Err("skill_groups must be a list".into());
    };
    ids.iter()
        .map(|id| {
            id.parse::<u64>()
                .map(Json::from)
                .map_err(|_| format!("skill group `{id}` is not resolved to a numeric id"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Json::Array)
}
