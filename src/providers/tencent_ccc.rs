//! Pure. Tencent Cloud Contact Center (`ccc` 2020-02-10): field table, `ModifyStaff`
//! parameters, and the reads (`DescribeStaffInfoList`, `DescribeStaffStatusMetrics` for the
//! mobile switches, `DescribeSkillGroupInfoList` for skill group names). Agents are keyed by
//! email; phones travel as `0086…`. Never sends anything.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::wire::{
    self, CatalogKind, CatalogRead, Cursor, ExtraRead, FieldsById, HostRule, ListRead, Page,
    Pagination, Params, Wire,
};
use super::{
    Assignment, Cloud, FieldSpec, Instance, InstanceKey, KeyKind, ProviderSpec, phone, text,
};
use crate::manifest::types::MobileAccept;
use crate::model::{AccountKey, Field, FieldKind, ProviderType, Value};
use crate::phone::Phone;
use crate::state::{CatalogEntry, ObservedAccount};

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

/// Reads: the staff list (up to 9999 per page, from 0), the status metrics for the mobile
/// switches (batched by email), and the skill groups (100 per page, from 0).
pub const WIRE: Wire = Wire {
    list: ListRead {
        action: "DescribeStaffInfoList",
        pagination: Pagination::ZeroBased { page_size: 9999 },
        params: list_params,
        parse: parse_list,
    },
    extra: &[ExtraRead {
        action: "DescribeStaffStatusMetrics",
        batch: 100,
        params: status_params,
        parse: parse_status,
    }],
    catalogs: &[CatalogRead {
        field: FieldKind::SkillGroups,
        catalog: CatalogKind::SkillGroups,
        action: "DescribeSkillGroupInfoList",
        pagination: Pagination::ZeroBased { page_size: 100 },
        params: skill_group_params,
        parse: parse_skill_groups,
    }],
    host: HostRule::Global("ccc.tencentcloudapi.com"),
};

/// `DescribeStaffInfoList` parameters.
pub fn list_params(instance: &Instance, cursor: &Cursor) -> Params {
    numbered_params(instance, cursor, WIRE.list.pagination)
}

/// `DescribeSkillGroupInfoList` parameters.
pub fn skill_group_params(instance: &Instance, cursor: &Cursor) -> Params {
    numbered_params(instance, cursor, Pagination::ZeroBased { page_size: 100 })
}

fn numbered_params(instance: &Instance, cursor: &Cursor, pagination: Pagination) -> Params {
    let mut params = wire::instance_params(instance);
    params.insert("PageSize".into(), Json::from(pagination.page_size()));
    params.insert("PageNumber".into(), Json::from(wire::page_number(cursor)));
    params
}

/// Parses a `DescribeStaffInfoList` `Response`.
pub fn parse_list(response: &Json) -> Result<Page<ObservedAccount>, String> {
    let items = wire::array(response, "StaffList")?
        .iter()
        .map(parse_staff)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        total: wire::number(response, "TotalCount"),
        next_token: None,
    })
}

/// One `StaffInfo` as an observed account (`RoleIdList` may be an integer or a list; roles
/// are not managed here, so it is not read).
pub fn parse_staff(staff: &Json) -> Result<ObservedAccount, String> {
    let mail = wire::text(staff, "Mail").ok_or("an agent has no `Mail`")?;
    let mut fields = BTreeMap::new();
    wire::put(
        &mut fields,
        FieldKind::DisplayName,
        wire::text(staff, "Name"),
    );
    let phone = wire::text(staff, "Phone").and_then(|wire| Phone::from_tencent_ccc(&wire));
    wire::put(
        &mut fields,
        FieldKind::Phone,
        phone.map(|phone| phone.e164()),
    );
    wire::put(&mut fields, FieldKind::Nick, wire::text(staff, "Nick"));
    wire::put(
        &mut fields,
        FieldKind::StaffNo,
        wire::text(staff, "StaffNumber"),
    );
    let groups = wire::array(staff, "SkillGroupList")?
        .iter()
        .map(|group| wire::text(group, "SkillGroupId").ok_or("a skill group has no id"))
        .collect::<Result<Vec<_>, _>>()?;
    fields.insert(Field::known(FieldKind::SkillGroups), Value::list(groups));
    Ok(ObservedAccount {
        remote_id: mail.clone(),
        keys: vec![AccountKey::Email(mail)],
        fields,
        locked: None,
    })
}

/// `DescribeStaffStatusMetrics` parameters for a batch of agent emails.
pub fn status_params(instance: &Instance, emails: &[&str]) -> Params {
    let mut params = wire::instance_params(instance);
    params.insert("StaffList".into(), Json::from(emails.to_vec()));
    params
}

/// The two mobile switches by agent email, from a `DescribeStaffStatusMetrics` `Response`.
pub fn parse_status(response: &Json) -> Result<FieldsById, String> {
    let mut agents = Vec::new();
    for metrics in wire::array(response, "Metrics")? {
        let Some(email) = wire::text(metrics, "Email") else {
            continue;
        };
        let mut fields = BTreeMap::new();
        if let Some(accept) = wire::integer(metrics, "UseMobileAccept") {
            let mode = MobileAccept::from_wire(accept)
                .ok_or_else(|| format!("unknown `UseMobileAccept` {accept} for `{email}`"))?;
            fields.insert(
                Field::known(FieldKind::UseMobileAccept),
                Value::text(mode.as_str()),
            );
        }
        if let Some(call_out) = wire::boolean(metrics, "UseMobileCallOut") {
            fields.insert(
                Field::known(FieldKind::UseMobileCallOut),
                Value::Bool(call_out),
            );
        }
        agents.push((email, fields));
    }
    Ok(agents)
}

/// Skill groups (id as text, name) from a `DescribeSkillGroupInfoList` `Response`.
pub fn parse_skill_groups(response: &Json) -> Result<Page<CatalogEntry>, String> {
    let items = wire::array(response, "SkillGroupList")?
        .iter()
        .map(|group| {
            Ok(CatalogEntry {
                id: wire::text(group, "SkillGroupId").ok_or("a skill group has no id")?,
                name: wire::text(group, "SkillGroupName").unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Page {
        items,
        total: wire::number(response, "TotalCount"),
        next_token: None,
    })
}
