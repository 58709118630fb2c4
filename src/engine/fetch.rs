//! Edge. The read loop every provider shares: walks the bulk list's pages (in parallel when
//! the total is known), makes the extra reads only for managed fields and managed accounts,
//! reads the catalogs the manifest refers to, and counts the requests. It talks to a
//! [`Caller`] (the transport, or a stand-in in tests) and never builds HTTP itself; what
//! differs between providers comes from their `Wire` table.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value as Json;

use super::FetchNeeds;
use super::provider::BoxFuture;
use crate::call_error::CallError;
use crate::model::{Field, Value};
use crate::providers::wire::{
    CatalogKind, Cursor, ExtraRead, FieldsById, Page, Pagination, Params, Wire,
};
use crate::providers::{Instance, ProviderSpec};
use crate::state::{Catalog, ObservedAccount, ObservedProvider};

/// A paged read that has not ended after this many pages is a server bug (a token loop).
const MAX_PAGES: usize = 10_000;

/// A successful call: the response (Tencent's `Response` object, Alibaba's body).
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub body: Json,
    pub request_id: Option<String>,
    /// Attempts it took, retries included.
    pub attempts: u32,
}

/// Something that sends one API call (signed, paced and retried) and returns its reply.
pub trait Caller: Send + Sync {
    /// The provider's name, for errors.
    fn provider(&self) -> &str;
    fn call<'a>(
        &'a self,
        action: &'a str,
        params: Params,
    ) -> BoxFuture<'a, Result<Reply, CallError>>;
}

/// What a fetch reads with: the caller, the provider's tables and instance, and how many
/// requests may be in flight at once.
pub struct Reader<'a> {
    pub caller: &'a dyn Caller,
    pub spec: &'static ProviderSpec,
    pub wire: &'static Wire,
    pub instance: &'a Instance,
    pub concurrency: usize,
}

/// Reads every account and, as `needs` asks, the extra fields and catalogs.
pub async fn fetch(reader: &Reader<'_>, needs: &FetchNeeds) -> Result<ObservedProvider, CallError> {
    let calls = AtomicU64::new(0);
    let list = &reader.wire.list;
    let mut accounts = read_pages(
        reader,
        &calls,
        list.action,
        list.pagination,
        list.params,
        list.parse,
    )
    .await?;
    for extra in reader.wire.extra {
        if extra_read_needed(reader.spec, extra.action, needs) {
            read_extra(reader, &calls, extra, needs, &mut accounts).await?;
        }
    }
    let mut catalog = Catalog::default();
    for read in reader.wire.catalogs {
        if !needs.fields.contains(&Field::known(read.field)) {
            continue;
        }
        let entries = read_pages(
            reader,
            &calls,
            read.action,
            read.pagination,
            read.params,
            read.parse,
        )
        .await?;
        match read.catalog {
            CatalogKind::SkillGroups => catalog.skill_groups.extend(entries),
            CatalogKind::Roles => catalog.roles.extend(entries),
        }
    }
    Ok(ObservedProvider {
        accounts,
        catalog,
        read_calls: calls.load(Ordering::Relaxed),
    })
}

/// Whether a managed field needs `action` (the field table's `extra_read`).
pub fn extra_read_needed(spec: &ProviderSpec, action: &str, needs: &FetchNeeds) -> bool {
    needs.fields.iter().any(|field| {
        spec.field(field.kind)
            .is_some_and(|spec| spec.extra_read == Some(action))
    })
}

/// Reads every page of a paged read, keeping page order.
async fn read_pages<T>(
    reader: &Reader<'_>,
    calls: &AtomicU64,
    action: &str,
    pagination: Pagination,
    params: fn(&Instance, &Cursor) -> Params,
    parse: fn(&Json) -> Result<Page<T>, String>,
) -> Result<Vec<T>, CallError> {
    let mut items = Vec::new();
    let mut queue = vec![pagination.first()];
    let mut pages = 0;
    while !queue.is_empty() {
        pages += queue.len();
        if pages > MAX_PAGES {
            let message = format!("`{action}` did not end after {MAX_PAGES} pages");
            return Err(decode_error(reader, action, message));
        }
        // Futures are built eagerly (they do nothing until polled) and then run at most
        // `concurrency` at a time, in order.
        let pending: Vec<_> = queue
            .into_iter()
            .map(|cursor| {
                read_page(
                    reader,
                    calls,
                    action,
                    params(reader.instance, &cursor),
                    cursor,
                    parse,
                )
            })
            .collect();
        let replies: Vec<(Cursor, Page<T>)> = stream::iter(pending)
            .buffered(reader.concurrency.max(1))
            .try_collect()
            .await?;
        queue = Vec::new();
        for (cursor, page) in replies {
            queue.extend(pagination.following(&cursor, &page));
            items.extend(page.items);
        }
    }
    Ok(items)
}

/// Makes `extra` for the managed accounts and merges the fields it returns.
async fn read_extra(
    reader: &Reader<'_>,
    calls: &AtomicU64,
    extra: &ExtraRead,
    needs: &FetchNeeds,
    accounts: &mut [ObservedAccount],
) -> Result<(), CallError> {
    let managed: Vec<&str> = accounts
        .iter()
        .filter(|account| needs.accounts.iter().any(|key| account.matches(key)))
        .map(|account| account.remote_id.as_str())
        .collect();
    let pending: Vec<_> = managed
        .chunks(extra.batch.max(1))
        .map(|batch| read_batch(reader, calls, extra, (extra.params)(reader.instance, batch)))
        .collect();
    let results: Vec<FieldsById> = stream::iter(pending)
        .buffered(reader.concurrency.max(1))
        .try_collect()
        .await?;
    let mut by_id: BTreeMap<String, BTreeMap<Field, Value>> = BTreeMap::new();
    for (remote_id, fields) in results.into_iter().flatten() {
        by_id.entry(remote_id).or_default().extend(fields);
    }
    for account in accounts.iter_mut() {
        if let Some(fields) = by_id.remove(&account.remote_id) {
            account.fields.extend(fields);
        }
    }
    Ok(())
}

async fn read_page<T>(
    reader: &Reader<'_>,
    calls: &AtomicU64,
    action: &str,
    request: Params,
    cursor: Cursor,
    parse: fn(&Json) -> Result<Page<T>, String>,
) -> Result<(Cursor, Page<T>), CallError> {
    calls.fetch_add(1, Ordering::Relaxed);
    let reply = reader.caller.call(action, request).await?;
    let page = parse(&reply.body).map_err(|message| decode_error(reader, action, message))?;
    Ok((cursor, page))
}

async fn read_batch(
    reader: &Reader<'_>,
    calls: &AtomicU64,
    extra: &ExtraRead,
    request: Params,
) -> Result<FieldsById, CallError> {
    calls.fetch_add(1, Ordering::Relaxed);
    let reply = reader.caller.call(extra.action, request).await?;
    (extra.parse)(&reply.body).map_err(|message| decode_error(reader, extra.action, message))
}

fn decode_error(reader: &Reader<'_>, action: &str, message: impl Into<String>) -> CallError {
    CallError::Decode {
        provider: reader.caller.provider().to_string(),
        action: action.to_string(),
        message: message.into(),
    }
}
