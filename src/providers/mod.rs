//! Pure. What each provider type is: its API, its field table (which manifest fields it holds,
//! under which wire names, which need an extra read, which are unique) and how a planned
//! change becomes the parameters of its one write call. A difference between providers lives
//! in these tables, never in `if provider == …` elsewhere.

pub mod alibaba_ccc;
pub mod alibaba_eiam;
pub mod endpoint;
pub mod tencent_ccc;
pub mod tencent_cic;
pub mod wire;

#[cfg(test)]
mod tests;

use serde_json::{Map, Value as Json};

use crate::model::{AccountKey, FieldKind, ProviderType, Value};
use crate::phone::Phone;

/// The cloud an API belongs to; picks the signer and the error envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    Tencent,
    Alibaba,
}

/// Which remote identifier a manifest account can be matched by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Email,
    UserId,
    UserName,
}

impl KeyKind {
    /// The manifest key naming this identifier.
    pub fn manifest_key(self) -> &'static str {
        match self {
            KeyKind::Email => "email",
            KeyKind::UserId => "user_id",
            KeyKind::UserName => "user_name",
        }
    }

    pub fn key(self, value: String) -> AccountKey {
        match self {
            KeyKind::Email => AccountKey::Email(value),
            KeyKind::UserId => AccountKey::UserId(value),
            KeyKind::UserName => AccountKey::UserName(value),
        }
    }
}

/// The instance identifier a provider type needs in its configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceKey {
    SdkAppId,
    ZoneId,
    InstanceId,
}

/// One manifest field as a provider holds it.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub kind: FieldKind,
    /// Wire name on the write call; `None` when the field can be read but not written.
    pub write_name: Option<&'static str>,
    /// Whether the person's shared attribute of the same name applies to this account.
    pub shared: bool,
    /// The read call needed because the bulk list does not return the field.
    pub extra_read: Option<&'static str>,
}

impl FieldSpec {
    pub const fn writable(kind: FieldKind, write_name: &'static str) -> FieldSpec {
        FieldSpec {
            kind,
            write_name: Some(write_name),
            shared: false,
            extra_read: None,
        }
    }
    pub const fn shared(mut self) -> FieldSpec {
        self.shared = true;
        self
    }
    pub const fn read_only(kind: FieldKind) -> FieldSpec {
        FieldSpec {
            kind,
            write_name: None,
            shared: false,
            extra_read: None,
        }
    }
    pub const fn extra_read(mut self, action: &'static str) -> FieldSpec {
        self.extra_read = Some(action);
        self
    }
}

/// Everything that differs between provider types, as data.
#[derive(Debug)]
pub struct ProviderSpec {
    pub provider_type: ProviderType,
    pub cloud: Cloud,
    /// Product name used in signing (`ccc`, `organization`, `eiam`).
    pub service: &'static str,
    pub version: &'static str,
    pub write_action: &'static str,
    /// Every action usersync calls, reads first.
    pub actions: &'static [&'static str],
    /// Requests per second per action when the manifest sets none.
    pub default_rate: f64,
    pub instance_key: InstanceKey,
    /// How accounts can be matched, most specific first.
    pub keys: &'static [KeyKind],
    pub fields: &'static [FieldSpec],
    /// Fields whose values must be unique among the instance's accounts.
    pub unique: &'static [FieldKind],
}

impl ProviderSpec {
    pub fn field(&self, kind: FieldKind) -> Option<&FieldSpec> {
        self.fields.iter().find(|spec| spec.kind == kind)
    }

    /// Whether the manifest key (a field or an identifier) is something this type holds.
    pub fn holds(&self, manifest_key: &str) -> bool {
        self.fields
            .iter()
            .any(|spec| spec.kind.key() == manifest_key)
            || self
                .keys
                .iter()
                .any(|key| key.manifest_key() == manifest_key)
    }

    /// Every manifest key this type holds, for messages.
    pub fn manifest_keys(&self) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = self.keys.iter().map(|k| k.manifest_key()).collect();
        for spec in self.fields {
            if !keys.contains(&spec.kind.key()) {
                keys.push(spec.kind.key());
            }
        }
        keys
    }
}

/// The table of a provider type.
pub fn spec(provider_type: ProviderType) -> &'static ProviderSpec {
    match provider_type {
        ProviderType::TencentCcc => &tencent_ccc::SPEC,
        ProviderType::TencentCic => &tencent_cic::SPEC,
        ProviderType::AlibabaCcc => &alibaba_ccc::SPEC,
        ProviderType::AlibabaEiam => &alibaba_eiam::SPEC,
    }
}

/// The instance identifiers a write call carries, from the provider configuration.
#[derive(Clone, Debug, PartialEq)]
pub enum Instance {
    SdkAppId(u64),
    ZoneId(String),
    InstanceId(String),
}

impl Instance {
    pub fn insert_into(&self, params: &mut Map<String, Json>) {
        match self {
            Instance::SdkAppId(id) => params.insert("SdkAppId".into(), Json::from(*id)),
            Instance::ZoneId(id) => params.insert("ZoneId".into(), Json::from(id.as_str())),
            Instance::InstanceId(id) => params.insert("InstanceId".into(), Json::from(id.as_str())),
        };
    }
}

/// A field's new value as the write call needs it.
pub struct Assignment<'a> {
    pub kind: FieldKind,
    pub custom: Option<&'a str>,
    pub value: &'a Value,
}

/// Text of a value that must be text; the planner only produces text for text fields.
pub(crate) fn text(value: &Value) -> &str {
    value.as_text().unwrap_or_default()
}

/// The phone of a value holding an E.164 number (checked at validation).
pub(crate) fn phone(value: &Value) -> Result<Phone, String> {
    Phone::parse_e164(text(value))
}

/// The instance identifier of a configuration (checked present at validation).
pub fn instance(config: &crate::manifest::types::ProviderConfig) -> Result<Instance, String> {
    let missing = || format!("the `{}` provider has no instance id", config.provider_type);
    match spec(config.provider_type).instance_key {
        InstanceKey::SdkAppId => config
            .sdk_app_id
            .map(Instance::SdkAppId)
            .ok_or_else(missing),
        InstanceKey::ZoneId => config
            .zone_id
            .clone()
            .map(Instance::ZoneId)
            .ok_or_else(missing),
        InstanceKey::InstanceId => config
            .instance_id
            .clone()
            .map(Instance::InstanceId)
            .ok_or_else(missing),
    }
}

/// The parameters of the one write call that makes `account` carry `assignments`, including
/// what the API requires on every call. Logical form: the transport serialises it as a JSON
/// body (Tencent) or a flattened query (Alibaba).
pub fn update_params(
    config: &crate::manifest::types::ProviderConfig,
    account: &crate::state::ObservedAccount,
    assignments: &[Assignment],
) -> Result<Map<String, Json>, String> {
    let instance = instance(config)?;
    let remote_id = account.remote_id.as_str();
    match config.provider_type {
        ProviderType::TencentCcc => tencent_ccc::update_params(&instance, remote_id, assignments),
        ProviderType::TencentCic => tencent_cic::update_params(&instance, remote_id, assignments),
        ProviderType::AlibabaCcc => {
            let work_mode = account
                .fields
                .get(&crate::model::Field::known(FieldKind::WorkMode))
                .and_then(Value::as_text);
            alibaba_ccc::update_params(&instance, remote_id, work_mode, assignments)
        }
        ProviderType::AlibabaEiam => alibaba_eiam::update_params(&instance, remote_id, assignments),
    }
}

/// Requests per second for `action` on this provider: the manifest's figure or the default.
pub fn rate(config: &crate::manifest::types::ProviderConfig, action: &str) -> f64 {
    config
        .rate_limit
        .get(action)
        .copied()
        .unwrap_or(spec(config.provider_type).default_rate)
}
