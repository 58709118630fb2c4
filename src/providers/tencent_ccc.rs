//! Pure. Tencent Cloud Contact Center (`ccc` 2020-02-10) as a table: agents keyed and
//! addressed by email (`Mail` on reads, `Email` on `ModifyStaff`), phones as `0086…`, skill
//! groups by numeric id (names from `DescribeSkillGroupInfoList`), the two mobile switches only
//! from `DescribeStaffStatusMetrics` (batched by email), extension numbers (unique in the app)
//! and call forwarding (`ForwardingConfig`, one object) from the list. Never sends anything.

use serde_json::Value as Json;

use super::instance::Instance;
use super::paging::{self, Cursor, Pagination, Params};
use super::table::{
    Address, CatalogRead, Check, Entries, ExtraRead, FieldSpec, Form, ForwardingForm, HostRule,
    InstanceKey, KeySpec, ListRead, PhoneForm, Table, TargetSpec,
};
use crate::model::{Cloud, FieldKind, KeyKind, ProviderType, TargetKind};
use crate::state::CatalogKind;

/// `UseMobileAccept`: the manifest's words for the wire's integers.
pub const MOBILE_ACCEPT: &[(&str, i64)] = &[("off", 0), ("when-offline", 1), ("always", 2)];

const STATUS: &str = "DescribeStaffStatusMetrics";

/// `ExtensionNumber`: "1 到 8 打头，4 - 6 位" (the SDK's `models.go`).
const EXTENSION: &[Check] = &[Check::Digits {
    min: 4,
    max: 6,
    first: "12345678",
    rule: "extensions are 4 to 6 digits starting with 1 to 8",
}];

/// `ForwardingConfig` (`models.go` `ForwardingConfig`, `ForwardingTarget`): `Condition` 1
/// unconditional, 2 conditional; `Target.Type` 1 an agent (`StaffUserId`, its account: the
/// email), 2 a skill group, 3 an extension.
pub const FORWARDING: ForwardingForm = ForwardingForm {
    enabled: "Enabled",
    condition: "Condition",
    conditions: &[("always", 1), ("conditional", 2)],
    target: "Target",
    target_type: "Type",
    targets: &[
        TargetSpec {
            kind: TargetKind::Agent,
            number: 1,
            field: "StaffUserId",
            numeric: false,
        },
        TargetSpec {
            kind: TargetKind::SkillGroup,
            number: 2,
            field: "SkillGroupId",
            numeric: true,
        },
        TargetSpec {
            kind: TargetKind::Extension,
            number: 3,
            field: "Extension",
            numeric: false,
        },
    ],
};

pub const TABLE: Table = Table {
    provider_type: ProviderType::TencentCcc,
    cloud: Cloud::Tencent,
    noun: "agent",
    service: "ccc",
    version: "2020-02-10",
    write_action: "ModifyStaff",
    actions: &[
        "DescribeStaffInfoList",
        "DescribeSkillGroupInfoList",
        STATUS,
        "ModifyStaff",
    ],
    default_rate: 20.0,
    instance_key: InstanceKey::SdkAppId,
    keys: &[KeySpec {
        kind: KeyKind::Email,
        read_name: "Mail",
    }],
    address: Address {
        kind: KeyKind::Email,
        param: "Email",
    },
    fields: &[
        FieldSpec::text(FieldKind::DisplayName, "Name", "Name")
            .shared()
            .checks(Check::LINE),
        FieldSpec::text(FieldKind::Phone, "Phone", "Phone")
            .form(Form::Phone(PhoneForm::Prefixed00))
            .shared(),
        FieldSpec::text(FieldKind::Nick, "Nick", "Nick").checks(Check::LINE),
        FieldSpec::text(FieldKind::StaffNo, "StaffNumber", "StaffNo").checks(Check::LINE),
        FieldSpec::text(FieldKind::SkillGroups, "SkillGroupList", "SkillGroupIds")
            .form(Form::Ids {
                item_id: "SkillGroupId",
            })
            .catalog(CatalogKind::SkillGroups)
            .checks(Check::LINE),
        FieldSpec::text(
            FieldKind::UseMobileCallOut,
            "UseMobileCallOut",
            "UseMobileCallOut",
        )
        .form(Form::Bool)
        .extra_read(STATUS),
        FieldSpec::text(
            FieldKind::UseMobileAccept,
            "UseMobileAccept",
            "UseMobileAccept",
        )
        .form(Form::Choice(MOBILE_ACCEPT))
        .extra_read(STATUS),
        FieldSpec::text(FieldKind::Extension, "ExtensionNumber", "ExtensionNumber")
            .checks(EXTENSION),
        FieldSpec::text(
            FieldKind::Forwarding,
            "ForwardingConfig",
            "ForwardingConfig",
        )
        .form(Form::Forwarding(&FORWARDING)),
    ],
    // Extensions: the reference presumes them unique (§3.5) and two agents cannot ring on
    // one number; the emulator refuses a taken one.
    unique: &[FieldKind::Phone, FieldKind::Extension],
    carried: &[],
    locked: None,
    list: ListRead {
        action: "DescribeStaffInfoList",
        pagination: Pagination::ZeroBased { page_size: 9999 },
        params: list_params,
        within: &[],
        entries: "StaffList",
        total: "TotalCount",
        token: None,
    },
    extra: &[ExtraRead {
        action: STATUS,
        batch: 100,
        params: status_params,
        entries: Entries::Array("Metrics"),
        id: "Email",
    }],
    catalogs: &[CatalogRead {
        catalog: CatalogKind::SkillGroups,
        action: "DescribeSkillGroupInfoList",
        pagination: Pagination::ZeroBased { page_size: 100 },
        params: skill_group_params,
        entries: "SkillGroupList",
        id: "SkillGroupId",
        name: "SkillGroupName",
        total: Some("TotalCount"),
    }],
    host: HostRule::Global("ccc.tencentcloudapi.com"),
};

/// `DescribeStaffInfoList` parameters (up to 9999 per page, from 0).
pub fn list_params(instance: &Instance, cursor: &Cursor) -> Params {
    numbered_params(instance, cursor, TABLE.list.pagination)
}

/// `DescribeSkillGroupInfoList` parameters (100 per page, from 0).
pub fn skill_group_params(instance: &Instance, cursor: &Cursor) -> Params {
    numbered_params(instance, cursor, Pagination::ZeroBased { page_size: 100 })
}

fn numbered_params(instance: &Instance, cursor: &Cursor, pagination: Pagination) -> Params {
    let mut params = instance.params();
    params.insert("PageSize".into(), Json::from(pagination.page_size()));
    params.insert("PageNumber".into(), Json::from(paging::page_number(cursor)));
    params
}

/// `DescribeStaffStatusMetrics` parameters for a batch of agent emails.
pub fn status_params(instance: &Instance, emails: &[&str]) -> Params {
    let mut params = instance.params();
    params.insert("StaffList".into(), Json::from(emails.to_vec()));
    params
}
