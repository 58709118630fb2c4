//! Pure. The manifest's data types (format version 1): what a user writes and what a later
//! `export` will write. Serde and schemars read the same types, so the JSON schema in
//! `schemas/manifest.schema.json` cannot drift from what is accepted.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::ProviderConfig;

/// A usersync manifest: the providers to keep in line and the people who should exist there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Manifest format version; only `1` exists.
    #[serde(default = "default_version")]
    pub version: u32,
    /// Named targets. The name is what accounts refer to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub providers: BTreeMap<String, ProviderConfig>,
    /// One entry per person, keyed by a stable name of your choosing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub users: BTreeMap<String, Person>,
}

fn default_version() -> u32 {
    1
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            version: default_version(),
            providers: BTreeMap::new(),
            users: BTreeMap::new(),
        }
    }
}

/// A person: shared attributes, and one account per provider they exist in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name; becomes `Name` (Tencent CCC) or `DisplayName` elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Email address; the agent key on Tencent CCC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone in E.164, e.g. `+8613800000001`; converted to each provider's wire form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Accounts keyed by provider name (as declared under `providers`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accounts: BTreeMap<String, Account>,
}

/// A person's account on one provider. Which keys a provider type holds is checked against
/// its field table; a key the type cannot hold is an error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Remote user id: `u-…` (tencent-cic), `user_…` (alibaba-eiam), `login@instance`
    /// (alibaba-ccc). Matches the account when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Login name: `UserName` (tencent-cic, read-only), `Username` (alibaba-eiam, writable
    /// when matched by `user_id`), `LoginName` (alibaba-ccc, read-only). Matches the account
    /// when `user_id` is not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Overrides the person's display name for this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Overrides the person's email (tencent-ccc: the agent key; alibaba-ccc: read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Overrides the person's phone (E.164).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// tencent-ccc: nickname (`Nick`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// tencent-ccc: agent number (`StaffNo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_no: Option<String>,
    /// tencent-ccc: the complete set of skill groups, by name or numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_groups: Option<Vec<SkillGroupRef>>,
    /// tencent-ccc: allow outbound calls from the mobile (`UseMobileCallOut`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_mobile_call_out: Option<bool>,
    /// tencent-ccc: answering on the mobile (`UseMobileAccept`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_mobile_accept: Option<MobileAccept>,
    /// tencent-ccc: extension number (`ExtensionNumber`), 4 to 6 digits starting with 1 to 8,
    /// quoted; unique among the app's agents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// tencent-ccc: call forwarding (`ForwardingConfig`); only the keys set are managed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarding: Option<Forwarding>,
    /// tencent-cic: given name (`FirstName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// tencent-cic: family name (`LastName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// tencent-cic: description, at most 300 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// alibaba-ccc: work mode (`WorkMode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_mode: Option<WorkMode>,
    /// alibaba-ccc: role, by name (`Agent`) or id (`Agent@ccc-test`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// alibaba-ccc: agent number (`DisplayId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_id: Option<String>,
    /// alibaba-ccc: nickname (`Nickname`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// alibaba-ccc: picture URL (`AvatarUrl`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// alibaba-eiam: custom field values by field name; `null` removes the value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_fields: BTreeMap<String, Option<String>>,
}

/// A skill group by name (`Sales`) or numeric id (`101`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SkillGroupRef {
    Id(u64),
    Name(String),
}

/// Tencent CCC call forwarding. Every key is optional and only the keys set are compared and
/// changed: `{enabled: false}` turns forwarding off and keeps its condition and target.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    /// Whether calls are forwarded (`Enabled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// When calls are forwarded (`Condition`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<ForwardingWhen>,
    /// Where calls go (`Target`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ForwardingTo>,
}

/// Tencent CCC `ForwardingConfig.Condition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ForwardingWhen {
    /// `1`: every call (unconditional forwarding).
    Always,
    /// `2`: on the service's conditions (conditional forwarding).
    Conditional,
}

/// A forwarding target: exactly one of these keys.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct ForwardingTo {
    /// Another agent: a person of this manifest with an account on the same provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Another agent, by its email (its account on the provider).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A skill group, by name or numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_group: Option<SkillGroupRef>,
    /// An extension number (quoted) that an agent holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
}

/// Tencent CCC `UseMobileAccept`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MobileAccept {
    /// `0`: never ring the mobile.
    Off,
    /// `1`: ring the mobile only while the agent is offline.
    WhenOffline,
    /// `2`: always ring the mobile.
    Always,
}

/// Alibaba CCC `WorkMode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum WorkMode {
    /// Softphone or SIP phone in the office.
    #[serde(rename = "ON_SITE")]
    OnSite,
    /// Answers on the personal phone (`Mobile`).
    #[serde(rename = "OFF_SITE")]
    OffSite,
    /// Office desk phone.
    #[serde(rename = "OFFICE_PHONE")]
    OfficePhone,
}
