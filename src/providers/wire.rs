//! Pure. The shape of every provider's read calls as data: how its bulk list pages
//! ([`Pagination`]), which extra reads fill fields the list lacks ([`ExtraRead`]), which reads
//! fill the catalog ([`CatalogRead`]), where it answers ([`HostRule`]), plus the lenient JSON
//! readers the response parsers share (numbers as strings, nulls, missing arrays). Builds
//! parameters and parses bodies; never sends anything.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::Instance;
use crate::model::{Field, FieldKind, ProviderType, Value};
use crate::state::{CatalogEntry, ObservedAccount};

/// Logical request parameters (a JSON body for Tencent, a flattened query for Alibaba).
pub type Params = Map<String, Json>;

/// Fields read for some accounts, by remote id.
pub type FieldsById = Vec<(String, BTreeMap<Field, Value>)>;

/// Where a paged read is: a page number, or a continuation token (`None` for the first page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    Number(u64),
    Token(Option<String>),
}

/// How a read call pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pagination {
    /// One request returns everything.
    Single,
    /// `PageNumber` from 0 (Tencent CCC), `page_size` per page.
    ZeroBased { page_size: u64 },
    /// `PageNumber` from 1 (Alibaba), `page_size` per page.
    OneBased { page_size: u64 },
    /// `NextToken` chaining (Tencent CIC), `page_size` per page.
    Token { page_size: u64 },
}

/// One page of a read, parsed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items over all pages, when the response says.
    pub total: Option<u64>,
    /// The token of the next page; `None` on the last page.
    pub next_token: Option<String>,
}

impl Pagination {
    /// The cursor of the first page.
    pub fn first(self) -> Cursor {
        match self {
            Pagination::Single | Pagination::ZeroBased { .. } => Cursor::Number(0),
            Pagination::OneBased { .. } => Cursor::Number(1),
            Pagination::Token { .. } => Cursor::Token(None),
        }
    }

    /// Requested page size (`0` for a single read).
    pub fn page_size(self) -> u64 {
        match self {
            Pagination::Single => 0,
            Pagination::ZeroBased { page_size }
            | Pagination::OneBased { page_size }
            | Pagination::Token { page_size } => page_size,
        }
    }

    /// The pages to read after reading `page` at `cursor`. When a numbered read's total is
    /// known, the first page schedules every remaining page at once (so they can be read in
    /// parallel) and later pages schedule nothing; without a total, pages are read one after
    /// another until a short or empty one. Token reads follow the token.
    pub fn following<T>(self, cursor: &Cursor, page: &Page<T>) -> Vec<Cursor> {
        let (base, page_size) = match self {
            Pagination::Single => return Vec::new(),
            Pagination::Token { .. } => {
                let current = match cursor {
                    Cursor::Token(token) => token.as_deref(),
                    Cursor::Number(_) => None,
                };
                return match page.next_token.as_deref() {
                    Some(next) if !next.is_empty() && Some(next) != current => {
                        vec![Cursor::Token(Some(next.to_string()))]
                    }
                    _ => Vec::new(),
                };
            }
            Pagination::ZeroBased { page_size } => (0, page_size),
            Pagination::OneBased { page_size } => (1, page_size),
        };
        let Cursor::Number(number) = *cursor else {
            return Vec::new();
        };
        if page.items.is_empty() || page_size == 0 {
            return Vec::new();
        }
        match page.total {
            Some(total) if number == base => {
                let pages = total.div_ceil(page_size);
                (base + 1..base + pages).map(Cursor::Number).collect()
            }
            Some(_) => Vec::new(),
            None if (page.items.len() as u64) < page_size => Vec::new(),
            None => vec![Cursor::Number(number + 1)],
        }
    }
}

/// The bulk list of every account.
#[derive(Debug)]
pub struct ListRead {
    pub action: &'static str,
    pub pagination: Pagination,
    pub params: fn(&Instance, &Cursor) -> Params,
    pub parse: fn(&Json) -> Result<Page<ObservedAccount>, String>,
}

/// A read of fields the list does not return, made only when one of those fields is managed
/// (the field table's `extra_read` names the action) and only for managed accounts.
#[derive(Debug)]
pub struct ExtraRead {
    pub action: &'static str,
    /// Accounts per request: 1 for a per-account read, more for a batched one.
    pub batch: usize,
    /// Parameters for a batch of remote ids.
    pub params: fn(&Instance, &[&str]) -> Params,
    /// Fields by remote id.
    pub parse: fn(&Json) -> Result<FieldsById, String>,
}

/// Which catalog list a read fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogKind {
    SkillGroups,
    Roles,
}

/// A read of the names references resolve against, made only when `field` is managed.
#[derive(Debug)]
pub struct CatalogRead {
    pub field: FieldKind,
    pub catalog: CatalogKind,
    pub action: &'static str,
    pub pagination: Pagination,
    pub params: fn(&Instance, &Cursor) -> Params,
    pub parse: fn(&Json) -> Result<Page<CatalogEntry>, String>,
}

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

/// Everything about a provider type's read calls and host.
#[derive(Debug)]
pub struct Wire {
    pub list: ListRead,
    pub extra: &'static [ExtraRead],
    pub catalogs: &'static [CatalogRead],
    pub host: HostRule,
}

/// The read table of a provider type.
pub fn wire(provider_type: ProviderType) -> &'static Wire {
    match provider_type {
        ProviderType::TencentCcc => &super::tencent_ccc::WIRE,
        ProviderType::TencentCic => &super::tencent_cic::WIRE,
        ProviderType::AlibabaCcc => &super::alibaba_ccc::WIRE,
        ProviderType::AlibabaEiam => &super::alibaba_eiam::WIRE,
    }
}

/// The parameters every read starts from: the instance identifier.
pub fn instance_params(instance: &Instance) -> Params {
    let mut params = Map::new();
    instance.insert_into(&mut params);
    params
}

/// Parameters of a one-user read (`GetUser`): the instance and the user id (`batch` is 1).
pub fn user_id_params(instance: &Instance, user_ids: &[&str]) -> Params {
    let mut params = instance_params(instance);
    if let Some(user_id) = user_ids.first() {
        params.insert("UserId".into(), Json::from(*user_id));
    }
    params
}

/// The page number of a numbered cursor (0 for a token cursor, which numbered reads never get).
pub fn page_number(cursor: &Cursor) -> u64 {
    match cursor {
        Cursor::Number(number) => *number,
        Cursor::Token(_) => 0,
    }
}

// Lenient readers: the documentation renders numbers as strings, fields may be `null`, and
// an empty string means "not set".

/// A non-empty string (or a number, as text).
pub fn text(object: &Json, key: &str) -> Option<String> {
    match object.get(key)? {
        Json::String(text) if !text.is_empty() => Some(text.clone()),
        Json::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// An unsigned integer given as a number or a numeric string.
pub fn number(object: &Json, key: &str) -> Option<u64> {
    match object.get(key)? {
        Json::Number(number) => number.as_u64(),
        Json::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A signed integer given as a number or a numeric string.
pub fn integer(object: &Json, key: &str) -> Option<i64> {
    match object.get(key)? {
        Json::Number(number) => number.as_i64(),
        Json::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean given as `true`/`false` or as text in any case.
pub fn boolean(object: &Json, key: &str) -> Option<bool> {
    match object.get(key)? {
        Json::Bool(flag) => Some(*flag),
        Json::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
        Json::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The items of an array; a missing or `null` array is empty, anything else is an error.
pub fn array<'a>(object: &'a Json, key: &str) -> Result<&'a [Json], String> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(other) => Err(format!("`{key}` is not an array: {other}")),
    }
}

/// A nested object that must be present.
pub fn object<'a>(value: &'a Json, key: &str) -> Result<&'a Json, String> {
    match value.get(key) {
        Some(inner @ Json::Object(_)) => Ok(inner),
        _ => Err(format!("no `{key}` object in the response")),
    }
}

/// Inserts `value` under a known field when present.
pub fn put(fields: &mut BTreeMap<Field, Value>, kind: FieldKind, value: Option<String>) {
    if let Some(value) = value {
        fields.insert(Field::known(kind), Value::Text(value));
    }
}
