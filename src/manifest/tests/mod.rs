//! Unit tests of manifest validation, at the level of "this manifest text gives these
//! diagnostics". Every case goes through the public entry point, `desired_state`, and asserts
//! what a user would read, so the tests do not depend on how validation is organised inside.

mod accounts;
mod forwarding;
mod limits;
mod merge;
mod positions;
mod providers;
mod structure;
mod uniqueness;
mod yaml;

use std::fmt::Write;

use super::{Source, desired_state, validate};
use crate::model::{AccountKey, Value};

/// Validates `manifest` and renders the result: each diagnostic as the CLI shows it, or a
/// summary of the desired state (providers, then each account with its key and fields, each
/// field with its value and where the value was written).
///
/// The text is dedented (its common leading spaces removed, and the first line if it is
/// empty), so cases can be indented with the test. It is one file, `users.yaml`, unless lines
/// of the form `==> name <==` (as `tail` prints them) split it into several files, in order.
fn check(manifest: &str) -> String {
    let sources = split_files(&dedent(manifest));
    let result = desired_state(&sources);
    // `validate` finds the same problems, or counts the same desired state.
    match (&result, validate(&sources)) {
        (Ok(state), Ok(summary)) => {
            assert_eq!(summary.providers, state.providers.len());
            assert_eq!(summary.accounts, state.accounts.len());
        }
        (Err(problems), Err(same)) => assert_eq!(problems, &same),
        (result, validated) => panic!("desired_state: {result:?}\nvalidate: {validated:?}"),
    }
    match result {
        Err(diagnostics) => diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
        Ok(state) => {
            let mut out = String::from("providers:");
            for (name, provider) in &state.providers {
                write!(out, " {name} ({})", provider.config.provider_type).expect("to a string");
            }
            for account in &state.accounts {
                let key = match &account.key {
                    AccountKey::Email(value) => format!("email `{value}`"),
                    AccountKey::UserId(value) => format!("user_id `{value}`"),
                    AccountKey::UserName(value) => format!("user_name `{value}`"),
                };
                write!(out, "\n{} {}: by {key}", account.provider, account.person)
                    .expect("to a string");
                for (field, desired) in &account.fields {
                    let value = match &desired.value {
                        Value::Text(text) => format!("`{text}`"),
                        Value::Bool(flag) => flag.to_string(),
                        Value::List(items) => format!("[{}]", items.join(", ")),
                        Value::Unset => "unset".to_string(),
                    };
                    let origin = account.origin_of(field).expect("a field of the account");
                    write!(out, "\n  {field} = {value} at {origin}").expect("to a string");
                }
            }
            out
        }
    }
}

fn dedent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|line| line.get(indent..).unwrap_or(""))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn split_files(text: &str) -> Vec<Source> {
    let marker = |line: &str| {
        line.strip_prefix("==> ")
            .and_then(|rest| rest.strip_suffix(" <=="))
            .map(str::to_string)
    };
    let mut sources = Vec::new();
    if text.lines().next().and_then(marker).is_none() {
        sources.push(Source {
            name: "users.yaml".into(),
            text: String::new(),
        });
    }
    for line in text.lines() {
        match (marker(line), sources.last_mut()) {
            (Some(name), _) => sources.push(Source {
                name,
                text: String::new(),
            }),
            (None, Some(current)) => {
                current.text.push_str(line);
                current.text.push('\n');
            }
            (None, None) => unreachable!("a text not starting with a marker is `users.yaml`"),
        }
    }
    sources
}
