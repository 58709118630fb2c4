//! Pure. The shape of a provider type's table: everything that differs between the four
//! services, as data. Each provider module holds one [`Table`]; the rest of the code asks it
//! (which fields a type holds, under which read and write names, in which wire form, with which
//! checks; how accounts are matched and addressed; what every write carries; how reads page).
//! Holds no behaviour beyond small lookups; never does I/O.

use super::instance::Instance;
use super::paging::{Cursor, Page, Pagination, Params};
use crate::config::ProviderConfig;
use crate::model::{Cloud, FieldKind, KeyKind, ProviderType, TargetKind};
use crate::state::{CatalogEntry, CatalogKind};

/// The instance identifier a provider type needs in its configuration, and sends on every call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceKey {
    SdkAppId,
    ZoneId,
    InstanceId,
}

impl InstanceKey {
    /// The configuration key (`sdk_app_id`).
    pub fn config_key(self) -> &'static str {
        match self {
            InstanceKey::SdkAppId => "sdk_app_id",
            InstanceKey::ZoneId => "zone_id",
            InstanceKey::InstanceId => "instance_id",
        }
    }
}

/// One way an account can be matched: the key kind and the name it is read under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpec {
    pub kind: KeyKind,
    /// Name in the list's account entries (`Mail`, `UserId`, `LoginName`).
    pub read_name: &'static str,
}

/// The identifier a write call addresses an account by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Address {
    pub kind: KeyKind,
    /// Parameter name on the write call (`Email`, `UserId`).
    pub param: &'static str,
}

/// Where a field's current value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The bulk list returns it.
    List,
    /// Only this extra read returns it (one of the table's `extra` reads).
    Extra(&'static str),
}

/// How a phone number travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneForm {
    /// `00` + country code + number (Tencent CCC `0086…`).
    Prefixed00,
    /// The mainland national number; only +86 numbers fit (Alibaba CCC `Mobile`).
    MainlandNational,
    /// Country code and national number in two parameters (EIAM `PhoneRegion` + the field's
    /// own name).
    RegionAndNumber { region: &'static str },
}

/// A field's wire form: how its value is read and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// A string both ways; an empty string reads as "not set".
    Text,
    /// A boolean both ways.
    Bool,
    /// A phone number, E.164 in usersync.
    Phone(PhoneForm),
    /// A manifest word for an integer on the wire (`when-offline` ↔ `1`).
    Choice(&'static [(&'static str, i64)]),
    /// A set of numeric ids: read from an array of objects (`SkillGroupList[].SkillGroupId`),
    /// written as an array of integers.
    Ids { item_id: &'static str },
    /// A reference (a role id) written and read as text.
    Reference,
    /// Named custom fields: read as `[{FieldName, FieldValue}]`, written as
    /// `[{FieldName, FieldValue, Operation: replace|remove}]`.
    CustomFields,
    /// Call forwarding: one object read into the field's parts ([`FieldKind::parts`]) and
    /// written whole, each part the manifest does not set carried as observed.
    Forwarding(&'static ForwardingForm),
}

/// The wire shape of a call-forwarding object (Tencent CCC `ForwardingConfig`): an on/off
/// flag (part `enabled`), a condition (part `when`: manifest words for integers) and a target
/// (part `to`) whose type number says which of its fields holds the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForwardingForm {
    pub enabled: &'static str,
    pub condition: &'static str,
    pub conditions: &'static [(&'static str, i64)],
    pub target: &'static str,
    /// The target's type number (`Type`).
    pub target_type: &'static str,
    pub targets: &'static [TargetSpec],
}

/// One kind of forwarding target on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetSpec {
    pub kind: TargetKind,
    /// The type number.
    pub number: i64,
    /// The target's field that holds the reference (`StaffUserId`).
    pub field: &'static str,
    /// Whether the reference travels as an integer (a skill group id).
    pub numeric: bool,
}

/// A constraint on a field's value, checked offline at validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Only ASCII letters, digits and the characters in `extra` (before the `@` when
    /// `before_at`); `rule` says so in words (`allows only letters, digits, … before the @`).
    Charset {
        extra: &'static str,
        before_at: bool,
        rule: &'static str,
    },
    /// At most this many bytes of UTF-8.
    MaxBytes(usize),
    /// At most this many characters: the provider's documented limit.
    MaxChars(usize),
    /// At most this many characters: usersync's own limit where the provider documents none,
    /// so that a value no service is likely to hold is refused offline, not by a failed call.
    UsersyncMaxChars(usize),
    /// One line of text: no control characters (no line breaks, tabs or NUL).
    SingleLine,
    /// Text that may span lines: no control characters other than line breaks and tabs.
    Lines,
    /// `min` to `max` ASCII digits, the first one of `first`; `rule` says so in words
    /// (`extensions are 4 to 6 digits starting with 1 to 8`).
    Digits {
        min: usize,
        max: usize,
        first: &'static str,
        rule: &'static str,
    },
}

impl Check {
    /// A name or other short text where the provider documents no limit: one line of at
    /// most 256 characters (usersync's limit).
    pub const LINE: &'static [Check] = &[Check::SingleLine, Check::UsersyncMaxChars(256)];
    /// A URL: one line of at most 2,048 characters (usersync's limit).
    pub const URL: &'static [Check] = &[Check::SingleLine, Check::UsersyncMaxChars(2048)];

    /// Whether `text` has `min` to `max` ASCII digits and starts with one of `first`.
    pub fn digits_fit(text: &str, min: usize, max: usize, first: &str) -> bool {
        (min..=max).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_digit())
            && text.starts_with(|c| first.contains(c))
    }
}

/// One manifest field as a provider type holds it.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub kind: FieldKind,
    /// Name it is read under (in the list entry or the extra read's entry).
    pub read_name: &'static str,
    /// Name on the write call; `None` when the field can be read but not written.
    pub write_name: Option<&'static str>,
    pub form: Form,
    pub source: Source,
    /// Whether the person's shared attribute of the same name applies to this account.
    pub shared: bool,
    /// The catalog a reference resolves against (skill groups, roles).
    pub catalog: Option<CatalogKind>,
    /// Parameters sent with the field on every write that sets it (`EmailVerified: true`).
    pub with: &'static [(&'static str, bool)],
    pub checks: &'static [Check],
}

impl FieldSpec {
    /// A text field read from the list under `read_name` and written under `write_name`.
    pub const fn text(kind: FieldKind, read_name: &'static str, write_name: &'static str) -> Self {
        FieldSpec {
            kind,
            read_name,
            write_name: Some(write_name),
            form: Form::Text,
            source: Source::List,
            shared: false,
            catalog: None,
            with: &[],
            checks: &[],
        }
    }
    /// A field that is read but cannot be written.
    pub const fn read_only(kind: FieldKind, read_name: &'static str) -> Self {
        let mut spec = FieldSpec::text(kind, read_name, "");
        spec.write_name = None;
        spec
    }
    pub const fn form(mut self, form: Form) -> Self {
        self.form = form;
        self
    }
    pub const fn shared(mut self) -> Self {
        self.shared = true;
        self
    }
    pub const fn extra_read(mut self, action: &'static str) -> Self {
        self.source = Source::Extra(action);
        self
    }
    pub const fn catalog(mut self, catalog: CatalogKind) -> Self {
        self.catalog = Some(catalog);
        self
    }
    pub const fn with(mut self, with: &'static [(&'static str, bool)]) -> Self {
        self.with = with;
        self
    }
    pub const fn checks(mut self, checks: &'static [Check]) -> Self {
        self.checks = checks;
        self
    }
}

/// Why an account cannot be updated at all: the value `value` under `read_name`.
#[derive(Clone, Copy, Debug)]
pub struct LockRule {
    pub read_name: &'static str,
    pub value: &'static str,
    /// Completes "tencent-cic user `bob` …".
    pub reason: &'static str,
}

/// The bulk list of every account.
#[derive(Debug)]
pub struct ListRead {
    pub action: &'static str,
    pub pagination: Pagination,
    pub params: fn(&Instance, &Cursor) -> Params,
    /// Objects to descend into before the entries (`Data` for Alibaba CCC).
    pub within: &'static [&'static str],
    /// The array of entries (`StaffList`, `Users`, `List`).
    pub entries: &'static str,
    /// The total over all pages, beside the entries (`TotalCount`, CIC's `TotalCounts`).
    pub total: &'static str,
    /// Token paging: the next token and the truncation flag, beside the entries.
    pub token: Option<(&'static str, &'static str)>,
}

/// What an extra read answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entries {
    /// An array of entries, one per account (entries without an id are ignored).
    Array(&'static str),
    /// One object for the one account asked for (its id is required).
    Object(&'static str),
}

/// A read of fields the list does not return, made only when one of those fields is managed
/// (a field's `source` names it) and only for managed accounts.
#[derive(Debug)]
pub struct ExtraRead {
    pub action: &'static str,
    /// Accounts per request: 1 for a per-account read, more for a batched one.
    pub batch: usize,
    /// Parameters for a batch of remote ids.
    pub params: fn(&Instance, &[&str]) -> Params,
    pub entries: Entries,
    /// The name of the account id in an entry.
    pub id: &'static str,
}

/// A read of the names references resolve against.
#[derive(Debug)]
pub struct CatalogRead {
    pub catalog: CatalogKind,
    pub action: &'static str,
    pub pagination: Pagination,
    pub params: fn(&Instance, &Cursor) -> Params,
    /// The array of entries (`SkillGroupList`, `Data`).
    pub entries: &'static str,
    /// Names of the id and the display name in an entry.
    pub id: &'static str,
    pub name: &'static str,
    /// The total over all pages, beside the entries, when the read pages.
    pub total: Option<&'static str>,
}

/// A page of a catalog read, parsed.
pub type CatalogPage = Page<CatalogEntry>;

/// How the default host is found.
#[derive(Clone, Copy, Debug)]
pub enum HostRule {
    /// One host whatever the region (`ccc.tencentcloudapi.com`).
    Global(&'static str),
    /// `<service>.<region>.aliyuncs.com`, except regions in `central` (and finance/gov
    /// regions when `central` is not empty), which use `<service>.aliyuncs.com`.
    Regional {
        service: &'static str,
        central: &'static [&'static str],
    },
}

impl HostRule {
    /// Whether the host depends on a region (so a configuration needs one or an endpoint).
    pub fn needs_region(self) -> bool {
        matches!(self, HostRule::Regional { .. })
    }
}

/// Everything that differs between provider types, as data.
#[derive(Debug)]
pub struct Table {
    pub provider_type: ProviderType,
    pub cloud: Cloud,
    /// What one account is called in messages (`agent`, `user`).
    pub noun: &'static str,
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
    pub keys: &'static [KeySpec],
    /// The identifier a write addresses (also the remote id of an observed account).
    pub address: Address,
    pub fields: &'static [FieldSpec],
    /// Fields whose values must be unique among the instance's accounts.
    pub unique: &'static [FieldKind],
    /// Fields every write must carry: sent as observed when the change does not set them.
    pub carried: &'static [FieldKind],
    pub locked: Option<LockRule>,
    pub list: ListRead,
    pub extra: &'static [ExtraRead],
    pub catalogs: &'static [CatalogRead],
    pub host: HostRule,
}

impl Table {
    /// The noun with its article (`an agent`, `a user`).
    pub fn a_noun(&self) -> String {
        let article = if self.noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.noun)
    }

    pub fn field(&self, kind: FieldKind) -> Option<&FieldSpec> {
        self.fields.iter().find(|spec| spec.kind == kind)
    }

    /// The name `kind` is written under, if the write call can change it.
    pub fn write_name(&self, kind: FieldKind) -> Option<&'static str> {
        self.field(kind).and_then(|spec| spec.write_name)
    }

    /// Whether the manifest key (a field or an identifier) is something this type holds.
    pub fn holds(&self, manifest_key: &str) -> bool {
        self.manifest_keys().contains(&manifest_key)
    }

    /// Every manifest key this type holds (identifiers first), for messages.
    pub fn manifest_keys(&self) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = self.keys.iter().map(|k| k.kind.manifest_key()).collect();
        for spec in self.fields {
            if !keys.contains(&spec.kind.key()) {
                keys.push(spec.kind.key());
            }
        }
        keys
    }

    /// The instance identifier of a configuration (checked present at validation).
    pub fn instance(&self, config: &ProviderConfig) -> Result<Instance, String> {
        let missing = || format!("the `{}` provider has no instance id", config.provider_type);
        match self.instance_key {
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

    /// Whether a value of `kind` must be unique among the instance's accounts.
    pub fn is_unique(&self, kind: FieldKind) -> bool {
        self.unique.contains(&kind)
    }
}
