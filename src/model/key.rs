//! Pure. Account keys: the remote identifiers a manifest account is matched by, and how the
//! services compare them.

use std::fmt;

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

    pub fn key(self, value: impl Into<CompactString>) -> AccountKey {
        let value = value.into();
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
    Email(CompactString),
    /// The remote user id (`u-…`, `user_…`, `login@instance`).
    UserId(CompactString),
    /// The login name (CIC `UserName`, EIAM `Username`, Alibaba CCC `LoginName`).
    UserName(CompactString),
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
            AccountKey::Email(value) => AccountKey::Email(super::lowercase(value)),
            AccountKey::UserName(value) => AccountKey::UserName(super::lowercase(value)),
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
