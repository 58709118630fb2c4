//! Pure. Parses every read's response by its provider's table: the bulk list into observed
//! accounts (keys, the fields the list returns, whether the account is locked), an extra read
//! into the fields it returns per account, a catalog read into id/name entries. Bytes in,
//! values out; never sends anything.

use compact_str::CompactString;

use super::codec;
use super::paging::Page;
use super::table::{CatalogPage, CatalogRead, Entries, ExtraRead, Source, Table};
use crate::json::{self, JsonRef};
use crate::model::{AccountKey, FieldKind, FieldMap, Value};
use crate::state::{CatalogEntry, ObservedAccount};

/// Fields read for some accounts, by remote id.
pub type FieldsById = Vec<(String, FieldMap<Value>)>;

/// Parses a page of the bulk list (Tencent's `Response` object, Alibaba's body).
pub fn list(table: &Table, response: &JsonRef) -> Result<Page<ObservedAccount>, String> {
    let read = &table.list;
    let mut container = response;
    for name in read.within {
        container = json::object(container, name)?;
    }
    let items = json::array(container, read.entries)?
        .iter()
        .map(|entry| account(table, entry))
        .collect::<Result<Vec<_>, _>>()?;
    let next_token = read.token.and_then(|(token, truncated)| {
        let truncated = json::boolean(container, truncated);
        json::text(container, token).filter(|_| truncated != Some(false))
    });
    Ok(Page {
        items,
        total: json::number(container, read.total),
        next_token,
    })
}

/// One entry of the list (or a one-user read of the same shape) as an observed account.
pub fn account(table: &Table, entry: &JsonRef) -> Result<ObservedAccount, String> {
    let mut keys = Vec::new();
    for key in table.keys {
        if let Some(value) = json::text::<CompactString>(entry, key.read_name) {
            keys.push(key.kind.key(value));
        }
    }
    let address = table
        .keys
        .iter()
        .find(|key| key.kind == table.address.kind)
        .expect("a table's address is one of its keys");
    let remote_id = keys
        .iter()
        .find(|key| key.kind() == address.kind)
        .map(|key| CompactString::from(key.value()))
        .ok_or_else(|| format!("{} has no `{}`", table.a_noun(), address.read_name))?;
    let mut fields = FieldMap::with_capacity(table.fields.len());
    for spec in table.fields.iter().filter(|f| f.source == Source::List) {
        codec::read(spec, entry, &remote_id, &mut fields)?;
    }
    // Kept for the whole plan, for every account of the directory: no room to spare.
    fields.shrink_to_fit();
    let mut account = ObservedAccount {
        remote_id,
        keys,
        fields,
        locked: None,
    };
    account.locked = table.locked.and_then(|rule| {
        (json::text::<String>(entry, rule.read_name).as_deref() == Some(rule.value)).then(|| {
            format!(
                "{} {} `{}` {}",
                table.provider_type,
                table.noun,
                user_name_or_id(&account),
                rule.reason
            )
        })
    });
    Ok(account)
}

fn user_name_or_id(account: &ObservedAccount) -> &str {
    account
        .keys
        .iter()
        .find_map(|key| match key {
            AccountKey::UserName(name) => Some(name.as_str()),
            _ => None,
        })
        .unwrap_or(&account.remote_id)
}

/// The fields an extra read returns, by remote id.
pub fn extra(table: &Table, read: &ExtraRead, response: &JsonRef) -> Result<FieldsById, String> {
    let specs: Vec<_> = table
        .fields
        .iter()
        .filter(|f| f.source == Source::Extra(read.action))
        .collect();
    let entries: Vec<(&JsonRef, Option<String>)> = match read.entries {
        Entries::Array(name) => json::array(response, name)?
            .iter()
            .map(|entry| (entry, json::text(entry, read.id)))
            .collect(),
        Entries::Object(name) => {
            let entry = json::object(response, name)?;
            let id = json::text(entry, read.id)
                .ok_or_else(|| format!("`{}` returned no `{}`", read.action, read.id))?;
            vec![(entry, Some(id))]
        }
    };
    let mut by_id = Vec::new();
    for (entry, id) in entries {
        let Some(id) = id else {
            continue;
        };
        let mut fields = FieldMap::new();
        for spec in &specs {
            codec::read(spec, entry, &id, &mut fields)?;
        }
        by_id.push((id, fields));
    }
    Ok(by_id)
}

/// A page of a catalog read.
pub fn catalog(read: &CatalogRead, response: &JsonRef) -> Result<CatalogPage, String> {
    let noun = read.catalog.noun();
    let items = json::array(response, read.entries)?
        .iter()
        .map(|entry| {
            Ok(CatalogEntry {
                id: json::text(entry, read.id)
                    .ok_or_else(|| format!("a {noun} has no `{}`", read.id))?,
                name: json::text(entry, read.name).unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Page {
        items,
        total: read.total.and_then(|total| json::number(response, total)),
        next_token: None,
    })
}

/// Whether a managed field's value comes from `read`.
pub fn fills(table: &Table, read: &ExtraRead, kind: FieldKind) -> bool {
    table
        .field(kind)
        .is_some_and(|spec| spec.source == Source::Extra(read.action))
}
