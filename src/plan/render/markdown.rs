//! Pure. The Markdown rendering of a plan, for a pull-request comment or a CI job summary.

use std::fmt::Write;

use super::{is_long, safety_warning, show, summary};
use crate::plan::Plan;

/// The plan as GitHub-flavoured Markdown.
pub fn markdown(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## usersync plan\n");
    let _ = writeln!(out, "{}\n", summary(plan));
    if let Some(warning) = safety_warning(plan) {
        let _ = writeln!(out, "> [!WARNING]\n> {warning}\n");
    }
    for provider in &plan.providers {
        let changes: Vec<_> = plan
            .changes
            .iter()
            .filter(|c| c.provider == provider.name)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "### `{}` ({}, {})\n",
            provider.name, provider.provider_type, provider.write_action
        );
        let _ = writeln!(out, "| # | person | account | field | before | after |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for change in changes {
            for (index, field) in change.fields.iter().enumerate() {
                let (id, person, account) = if index == 0 {
                    (
                        change.id.to_string(),
                        cell(&change.person),
                        code(&change.account),
                    )
                } else {
                    (String::new(), String::new(), String::new())
                };
                let before = show(field.before.as_ref(), field.field.kind, provider);
                let after = show(Some(&field.after), field.field.kind, provider);
                let (before, after) = if is_long(&before, &after) && field.before.is_some() {
                    ("(see diff)".to_string(), markdown_diff(&before, &after))
                } else {
                    (code(&before), code(&after))
                };
                let _ = writeln!(
                    out,
                    "| {id} | {person} | {account} | `{}` | {before} | {after} |",
                    field.field
                );
            }
        }
        let _ = writeln!(out);
    }
    if !plan.problems.is_empty() {
        let _ = writeln!(out, "### Problems\n");
        for problem in &plan.problems {
            let _ = write!(
                out,
                "- **{}** `{}` {}: {} (`{}`)",
                problem.kind.as_str(),
                problem.provider,
                cell(&problem.person),
                cell(&problem.message),
                problem.origin
            );
            match &problem.hint {
                Some(hint) => {
                    let _ = writeln!(out, "<br>hint: {}", cell(hint));
                }
                None => {
                    let _ = writeln!(out);
                }
            }
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "<sub>fingerprint `{}`</sub>", plan.fingerprint);
    out
}

/// A word diff with ~~removed~~ and **added** words.
fn markdown_diff(before: &str, after: &str) -> String {
    super::text::word_diff(before, after)
        .into_iter()
        .map(|(tag, text)| match tag {
            similar::ChangeTag::Equal => cell(&text),
            similar::ChangeTag::Delete => format!("~~{}~~", cell(text.trim())),
            similar::ChangeTag::Insert => format!("**{}** ", cell(text.trim())),
        })
        .collect()
}

/// Text safe inside a table cell: pipes and newlines escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

fn code(text: &str) -> String {
    format!("`{}`", cell(&text.replace('`', "'")))
}
