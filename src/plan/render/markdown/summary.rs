//! Pure. The top and the bottom of the plan's Markdown: the hidden marker a CI step finds its
//! comment by, the title, a one-line verdict, the summary table per provider, the safety
//! warning and the pending split's counts; and the fingerprint with the command that applies
//! exactly this plan.

use std::fmt::Write;

use super::Options;
use super::escape::{code, code_cell, duration, message, thousands};
use crate::plan::render::{calls_per_action, warnings};
use crate::plan::{Change, Plan, Problem};

/// `<!-- usersync plan: NAME -->`: how a CI step finds its own comment to edit it in place.
pub(crate) fn marker(command: &str, name: &str) -> String {
    format!("<!-- usersync {command}: {} -->\n", marker_name(name))
}

/// The name, made safe inside an HTML comment (no `--`, no `>`, one line).
pub(crate) fn marker_name(name: &str) -> String {
    let mut name: String = name
        .chars()
        .filter(|c| !matches!(c, '<' | '>') && !c.is_control())
        .collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    match name.trim() {
        "" => "default".into(),
        trimmed => trimmed.to_string(),
    }
}

/// `1 call`, `10,000 calls`.
pub(crate) fn count(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        n => format!("{} {noun}s", thousands(n)),
    }
}

/// The marker, the title, the verdict, the table, the safety warning and the plan's other
/// warnings (a provider not read, a base not compared) and, with `plan --base`,
/// what the pull request brings and what was already pending.
pub(super) fn head(plan: &Plan, options: &Options) -> String {
    let mut out = marker("plan", options.marker);
    let name = marker_name(options.marker);
    let _ = write!(out, "## usersync plan");
    if name != "default" {
        let _ = write!(out, " · {}", code(&name));
    }
    let _ = writeln!(out, "\n\n{}\n", verdict(plan));
    out.push_str(&table(plan));
    for warning in warnings(plan) {
        let _ = writeln!(out, "\n> [!WARNING]\n> {}", message(&capitalised(&warning)));
    }
    if plan.changes.iter().any(|c| c.pending) || plan.problems.iter().any(|p| p.pending) {
        let (ours, pending) = split(plan);
        let _ = writeln!(
            out,
            "\n**From this pull request:** {}. **Already pending on the base branch** (drift, or merged but not applied yet): {}.",
            tally(&ours.0, &ours.1),
            tally(&pending.0, &pending.1)
        );
    }
    out.push('\n');
    out
}

type Part<'a> = (Vec<&'a Change>, Vec<&'a Problem>);

/// The changes and problems the pull request brings, and those already pending on the base.
pub(super) fn split(plan: &Plan) -> (Part<'_>, Part<'_>) {
    let part = |pending: bool| -> Part<'_> {
        (
            plan.changes
                .iter()
                .filter(|c| c.pending == pending)
                .collect(),
            plan.problems
                .iter()
                .filter(|p| p.pending == pending)
                .collect(),
        )
    };
    (part(false), part(true))
}

/// `3 calls, 1 problem`.
pub(super) fn tally(changes: &[&Change], problems: &[&Problem]) -> String {
    format!(
        "{}, {}",
        count(changes.len(), "call"),
        count(problems.len(), "problem")
    )
}

fn verdict(plan: &Plan) -> String {
    let calls = count(plan.changes.len(), "call");
    let problems = count(plan.problems.len(), "problem");
    let time = duration(plan.minimum_apply_seconds());
    // A provider not read or a base not compared: the counts are not the whole story.
    if !plan.warnings.is_empty() {
        let what = match (plan.changes.len(), plan.problems.len()) {
            (0, 0) => "No changes found".to_string(),
            (_, 0) => format!("{calls} to apply"),
            (0, _) => problems,
            (_, _) => format!("{problems} and {calls} to apply"),
        };
        let (warnings, them) = match plan.warnings.len() {
            1 => ("1 warning".to_string(), "it"),
            n => (format!("{n} warnings"), "them"),
        };
        return format!(
            "**{}, with {warnings}:** read {them} below before relying on this plan.",
            capitalised(&what)
        );
    }
    match (plan.changes.len(), plan.problems.len()) {
        (0, 0) => "**No changes.** Every managed account already matches the manifest.".into(),
        (_, 0) => format!(
            "**{calls} to apply** ({}), at least {time} at the rate limits.",
            calls_per_action(&plan.changes)
        ),
        (0, _) => format!(
            "**{problems}, nothing to apply.** Fix the manifest (or the remote accounts) until the plan shows none."
        ),
        (_, _) => format!(
            "**{problems} and {calls} to apply.** `apply` holds back the accounts with problems (and the calls that wait for them), sends the other calls and exits 1."
        ),
    }
}

/// The summary table: per provider, its calls, problems, unchanged and unmanaged accounts and
/// the time its calls take at its rate; then the totals (providers are applied in parallel).
pub(crate) fn table(plan: &Plan) -> String {
    let mut out = String::from(
        "| provider | type | calls | problems | unchanged | unmanaged | time to apply |\n|---|---|--:|--:|--:|--:|--:|\n",
    );
    for provider in &plan.providers {
        let calls = plan
            .changes
            .iter()
            .filter(|c| c.provider == provider.name)
            .count();
        let problems = plan
            .problems
            .iter()
            .filter(|p| p.provider == provider.name)
            .count();
        let time = if calls == 0 {
            "–".to_string()
        } else {
            format!(
                "{} at {}/s",
                duration(calls as f64 / provider.write_rate),
                provider.write_rate
            )
        };
        let _ = writeln!(
            out,
            "| {} | {} ({}) | {} | {} | {} | {} | {time} |",
            code_cell(&provider.name),
            provider.provider_type,
            code_cell(&provider.write_action),
            thousands(calls),
            thousands(problems),
            thousands(provider.unchanged),
            thousands(provider.unmanaged),
        );
    }
    let sum = |f: fn(&crate::plan::ProviderPlan) -> usize| plan.providers.iter().map(f).sum();
    let _ = writeln!(
        out,
        "| **total** | | **{}** | **{}** | {} | {} | {} |",
        thousands(plan.changes.len()),
        thousands(plan.problems.len()),
        thousands(sum(|p| p.unchanged)),
        thousands(sum(|p| p.unmanaged)),
        if plan.changes.is_empty() {
            "–".to_string()
        } else {
            format!("**{}**", duration(plan.minimum_apply_seconds()))
        }
    );
    out
}

/// The fingerprint, and how to apply exactly this plan.
pub(super) fn tail(plan: &Plan) -> String {
    let mut out = format!("\n---\n<sub>fingerprint `{}`</sub>", plan.fingerprint);
    if plan.has_changes() {
        let _ = write!(
            out,
            "<br>\n<sub>to apply exactly this plan: `usersync apply -f … --expect {}` (it refuses any other plan)</sub>",
            plan.fingerprint
        );
    }
    out.push('\n');
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
