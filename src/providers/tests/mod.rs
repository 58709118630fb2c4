//! Request building and response parsing of every provider, against the wire fixtures in
//! `tests/fixtures/wire` (whole reference envelopes). Parsed values are rendered one line per
//! account so that snapshots read like the observed model.

/// A response answer written as `json!` would be, as the parsers take it.
macro_rules! wire {
    ($($json:tt)+) => {
        crate::json::JsonRef::from(&serde_json::json!($($json)+))
    };
}

mod forwarding;
mod parse;
mod requests;

use serde_json::Value as Json;

use crate::model::{FieldMap, Value};
use crate::state::{CatalogEntry, ObservedAccount};

use super::paging::Page;
use super::parse::FieldsById;

/// The response object of a fixture, as the envelope parser hands it to `parse_*`:
/// Tencent's `Response`, Alibaba's body.
fn response(fixture: &str) -> Json {
    let envelope: Json = serde_json::from_str(fixture).expect("fixture is JSON");
    let body = envelope["body"].clone();
    body.get("Response").cloned().unwrap_or(body)
}

fn fields_line(fields: &FieldMap<Value>) -> String {
    fields
        .iter()
        .map(|(field, value)| match value {
            Value::Bool(flag) => format!("{field}={flag}"),
            other => format!("{field}={other:?}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn render_accounts(page: &Page<ObservedAccount>) -> String {
    let mut lines = vec![format!("total={:?} next={:?}", page.total, page.next_token)];
    for account in &page.items {
        let keys: Vec<String> = account.keys.iter().map(|key| format!("{key:?}")).collect();
        lines.push(format!(
            "{} keys=[{}] {}",
            account.remote_id,
            keys.join(", "),
            fields_line(&account.fields)
        ));
        if let Some(locked) = &account.locked {
            lines.push(format!("  locked: {locked}"));
        }
    }
    lines.join("\n")
}

fn render_fields(by_id: &FieldsById) -> String {
    by_id
        .iter()
        .map(|(id, fields)| format!("{id} {}", fields_line(fields)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_catalog(page: &Page<CatalogEntry>) -> String {
    let mut lines = vec![format!("total={:?}", page.total)];
    lines.extend(
        page.items
            .iter()
            .map(|entry| format!("{} = {}", entry.id, entry.name)),
    );
    lines.join("\n")
}
