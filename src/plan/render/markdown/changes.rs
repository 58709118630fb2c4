//! Pure. One provider's calls as Markdown, inside `<details>` (open when few), at a level of
//! detail the size budget picks: every field with before → after and word diffs of long
//! texts; the same without word diffs; one row per account; counts per action.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::{code_cell, html, shorten, text};
use super::summary::count;
use crate::plan::render::{Shown, is_long, shown_fields, shown_names};
use crate::plan::{Change, ProviderPlan};

/// How much of a provider's calls is shown, most first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Detail {
    /// Every field, before → after; long texts as word diffs.
    Full,
    /// Every field; long texts shortened instead of diffed.
    Plain,
    /// One row per account, naming the fields that change.
    Accounts,
    /// Counts per action and per field.
    Counts,
    /// Not listed (the summary table counts them).
    Hidden,
}

impl Detail {
    pub(super) const ALL: [Detail; 5] = [
        Detail::Full,
        Detail::Plain,
        Detail::Accounts,
        Detail::Counts,
        Detail::Hidden,
    ];

    pub(super) fn less(self) -> Detail {
        match self {
            Detail::Full => Detail::Plain,
            Detail::Plain => Detail::Accounts,
            Detail::Accounts => Detail::Counts,
            Detail::Counts | Detail::Hidden => Detail::Hidden,
        }
    }
}

/// A provider with at most this many calls is shown open.
const OPEN_UP_TO: usize = 10;
/// Texts are shortened to this many characters when word diffs are left out.
const SHORT: usize = 40;

/// `changes` (all `provider`'s) at `detail`; empty when hidden or when there are none.
pub(super) fn section(provider: &ProviderPlan, changes: &[&Change], detail: Detail) -> String {
    if detail == Detail::Hidden || changes.is_empty() {
        return String::new();
    }
    let open = if changes.len() <= OPEN_UP_TO || detail == Detail::Counts {
        " open"
    } else {
        ""
    };
    let mut out = format!(
        "<details{open}>\n<summary><b>{}</b> · {} · {} ({}) at {}/s</summary>\n\n",
        html(&provider.name),
        provider.provider_type,
        count(changes.len(), "call"),
        html(&provider.write_action),
        provider.write_rate
    );
    match detail {
        Detail::Full | Detail::Plain => fields(&mut out, provider, changes, detail),
        Detail::Accounts => accounts(&mut out, changes),
        Detail::Counts | Detail::Hidden => counts(&mut out, changes),
    }
    if detail >= Detail::Accounts {
        out.push_str("\n<sub>shortened to fit the size limit (see the note at the top)</sub>\n");
    }
    out.push_str("\n</details>\n\n");
    out
}

/// `3`, or ``4 `after #3` `` for a call that waits for others (in code, so that GitHub does
/// not link `#3` to an issue).
fn number(change: &Change) -> String {
    if change.after.is_empty() {
        return change.id.to_string();
    }
    let after: Vec<String> = change.after.iter().map(|id| format!("#{id}")).collect();
    format!("{} `after {}`", change.id, after.join(", "))
}

/// `` `alice` ``, or `` `alice` (`u-1`) `` when the call addresses another id.
fn account(change: &Change) -> String {
    if change.remote_id == change.account {
        code_cell(&change.account)
    } else {
        format!(
            "{} ({})",
            code_cell(&change.account),
            code_cell(&change.remote_id)
        )
    }
}

fn fields(out: &mut String, provider: &ProviderPlan, changes: &[&Change], detail: Detail) {
    out.push_str("| # | person | account | field | before | after |\n|---|---|---|---|---|---|\n");
    for change in changes {
        for (index, shown) in shown_fields(change, provider).iter().enumerate() {
            let (id, person, account) = if index == 0 {
                (number(change), text(&change.person), account(change))
            } else {
                Default::default()
            };
            let (before, after) = values(shown, detail);
            let _ = writeln!(
                out,
                "| {id} | {person} | {account} | {} | {before} | {after} |",
                code_cell(&shown.name)
            );
        }
    }
}

/// The before and after cells of one row.
fn values(shown: &Shown, detail: Detail) -> (String, String) {
    let before = shown.before.as_deref().unwrap_or_default();
    let after = shown.after.as_deref().unwrap_or_default();
    let cell = |value: Option<&String>, max: usize| match value {
        None => "*unset*".to_string(),
        Some(value) => code_cell(&shorten(value, max)),
    };
    let max = match detail {
        _ if !is_long(before, after) || !shown.diffable => usize::MAX,
        Detail::Full if shown.before.is_some() => {
            return ("*word diff →*".into(), word_diff(before, after));
        }
        Detail::Full => usize::MAX,
        _ => SHORT,
    };
    (
        cell(shown.before.as_ref(), max),
        cell(shown.after.as_ref(), max),
    )
}

/// A word diff with `<del>`removed`</del>` and `<ins>`added`</ins>` words, escaped for a
/// table cell (HTML rather than `~~`/`**`, whose flanking rules fail next to CJK punctuation).
/// Texts in a script written without spaces (Chinese, Japanese) are compared character by
/// character.
fn word_diff(before: &str, after: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let unspaced = |text: &str| text.chars().any(|c| c >= '\u{2E80}');
    let diff = if unspaced(before) || unspaced(after) {
        TextDiff::from_chars(before, after)
    } else {
        TextDiff::from_words(before, after)
    };
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, run)) if *tag == change.tag() => run.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_string())),
        }
    }
    runs.into_iter()
        .map(|(tag, run)| match tag {
            ChangeTag::Equal => text(&run),
            ChangeTag::Delete => format!("<del>{}</del>", text(&run)),
            ChangeTag::Insert => format!("<ins>{}</ins>", text(&run)),
        })
        .collect()
}

const ACCOUNTS_HEADER: &str = "| # | person | account | fields |\n|---|---|---|---|\n";

fn accounts(out: &mut String, changes: &[&Change]) {
    out.push_str(ACCOUNTS_HEADER);
    changes.iter().for_each(|c| out.push_str(&account_row(c)));
}

/// One call as a row naming the fields it changes.
fn account_row(change: &Change) -> String {
    let fields: Vec<String> = shown_names(change)
        .iter()
        .map(|name| code_cell(name))
        .collect();
    format!(
        "| {} | {} | {} | {} |\n",
        number(change),
        text(&change.person),
        account(change),
        fields.join(", ")
    )
}

/// The calls shown as counts, one row each, to show as many as fit under the counts: the
/// opening of a folded table and its rows.
pub(super) fn sample(provider: &ProviderPlan, changes: &[&Change]) -> (String, Vec<String>) {
    let open = format!(
        "<details>\n<summary>{} calls of <b>{}</b>, one row each, as many as fit</summary>\n\n{ACCOUNTS_HEADER}",
        super::escape::thousands(changes.len()),
        html(&provider.name)
    );
    (open, changes.iter().map(|c| account_row(c)).collect())
}

fn counts(out: &mut String, changes: &[&Change]) {
    let mut actions: BTreeMap<&str, (usize, usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for change in changes {
        let (calls, waiting, fields) = actions.entry(change.action.as_str()).or_default();
        *calls += 1;
        *waiting += usize::from(!change.after.is_empty());
        for name in shown_names(change) {
            *fields.entry(name).or_default() += 1;
        }
    }
    out.push_str(
        "| action | calls | waiting for another call | fields changed |\n|---|--:|--:|---|\n",
    );
    for (action, (calls, waiting, fields)) in actions {
        let fields: Vec<String> = fields
            .iter()
            .map(|(field, n)| format!("{} {}", code_cell(field), super::escape::thousands(*n)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code_cell(action),
            super::escape::thousands(calls),
            super::escape::thousands(waiting),
            fields.join(", ")
        );
    }
}
