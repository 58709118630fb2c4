//! Pure. The vocabulary shared by the manifest, the observed state, the planner and the
//! providers: provider types, managed fields, field values, account keys and source locations.
//! Never does I/O.

mod field_map;
mod key;
mod target;

use std::fmt;

pub use field_map::FieldMap;
pub use key::{AccountKey, KeyKind};
pub use target::{Target, TargetKind};

use compact_str::CompactString;
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
    Extension,
    Forwarding,
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
            FieldKind::Extension => "extension",
            FieldKind::Forwarding => "forwarding",
        }
    }

    /// The parts of a structured field, compared one by one but written as one object (call
    /// forwarding: `forwarding.enabled`, `forwarding.when`, `forwarding.to`); empty for every
    /// other kind. A part the manifest does not set is neither compared nor changed: the
    /// write carries its observed value.
    pub fn parts(self) -> &'static [&'static str] {
        match self {
            FieldKind::Forwarding => &["enabled", "when", "to"],
            _ => &[],
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

/// A set of field kinds (which reads an account needs depends on its fields' kinds only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldKinds(u32);

impl FieldKinds {
    pub fn insert(&mut self, kind: FieldKind) {
        self.0 |= 1 << kind as u32;
    }

    pub fn contains(self, kind: FieldKind) -> bool {
        self.0 & (1 << kind as u32) != 0
    }

    /// Every kind of either set.
    pub fn union(self, other: FieldKinds) -> FieldKinds {
        FieldKinds(self.0 | other.0)
    }

    /// The kinds, in their order.
    pub fn iter(self) -> impl Iterator<Item = FieldKind> {
        ALL_KINDS
            .into_iter()
            .filter(move |kind| self.contains(*kind))
    }
}

impl FromIterator<FieldKind> for FieldKinds {
    fn from_iter<I: IntoIterator<Item = FieldKind>>(kinds: I) -> Self {
        let mut set = FieldKinds::default();
        for kind in kinds {
            set.insert(kind);
        }
        set
    }
}

/// One managed field of one account: a known field, a named EIAM custom field, or one part of
/// a structured field (`forwarding.to`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Field {
    pub kind: FieldKind,
    /// The custom field's name, or the part of a structured field ([`FieldKind::parts`]);
    /// `None` for every other kind.
    pub custom: Option<Name>,
}

/// A custom field's name or a structured field's part: one pointer wide, the text behind a
/// second box, so that a [`Field`] is 16 bytes. An account's fields are most of a directory's
/// desired and observed states, and few of them have a name.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Box<Box<str>>);

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<T: Into<Box<str>>> From<T> for Name {
    fn from(name: T) -> Self {
        Name(Box::new(name.into()))
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl Field {
    pub const fn known(kind: FieldKind) -> Field {
        Field { kind, custom: None }
    }

    pub fn custom(name: impl Into<Name>) -> Field {
        Field {
            kind: FieldKind::CustomField,
            custom: Some(name.into()),
        }
    }

    /// One part of a structured field (`forwarding.to`).
    pub fn part(kind: FieldKind, part: &str) -> Field {
        Field {
            kind,
            custom: Some(part.into()),
        }
    }

    /// The part of a structured field this is, if it is one.
    pub fn part_name(&self) -> Option<&str> {
        self.custom
            .as_deref()
            .filter(|_| !self.kind.parts().is_empty())
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.custom {
            Some(name) => write!(f, "{}.{name}", self.kind.key()),
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
            "description": "A manifest field name, e.g. `phone`, `custom_fields.nick_name` or `forwarding.to`"
        })
    }
}

impl Field {
    /// Parses the display form back (`phone`, `custom_fields.nick_name`, `forwarding.to`).
    pub fn parse(text: &str) -> Option<Field> {
        if let Some(name) = text.strip_prefix("custom_fields.") {
            return Some(Field::custom(name));
        }
        if let Some((key, part)) = text.split_once('.') {
            return ALL_KINDS
                .iter()
                .find(|kind| kind.key() == key && kind.parts().contains(&part))
                .map(|kind| Field::part(*kind, part));
        }
        ALL_KINDS
            .iter()
            .find(|kind| {
                kind.key() == text && **kind != FieldKind::CustomField && kind.parts().is_empty()
            })
            .map(|kind| Field::known(*kind))
    }
}

const ALL_KINDS: [FieldKind; 20] = [
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
    FieldKind::Extension,
    FieldKind::Forwarding,
];

/// The value of a managed field, in usersync's canonical form: phones in E.164, skill groups
/// and roles as remote ids, enums as their manifest spelling.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    // Text of up to 24 bytes is kept inline, without an allocation of its own: most values
    // are (names, phones, ids), and a directory's states hold a million of them.
    Text(CompactString),
    /// A set, kept sorted so that order never makes a difference.
    // A boxed slice, so that a `Value` is as large as its text: 24 bytes.
    List(Box<[CompactString]>),
    /// No value (only EIAM custom fields can be cleared).
    Unset,
}

/// `text` in lower case, as `str::to_lowercase` makes it: how the services compare emails and
/// login names. ASCII text (most keys) is lowered in place, without the per-character work
/// of `CompactString::to_lowercase` (a fifth of a plan's instructions at 100,000 accounts).
pub fn lowercase(text: &str) -> CompactString {
    if text.is_ascii() {
        let mut lower = CompactString::from(text);
        lower.make_ascii_lowercase();
        lower
    } else {
        text.to_lowercase().into()
    }
}

// A directory's desired and observed states hold about a million fields: keep each small.
const _: () = assert!(size_of::<Value>() == 24 && size_of::<Field>() == 16);

impl Value {
    pub fn text(text: impl Into<CompactString>) -> Value {
        Value::Text(text.into())
    }

    pub fn list<I: IntoIterator<Item = S>, S: Into<CompactString>>(items: I) -> Value {
        let mut items: Vec<CompactString> = items.into_iter().map(Into::into).collect();
        items.sort();
        items.dedup();
        Value::List(items.into_boxed_slice())
    }

    /// The value as the services compare values of `kind` for uniqueness (see
    /// [`FieldKind::compares_without_case`]).
    pub fn folded(&self, kind: FieldKind) -> Value {
        match self {
            Value::Text(text) if kind.compares_without_case() => Value::Text(lowercase(text)),
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

/// A 1-based line and column (in characters) in one manifest file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: u32,
    pub column: u32,
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

impl Origin {
    /// `at` in `file`.
    pub fn at(file: &str, at: Position) -> Origin {
        Origin {
            file: file.to_string(),
            line: u64::from(at.line),
            column: u64::from(at.column),
        }
    }
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
    fn lowercase_is_what_str_makes_inline_or_not() {
        for text in [
            "Zhang.WEI@Example.COM",
            "a.very.long.login.name.over.24.bytes@EXAMPLE.com",
            "ÄÖ张伟@Example.COM",
            "ΟΔΟΣ",
            "",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
    }

    #[test]
    fn field_names_round_trip() {
        for kind in ALL_KINDS {
            let fields = if kind == FieldKind::CustomField {
                vec![Field::custom("nick_name")]
            } else if kind.parts().is_empty() {
                vec![Field::known(kind)]
            } else {
                kind.parts().iter().map(|p| Field::part(kind, p)).collect()
            };
            for field in fields {
                assert_eq!(Field::parse(&field.to_string()), Some(field));
            }
        }
        assert_eq!(Field::parse("custom_fields"), None);
        assert_eq!(Field::parse("phone_number"), None);
        assert_eq!(Field::parse("forwarding"), None);
        assert_eq!(Field::parse("forwarding.target"), None);
        assert_eq!(Field::parse("phone.to"), None);
    }

    #[test]
    fn forwarding_targets_round_trip() {
        for target in [
            Target::Person("王芳".into()),
            Target::Agent("bob@example.com".into()),
            Target::SkillGroup("Sales: VIP".into()),
            Target::Extension("8001".into()),
        ] {
            assert_eq!(Target::of(&target.value()), Some(target));
        }
        assert_eq!(Target::parse("8001"), None);
        assert_eq!(Target::parse("phone:8001"), None);
    }

    #[test]
    fn field_kinds_are_sets() {
        let kinds: FieldKinds = [FieldKind::Phone, FieldKind::Email, FieldKind::Phone]
            .into_iter()
            .collect();
        assert_eq!(
            kinds.iter().collect::<Vec<_>>(),
            [FieldKind::Email, FieldKind::Phone]
        );
        assert!(!kinds.contains(FieldKind::Forwarding));
        assert!(
            kinds
                .union(FieldKinds::from_iter([FieldKind::Forwarding]))
                .contains(FieldKind::Forwarding)
        );
        assert_eq!(
            ALL_KINDS.len(),
            ALL_KINDS.into_iter().collect::<FieldKinds>().iter().count()
        );
    }

    #[test]
    fn lists_are_sets() {
        assert_eq!(Value::list(["b", "a", "b"]), Value::list(["a", "b"]));
    }
}
