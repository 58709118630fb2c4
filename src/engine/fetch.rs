//! Edge. The read loop every provider shares: walks the bulk list's pages (in parallel when
//! the total is known), makes the extra reads only for managed fields and managed accounts,
//! reads the catalogs the manifest refers to, counts the requests and tells an [`Observer`]
//! what each answered page held. It calls the transport and never builds HTTP itself; what
//! differs between providers comes from their table.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value as Json;

use crate::call_error::CallError;
use crate::model::{Field, Value};
use crate::providers::Instance;
use crate::providers::paging::{Cursor, Page, Pagination, Params};
use crate::providers::parse::{self, FieldsById};
use crate::providers::table::{ExtraRead, Source, Table};
use crate::state::{Catalog, FetchNeeds, ObservedAccount, ObservedProvider};
use crate::transport::Transport;

/// A paged read that has not ended after this many pages is a server bug (a token loop).
const MAX_PAGES: usize = 10_000;

/// Which of a provider's reads answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// A page of the bulk list: its items are accounts.
    List,
    /// A batch of an extra read (fields the list does not return): its items are accounts.
    Extra,
    /// A page of a catalog (skill groups, roles): its items are entries.
    Catalog,
}

/// Told how the read loop progresses (progress lines in CI). Called from the read loop after
/// every answered page or batch; keep it quick.
pub trait Observer: Send + Sync {
    /// A page or batch of `read` for `provider` answered with `items` items.
    fn read(&self, provider: &str, read: Read, items: usize);
}

/// No feedback.
pub struct Unobserved;

impl Observer for Unobserved {
    fn read(&self, _provider: &str, _read: Read, _items: usize) {}
}

/// One provider's read: its transport, the requests counted so far, the observer.
struct Reader<'a> {
    transport: &'a Transport,
    calls: AtomicU64,
    observer: &'a dyn Observer,
}

/// Reads every account and, as `needs` asks, the extra fields and catalogs.
pub async fn fetch(
    transport: &Transport,
    needs: &FetchNeeds,
    observer: &dyn Observer,
) -> Result<ObservedProvider, CallError> {
    let reader = Reader {
        transport,
        calls: AtomicU64::new(0),
        observer,
    };
    let table = transport.table();
    let list = &table.list;
    let parse_list = |body: &Json| parse::list(table, body);
    let mut accounts = read_pages(
        &reader,
        Read::List,
        list.action,
        list.pagination,
        list.params,
        &parse_list,
    )
    .await?;
    for extra in table.extra {
        if extra_read_needed(table, extra, needs.fields().into_iter()) {
            read_extra(&reader, extra, needs, &mut accounts).await?;
        }
    }
    let mut catalog = Catalog::default();
    for read in table.catalogs {
        let referenced = needs.catalogs.contains(&read.catalog)
            || needs.fields().iter().any(|field| {
                table
                    .field(field.kind)
                    .is_some_and(|spec| spec.catalog == Some(read.catalog))
            });
        if !referenced {
            continue;
        }
        let parse_catalog = |body: &Json| parse::catalog(read, body);
        let entries = read_pages(
            &reader,
            Read::Catalog,
            read.action,
            read.pagination,
            read.params,
            &parse_catalog,
        )
        .await?;
        catalog.entries_mut(read.catalog).extend(entries);
    }
    Ok(ObservedProvider {
        accounts,
        catalog,
        read_calls: reader.calls.load(Ordering::Relaxed),
    })
}

/// Whether one of `fields` comes only from `read` (a field's `source` names it).
pub fn extra_read_needed<'a>(
    table: &Table,
    read: &ExtraRead,
    mut fields: impl Iterator<Item = &'a Field>,
) -> bool {
    fields.any(|field| {
        table
            .field(field.kind)
            .is_some_and(|spec| spec.source == Source::Extra(read.action))
    })
}

/// Reads every page of a paged read, keeping page order.
async fn read_pages<T>(
    reader: &Reader<'_>,
    read: Read,
    action: &str,
    pagination: Pagination,
    params: fn(&Instance, &Cursor) -> Params,
    parse: &(dyn Fn(&Json) -> Result<Page<T>, String> + Sync),
) -> Result<Vec<T>, CallError> {
    let transport = reader.transport;
    let mut items = Vec::new();
    let mut queue = vec![pagination.first()];
    let mut pages = 0;
    while !queue.is_empty() {
        pages += queue.len();
        if pages > MAX_PAGES {
            let message = format!("`{action}` did not end after {MAX_PAGES} pages");
            return Err(decode_error(transport, action, message));
        }
        // Futures are built eagerly (they do nothing until polled) and then run at most
        // `concurrency` at a time, in order.
        let pending: Vec<_> = queue
            .into_iter()
            .map(|cursor| {
                let request = params(transport.instance(), &cursor);
                read_page(reader, read, action, request, cursor, parse)
            })
            .collect();
        let replies: Vec<(Cursor, Page<T>)> = stream::iter(pending)
            .buffered(transport.concurrency())
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

/// Makes `extra` for the managed accounts (every account when `needs.every_account` asks for
/// one of its fields) and merges the fields it returns.
async fn read_extra(
    reader: &Reader<'_>,
    extra: &ExtraRead,
    needs: &FetchNeeds,
    accounts: &mut [ObservedAccount],
) -> Result<(), CallError> {
    let transport = reader.transport;
    let managed: Vec<&str> = accounts
        .iter()
        .filter(|account| {
            let table = transport.table();
            extra_read_needed(table, extra, needs.every_account.iter())
                || needs
                    .of(account)
                    .is_some_and(|fields| extra_read_needed(table, extra, fields.iter()))
        })
        .map(|account| account.remote_id.as_str())
        .collect();
    let pending: Vec<_> = managed
        .chunks(extra.batch.max(1))
        .map(|batch| {
            let params = (extra.params)(transport.instance(), batch);
            read_batch(reader, extra, params)
        })
        .collect();
    let results: Vec<FieldsById> = stream::iter(pending)
        .buffered(transport.concurrency())
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
    read: Read,
    action: &str,
    request: Params,
    cursor: Cursor,
    parse: &(dyn Fn(&Json) -> Result<Page<T>, String> + Sync),
) -> Result<(Cursor, Page<T>), CallError> {
    let transport = reader.transport;
    reader.calls.fetch_add(1, Ordering::Relaxed);
    let reply = transport.call(action, request).await?;
    let page = parse(&reply.body).map_err(|message| decode_error(transport, action, message))?;
    reader
        .observer
        .read(transport.name(), read, page.items.len());
    Ok((cursor, page))
}

async fn read_batch(
    reader: &Reader<'_>,
    extra: &ExtraRead,
    request: Params,
) -> Result<FieldsById, CallError> {
    let transport = reader.transport;
    reader.calls.fetch_add(1, Ordering::Relaxed);
    let reply = transport.call(extra.action, request).await?;
    let fields = parse::extra(transport.table(), extra, &reply.body)
        .map_err(|message| decode_error(transport, extra.action, message))?;
    reader
        .observer
        .read(transport.name(), Read::Extra, fields.len());
    Ok(fields)
}

fn decode_error(transport: &Transport, action: &str, message: impl Into<String>) -> CallError {
    CallError::Decode {
        provider: transport.name().to_string(),
        action: action.to_string(),
        message: message.into(),
    }
}
