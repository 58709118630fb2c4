//! Edge. The read loop every provider shares: walks the bulk list's pages (in parallel when
//! the total is known), makes the extra reads only for managed fields and managed accounts,
//! reads the catalogs the manifest refers to, counts the requests and tells an [`Observer`]
//! what each answered page held. It calls the transport and never builds HTTP itself; what
//! differs between providers comes from their table.

use std::sync::atomic::{AtomicU64, Ordering};

use compact_str::CompactString;
use foldhash::{HashMap, HashMapExt};
use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::call_error::CallError;
use crate::json::JsonRef;
use crate::model::FieldKinds;
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
    let parse_list = |body: &JsonRef| parse::list(table, body);
    let mut accounts = read_pages(
        &reader,
        Read::List,
        list.action,
        list.pagination,
        list.params,
        &parse_list,
    )
    .await?;
    let kinds = needs.kinds();
    for extra in table.extra {
        if extra_read_needed(table, extra, kinds) {
            read_extra(&reader, extra, needs, &mut accounts).await?;
        }
    }
    let mut catalog = Catalog::default();
    for read in table.catalogs {
        let referenced = needs.catalogs.contains(&read.catalog)
            || kinds.iter().any(|kind| {
                table
                    .field(kind)
                    .is_some_and(|spec| spec.catalog == Some(read.catalog))
            });
        if !referenced {
            continue;
        }
        let parse_catalog = |body: &JsonRef| parse::catalog(read, body);
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

/// Whether a field of one of `kinds` comes only from `read` (a field's `source` names it).
pub fn extra_read_needed(table: &Table, read: &ExtraRead, kinds: FieldKinds) -> bool {
    kinds.iter().any(|kind| {
        table
            .field(kind)
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
    parse: &(dyn Fn(&JsonRef) -> Result<Page<T>, String> + Sync),
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
        // Each page's future is made when its turn comes, and at most `concurrency` run at a
        // time, answers kept in order.
        let pending = std::mem::take(&mut queue).into_iter().map(|cursor| {
            let request = params(transport.instance(), &cursor);
            read_page(reader, read, action, request, cursor, parse)
        });
        let replies: Vec<(Cursor, Page<T>)> = stream::iter(pending)
            .buffered(transport.concurrency())
            .try_collect()
            .await?;
        for (cursor, page) in replies {
            queue.extend(pagination.following(&cursor, &page));
            items.extend(page.items);
        }
    }
    // Kept for the whole plan: no room to spare (a directory of 25,000 accounts grew it to
    // room for 32,768).
    items.shrink_to_fit();
    Ok(items)
}

/// Makes `extra` for the managed accounts (every account when `needs.every_account` asks for
/// one of its fields) and merges the fields it returns into the account of each id, as each
/// answer comes (a request is made only when its turn comes: reading 25,000 accounts one by
/// one holds `concurrency` requests and their answers, not 25,000).
async fn read_extra(
    reader: &Reader<'_>,
    extra: &ExtraRead,
    needs: &FetchNeeds,
    accounts: &mut [ObservedAccount],
) -> Result<(), CallError> {
    let transport = reader.transport;
    let table = transport.table();
    let every_account = extra_read_needed(table, extra, needs.every_account_kinds());
    let managed: Vec<CompactString> = accounts
        .iter()
        .filter(|account| {
            every_account
                || needs
                    .of(account)
                    .is_some_and(|kinds| extra_read_needed(table, extra, kinds))
        })
        .map(|account| account.remote_id.clone())
        .collect();
    // The first account of each id takes the fields returned for it.
    let mut by_id: HashMap<CompactString, usize> = HashMap::with_capacity(accounts.len());
    for (index, account) in accounts.iter().enumerate() {
        by_id.entry(account.remote_id.clone()).or_insert(index);
    }
    // By start index: a closure over a borrowed batch would make the future not `Send`
    // (rust-lang/rust#64552).
    let batch = extra.batch.max(1);
    let managed = &managed;
    let pending = (0..managed.len()).step_by(batch).map(move |start| {
        let ids: Vec<&str> = managed[start..managed.len().min(start + batch)]
            .iter()
            .map(CompactString::as_str)
            .collect();
        let params = (extra.params)(transport.instance(), &ids);
        read_batch(reader, extra, params)
    });
    let mut answers = stream::iter(pending).buffered(transport.concurrency());
    while let Some(answer) = answers.try_next().await? {
        for (remote_id, fields) in answer {
            if let Some(index) = by_id.get(remote_id.as_str()) {
                accounts[*index].fields.extend(fields);
            }
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
    parse: &(dyn Fn(&JsonRef) -> Result<Page<T>, String> + Sync),
) -> Result<(Cursor, Page<T>), CallError> {
    let transport = reader.transport;
    reader.calls.fetch_add(1, Ordering::Relaxed);
    let page = transport.read(action, request, parse).await?;
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
    let table = transport.table();
    let parse = |answer: &JsonRef| parse::extra(table, extra, answer);
    let fields = transport.read(extra.action, request, &parse).await?;
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
