//! The emulator's seed: the YAML file that says which credentials it accepts, which instances
//! exist and which accounts they hold. Parsing only; never touches the network or the clock.
//!
//! The same record types double as the live state (`store.rs` holds and changes them), so the
//! state dump reads like the seed it came from. The format is documented in `docs/EMULATOR.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// Everything the emulator starts from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    pub credentials: Credentials,
    #[serde(default)]
    pub rate_limits: RateLimits,
    #[serde(default)]
    pub tencent_ccc: Vec<TencentCccApp>,
    #[serde(default)]
    pub tencent_cic: Vec<TencentCicZone>,
    #[serde(default)]
    pub alibaba_ccc: Vec<AlibabaCccInstance>,
    #[serde(default)]
    pub alibaba_eiam: Vec<AlibabaEiamInstance>,
}

impl Seed {
    /// Parse a seed from YAML text; the error names line and column.
    ///
    /// The YAML library's default budget (250,000 nodes) is a guard against hostile input;
    /// a seed is the operator's own file, and a benchmark's seed of 100,000 accounts has
    /// millions of nodes, so the budget here is a hundred times the default.
    pub fn from_yaml(text: &str) -> Result<Seed, String> {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_nodes *= 100;
        budget.max_events *= 100;
        let mut options = serde_saphyr::Options::default();
        options.budget = Some(budget);
        serde_saphyr::from_str_with_options(text, options).map_err(|err| err.to_string())
    }
}

/// Keys the emulator accepts, per cloud.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    #[serde(default)]
    pub tencent: Vec<TencentKey>,
    #[serde(default)]
    pub alibaba: Vec<AlibabaKey>,
}

/// A Tencent API key. `account` (the UIN) groups keys for rate limiting; it defaults to the id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TencentKey {
    pub secret_id: String,
    pub secret_key: String,
    #[serde(default)]
    pub account: Option<String>,
    /// When set, requests must carry this `X-TC-Token` (temporary credentials).
    #[serde(default)]
    pub token: Option<String>,
}

/// An Alibaba AccessKey. `account` groups keys for rate limiting; it defaults to the id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlibabaKey {
    pub access_key_id: String,
    pub access_key_secret: String,
    #[serde(default)]
    pub account: Option<String>,
    /// When set, requests must carry (and sign) this `x-acs-security-token` (STS).
    #[serde(default)]
    pub security_token: Option<String>,
}

/// Requests per second per (account, action). Tencent's figure is documented (20); Alibaba's is not.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimits {
    #[serde(default = "default_tencent_rate")]
    pub tencent_per_second: u32,
    #[serde(default = "default_alibaba_rate")]
    pub alibaba_per_second: u32,
    /// Per-action overrides for Alibaba, e.g. `{ModifyUser: 5}`.
    #[serde(default)]
    pub alibaba_actions: BTreeMap<String, u32>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            tencent_per_second: default_tencent_rate(),
            alibaba_per_second: default_alibaba_rate(),
            alibaba_actions: BTreeMap::new(),
        }
    }
}

fn default_tencent_rate() -> u32 {
    20
}

fn default_alibaba_rate() -> u32 {
    10
}

/// A Tencent CCC application (`SdkAppId`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TencentCccApp {
    pub sdk_app_id: u64,
    #[serde(default)]
    pub skill_groups: Vec<SkillGroup>,
    /// The app's extensions (desk and SIP phones, `ExtensionId` of `CreateExtension`), besides
    /// the agents' own extension numbers: targets of call forwarding to an extension.
    #[serde(default)]
    pub extensions: Vec<String>,
    #[serde(default)]
    pub staff: Vec<Staff>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillGroup {
    pub id: i64,
    pub name: String,
    #[serde(default = "default_skill_group_type")]
    pub r#type: String,
}

fn default_skill_group_type() -> String {
    "TEL".to_string()
}

/// A Tencent CCC agent, keyed by `mail` within its app.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    pub mail: String,
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub nick: String,
    #[serde(default)]
    pub staff_number: String,
    #[serde(default)]
    pub extension_number: String,
    #[serde(default = "default_role")]
    pub role_id: i64,
    #[serde(default)]
    pub skill_groups: Vec<i64>,
    #[serde(default)]
    pub use_mobile_accept: i64,
    #[serde(default)]
    pub use_mobile_call_out: bool,
    #[serde(default)]
    pub last_modify_timestamp: i64,
    /// Call forwarding. Left out of the seed: the disabled default every agent read back with
    /// before forwarding was stored (`Enabled: false`, `Condition: 1`, a type-1 target with an
    /// empty account). `null`: never configured, read back as `ForwardingConfig: null`.
    #[serde(default = "default_forwarding", deserialize_with = "nullable")]
    pub forwarding: Option<Forwarding>,
}

fn default_role() -> i64 {
    2
}

/// An agent's call forwarding (`ForwardingConfig`), stored as it was sent: a field left out
/// stays `None` (read back as `0` or `""`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    pub enabled: bool,
    /// 1 unconditional, 2 conditional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ForwardingTarget>,
}

/// Where forwarded calls go (`ForwardingTarget`); the field `type` names is the one that counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForwardingTarget {
    /// 1 agent, 2 skill group, 3 extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<i64>,
    /// The target agent's account (its mail), for type 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_user_id: Option<String>,
    /// For type 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_group_id: Option<i64>,
    /// An agent's extension number or one of the app's `extensions`, for type 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
}

/// The forwarding an agent has when the seed does not say.
fn default_forwarding() -> Option<Forwarding> {
    Some(Forwarding {
        enabled: false,
        condition: Some(1),
        target: Some(ForwardingTarget {
            r#type: Some(1),
            staff_user_id: Some(String::new()),
            skill_group_id: Some(0),
            extension: Some(String::new()),
        }),
    })
}

/// An explicit `null` is `None`; only a missing key takes the default.
fn nullable<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Forwarding>, D::Error> {
    Option::deserialize(deserializer)
}

/// A Tencent CIC identity-center space (`ZoneId`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TencentCicZone {
    pub zone_id: String,
    #[serde(default)]
    pub users: Vec<CicUser>,
    /// `NextToken` values treated as already issued, mapped to the offset they resume at; for
    /// replaying recorded requests. Tokens the emulator issues itself are added here too.
    #[serde(default)]
    pub next_tokens: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CicUser {
    pub user_id: String,
    pub user_name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub email: String,
    /// `Manual` or `Synchronized`; synchronized users cannot be updated.
    #[serde(default = "default_user_type")]
    pub user_type: String,
    /// `Enabled` or `Disabled`.
    #[serde(default = "default_user_status")]
    pub user_status: String,
    #[serde(default)]
    pub need_reset_password: bool,
    /// `YYYY-MM-DD HH:MM:SS`, service local time (UTC+8).
    #[serde(default = "default_cic_time")]
    pub create_time: String,
    #[serde(default = "default_cic_time")]
    pub update_time: String,
}

/// The `user_type` values Tencent CIC knows.
pub const CIC_USER_TYPES: &[&str] = &["Manual", "Synchronized"];

/// The `user_status` values Tencent CIC knows.
pub const CIC_USER_STATUSES: &[&str] = &["Enabled", "Disabled"];

fn default_user_type() -> String {
    "Manual".to_string()
}

fn default_user_status() -> String {
    "Enabled".to_string()
}

fn default_cic_time() -> String {
    "2024-06-01 10:00:00".to_string()
}

/// An Alibaba CCC instance; roles are named (`Agent`) and listed as `Agent@<instance>`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlibabaCccInstance {
    pub instance_id: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub users: Vec<CccUser>,
}

/// An Alibaba CCC agent; its `UserId` is `<login_name>@<instance_id>`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CccUser {
    pub login_name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub display_id: String,
    #[serde(default)]
    pub nickname: String,
    #[serde(default)]
    pub avatar_url: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub mobile: String,
    #[serde(default)]
    pub extension: String,
    /// `ON_SITE`, `OFF_SITE` or `OFFICE_PHONE`.
    #[serde(default = "default_work_mode")]
    pub work_mode: String,
    /// A role name from the instance's `roles` (not the `@instance` form).
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub ram_id: i64,
}

/// The `work_mode` values Alibaba CCC knows.
pub const CCC_WORK_MODES: &[&str] = &["ON_SITE", "OFF_SITE", "OFFICE_PHONE"];

fn default_work_mode() -> String {
    "ON_SITE".to_string()
}

/// An Alibaba EIAM (IDaaS) instance with its declared custom field names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlibabaEiamInstance {
    pub instance_id: String,
    #[serde(default)]
    pub custom_fields: Vec<String>,
    #[serde(default)]
    pub users: Vec<EiamUser>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EiamUser {
    pub user_id: String,
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub email_verified: bool,
    #[serde(default)]
    pub phone_region: String,
    #[serde(default)]
    pub phone_number: String,
    #[serde(default)]
    pub phone_number_verified: bool,
    /// `enabled` or `disabled`.
    #[serde(default = "default_eiam_status")]
    pub status: String,
    /// Custom field name → value; every name must be declared on the instance.
    #[serde(default)]
    pub custom_fields: BTreeMap<String, String>,
    /// Unix milliseconds.
    #[serde(default = "default_eiam_time")]
    pub create_time: i64,
    #[serde(default = "default_eiam_time")]
    pub update_time: i64,
}

fn default_eiam_status() -> String {
    "enabled".to_string()
}

fn default_eiam_time() -> i64 {
    1_717_207_200_000
}
