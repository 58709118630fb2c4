//! Pure. The text rendering of a plan: grouped by provider, one line per account and per
//! field, long texts as inline word diffs, problems marked, a summary line.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use similar::{ChangeTag, TextDiff};

use super::{Shown, counted, is_long, shown_fields, summary, warnings};
use crate::plan::{Change, Plan};

const ADD: Style = AnsiColor::Green.on_default();
const REMOVE: Style = AnsiColor::Red.on_default();
const CHANGE: Style = AnsiColor::Yellow.on_default();
const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }
}

/// The plan as text; `color` adds ANSI styles (the caller decides: terminal, `NO_COLOR`).
pub fn text(plan: &Plan, color: bool) -> String {
    let p = Painter { color };
    let mut out = String::new();
    for provider in &plan.providers {
        let changes: Vec<_> = plan
            .changes
            .iter()
            .filter(|c| c.provider == provider.name)
            .collect();
        let problems: Vec<_> = plan
            .problems
            .iter()
            .filter(|c| c.provider == provider.name)
            .collect();
        let _ = writeln!(
            out,
            "{} {}",
            p.paint(BOLD, &provider.name),
            p.paint(
                DIM,
                &format!(
                    "({}, {} at {}/s)",
                    provider.provider_type, provider.write_action, provider.write_rate
                )
            )
        );
        if changes.is_empty() && problems.is_empty() {
            let _ = writeln!(
                out,
                "  no changes ({} unchanged, {} unmanaged)",
                provider.unchanged, provider.unmanaged
            );
        }
        for change in changes {
            let after = if change.after.is_empty() {
                String::new()
            } else {
                let ids: Vec<String> = change.after.iter().map(|id| format!("#{id}")).collect();
                format!(" after {}", ids.join(", "))
            };
            let _ = writeln!(
                out,
                "  {} #{} {} {}{}{}",
                p.paint(CHANGE, "~"),
                change.id,
                p.paint(BOLD, &change.person),
                p.paint(DIM, &account(change)),
                after,
                pending_mark(&p, change.pending)
            );
            for shown in shown_fields(change, provider) {
                field_line(&mut out, &p, &shown);
            }
        }
        for problem in problems {
            let field = problem
                .field
                .as_ref()
                .map(|f| format!(" {f}:"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {} {}{field} {}{}",
                p.paint(REMOVE, "!"),
                p.paint(BOLD, &problem.person),
                p.paint(REMOVE, &format!("[{}]", problem.kind.as_str())),
                problem.message,
                pending_mark(&p, problem.pending)
            );
            let _ = writeln!(
                out,
                "      {}",
                p.paint(DIM, &format!("at {}", problem.origin))
            );
            if let Some(hint) = &problem.hint {
                let _ = writeln!(out, "      hint: {hint}");
            }
        }
    }
    let _ = writeln!(out, "\n{} {}", p.paint(BOLD, "Plan:"), summary(plan));
    if let Some(base) = &plan.base {
        let _ = writeln!(
            out,
            "{} {}",
            p.paint(BOLD, "Base:"),
            base_summary(plan, base)
        );
    }
    // A plan's own warnings were printed when they happened too; repeated beside the
    // summary they qualify.
    for warning in warnings(plan) {
        let _ = writeln!(out, "{} {warning}", p.paint(CHANGE, "Warning:"));
    }
    let _ = writeln!(
        out,
        "{}",
        p.paint(DIM, &format!("fingerprint {}", &plan.fingerprint))
    );
    out
}

fn pending_mark(p: &Painter, pending: bool) -> String {
    if pending {
        p.paint(DIM, " (already pending on the base branch)")
    } else {
        String::new()
    }
}

/// `2 calls and 1 problem from this change; 3 calls and 0 problems already pending on the
/// base branch; 1 pending call superseded`.
fn base_summary(plan: &Plan, base: &crate::plan::base::BaseComparison) -> String {
    let calls = |pending: bool| plan.changes.iter().filter(|c| c.pending == pending).count();
    let problems = |pending: bool| {
        plan.problems
            .iter()
            .filter(|p| p.pending == pending)
            .count()
    };
    let part = |pending: bool| {
        format!(
            "{} and {}",
            counted(calls(pending), "call"),
            counted(problems(pending), "problem")
        )
    };
    let mut text = format!(
        "{} from this change; {} already pending on the base branch",
        part(false),
        part(true)
    );
    if base.superseded > 0 {
        text.push_str(&format!(
            "; {} pending on the base branch not made as such any more",
            counted(base.superseded, "call")
        ));
    }
    text
}

fn field_line(out: &mut String, p: &Painter, shown: &Shown) {
    let unset = || "(unset)".to_string();
    let before = shown.before.clone().unwrap_or_else(unset);
    let after = shown.after.clone().unwrap_or_else(unset);
    if is_long(&before, &after) && shown.before.is_some() && shown.diffable {
        let _ = writeln!(
            out,
            "      {}: {}",
            shown.name,
            inline_diff(p, &before, &after)
        );
    } else {
        let _ = writeln!(
            out,
            "      {}: {} → {}",
            shown.name,
            p.paint(REMOVE, &format!("`{before}`")),
            p.paint(ADD, &format!("`{after}`"))
        );
    }
}

/// A word diff: `[-removed-]` and `{+added+}` (git's markers, readable without colour).
fn inline_diff(p: &Painter, before: &str, after: &str) -> String {
    word_diff(before, after)
        .into_iter()
        .map(|(tag, text)| match tag {
            ChangeTag::Equal => text,
            ChangeTag::Delete => p.paint(REMOVE, &format!("[-{text}-]")),
            ChangeTag::Insert => p.paint(ADD, &format!("{{+{text}+}}")),
        })
        .collect()
}

/// Word-level changes, with runs of the same kind joined.
pub(crate) fn word_diff(before: &str, after: &str) -> Vec<(ChangeTag, String)> {
    let diff = TextDiff::from_words(before, after);
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_string())),
        }
    }
    runs
}

/// `alice.liu (u-1)`, or the account alone when the service knows it by that name (an agent's
/// email, an Alibaba CCC user id): as the Markdown shows it.
fn account(change: &Change) -> String {
    if change.remote_id == change.account {
        change.account.clone()
    } else {
        format!("{} ({})", change.account, change.remote_id)
    }
}
