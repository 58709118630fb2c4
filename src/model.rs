//! Pure. The vocabulary shared by the manifest, the observed state, the planner and the
//! providers: provider types, managed fields, field values, account keys and source locations.
//! Never does I/O.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The four services usersync manages.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderType {
    /// Tencent Cloud Contact Center (`ccc` 2020-02-10), agents keyed by email.
    TencentCcc,
    /// Tencent Cloud Organization identity center (`organization` 2021-03-31).
    TencentCic,
    /// Alibaba Cloud Contact Center (`ccc` 2020-07-01), agents keyed by `login@instance`.
    AlibabaCcc,
    /// Alibaba Cloud IDaaS EIAM (`eiam` 2021-12-01).
    AlibabaEiam,
}

impl ProviderType {
    pub const ALL: [ProviderType; 4] = [
        ProviderType::TencentCcc,
        ProviderType::TencentCic,
        ProviderType::AlibabaCcc,
        ProviderType::AlibabaEiam,
    ];

    /// The manifest spelling, e.g. `tencent-ccc`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderType::TencentCcc => "tencent-ccc",
            ProviderType::TencentCic => "tencent-cic",
            ProviderType::AlibabaCcc => "alibaba-ccc",
            ProviderType::AlibabaEiam => "alibaba-eiam",
        }
    }
}

impl fmt::Display for ProviderType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The cloud an API belongs to; picks the signer, the error envelope and the credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    Tencent,
    Alibaba,
}

/// A field usersync can manage, named as in the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldKind {
    DisplayName,
    Email,
    Phone,
    UserName,
    Nick,
    StaffNo,
    SkillGroups,
    UseMobileCallOut,
    UseMobileAccept,
    FirstName,
    LastName,
    Description,
    WorkMode,
    Role,
    DisplayId,
    Nickname,
    AvatarUrl,
    CustomField,
}

impl FieldKind {
    /// The manifest key of the field (`custom_fields` for custom fields).
    pub fn key(self) -> &'static str {
        match self {
            FieldKind::DisplayName => "display_name",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::UserName => "user_name",
            FieldKind::Nick => "nick",
            FieldKind::StaffNo => "staff_no",
            FieldKind::SkillGroups => "skill_groups",
            FieldKind::UseMobileCallOut => "use_mobile_call_out",
            FieldKind::UseMobileAccept => "use_mobile_accept",
            FieldKind::FirstName => "first_name",
            FieldKind::LastName => "last_name",
            FieldKind::Description => "description",
            FieldKind::WorkMode => "work_mode",
            FieldKind::Role => "role",
            FieldKind::DisplayId => "display_id",
            FieldKind::Nickname => "nickname",
            FieldKind::AvatarUrl => "avatar_url",
            FieldKind::CustomField => "custom_fields",
        }
    }

    /// Whether the services compare values of this field without regard to case (emails and
    /// login names): a uniqueness rule treats `A@x.com` and `a@x.com` as the same value.
    pub fn compares_without_case(self) -> bool {
        matches!(self, FieldKind::Email | FieldKind::UserName)
    }

    /// Whether values of this field identify a person (masked by `--redact`).
    pub fn is_personal(self) -> bool {
        matches!(self, FieldKind::Email | FieldKind::Phone)
    }
}

/// One managed field of one account: a known field, or a named EIAM custom field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Field {
    pub kind: FieldKind,
    /// The custom field's name; `None` for every other kind.
    pub custom: Option<String>,
}

impl Field {
    pub const fn known(kind: FieldKind) -> Field {
        Field { kind, custom: None }
    }

    pub fn custom(name: impl Into<String>) -> Field {
        Field {
            kind: FieldKind::CustomField,
            custom: Some(name.into()),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.custom {
            Some(name) => write!(f, "custom_fields.{name}"),
            None => f.write_str(self.kind.key()),
        }
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Field::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown field `{text}`")))
    }
}

impl JsonSchema for Field {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Field".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A manifest field name, e.g. `phone` or `custom_fields.nick_name`"
        })
    }
}

impl Field {
    /// Parses the display form back (`phone`, `custom_fields.nick_name`).
    pub fn parse(text: &str) -> Option<Field> {
        if let Some(name) = text.strip_prefix("custom_fields.") {
            return Some(Field::custom(name));
        }
        ALL_KINDS
            .iter()
            .find(|kind| kind.key() == text && **kind != FieldKind::CustomField)
            .map(|kind| Field::known(*kind))
    }
}

const ALL_KINDS: [FieldKind; 18] = [
    FieldKind::DisplayName,
    FieldKind::Email,
    FieldKind::Phone,
    FieldKind::UserName,
    FieldKind::Nick,
    FieldKind::StaffNo,
    FieldKind::SkillGroups,
    FieldKind::UseMobileCallOut,
    FieldKind::UseMobileAccept,
    FieldKind::FirstName,
    FieldKind::LastName,
    FieldKind::Description,
    FieldKind::WorkMode,
    FieldKind::Role,
    FieldKind::DisplayId,
    FieldKind::Nickname,
    FieldKind::AvatarUrl,
    FieldKind::CustomField,
];

/// The value of a managed field, in usersync's canonical form: phones in E.164, skill groups
/// and roles as remote ids, enums as their manifest spelling.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Text(String),
    /// A set, kept sorted so that order never makes a difference.
    List(Vec<String>),
    /// No value (only EIAM custom fields can be cleared).
    Unset,
}

impl Value {
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    pub fn list<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Value {
        let mut items: Vec<String> = items.into_iter().map(Into::into).collect();
        items.sort();
        items.dedup();
        Value::List(items)
    }

    /// The value as the services compare values of `kind` for uniqueness (see
    /// [`FieldKind::compares_without_case`]).
    pub fn folded(&self, kind: FieldKind) -> Value {
        match self {
            Value::Text(text) if kind.compares_without_case() => Value::Text(text.to_lowercase()),
            other => other.clone(),
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(value) => write!(f, "{value}"),
            Value::Text(text) => f.write_str(text),
            Value::List(items) => write!(f, "[{}]", items.join(", ")),
            Value::Unset => f.write_str("(unset)"),
        }
    }
}

/// Which remote identifier a manifest account can be matched by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// How a manifest account is matched to a remote account.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AccountKey {
    /// Tencent CCC agents are keyed by their email.
    Email(String),
    /// The remote user id (`u-…`, `user_…`, `login@instance`).
    UserId(String),
    /// The login name (CIC `UserName`, EIAM `Username`, Alibaba CCC `LoginName`).
    UserName(String),
}

impl AccountKey {
    pub fn kind(&self) -> KeyKind {
        match self {
            AccountKey::Email(_) => KeyKind::Email,
            AccountKey::UserId(_) => KeyKind::UserId,
            AccountKey::UserName(_) => KeyKind::UserName,
        }
    }

    /// The key as the services compare it: emails and login names without regard to case,
    /// ids exactly.
    pub fn folded(&self) -> AccountKey {
        match self {
            AccountKey::Email(value) => AccountKey::Email(value.to_lowercase()),
            AccountKey::UserName(value) => AccountKey::UserName(value.to_lowercase()),
            AccountKey::UserId(value) => AccountKey::UserId(value.clone()),
        }
    }

    pub fn value(&self) -> &str {
        match self {
            AccountKey::Email(value) | AccountKey::UserId(value) | AccountKey::UserName(value) => {
                value
            }
        }
    }
}

impl fmt::Display for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.value())
    }
}

/// Where something was written in the manifest: file, 1-based line and column.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Origin {
    pub file: String,
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_round_trip() {
        for kind in ALL_KINDS {
            let field = if kind == FieldKind::CustomField {
                Field::custom("nick_name")
            } else {
                Field::known(kind)
            };
            assert_eq!(Field::parse(&field.to_string()), Some(field));
        }
        assert_eq!(Field::parse("custom_fields"), None);
        assert_eq!(Field::parse("phone_number"), None);
    }

    #[test]
    fn lists_are_sets() {
        assert_eq!(Value::list(["b", "a", "b"]), Value::list(["a", "b"]));
    }
}
