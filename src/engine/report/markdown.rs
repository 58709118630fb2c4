//! Pure. The apply report as Markdown, for a CI job summary or a comment: the plan's summary
//! table, then what happened per provider, then the failed calls and the accounts held back
//! by problems, then the other lists (the long ones folded in `<details>`). Within the size
//! budget: the applied calls are left out of the lists first, then the skipped ones, then the
//! rest is cut, with a note saying what is missing.

use std::fmt::Write;

use super::{ApplyReport, CallReport, Outcome};
use crate::plan::Plan;
use crate::plan::render::budget::{self, Item, Section, Tally};
use crate::plan::render::escape::{code, code_cell, duration, message, text, thousands, url};
use crate::plan::render::{MarkdownOptions, markdown_problems, markdown_summary};

/// A list of calls with this many rows or more is folded.
const FOLD_FROM: usize = 11;

/// The report as GitHub-flavoured Markdown within `options.budget`; `plan` (when the apply got
/// that far) gives the summary table.
pub fn markdown(report: &ApplyReport, plan: Option<&Plan>, options: &MarkdownOptions) -> String {
    let head = head(report, plan, options);
    let tail = format!(
        "\n---\n<sub>plan fingerprint `{}`</sub>\n",
        report.plan_fingerprint
    );
    let mut lists = lists(report, options);
    let size = |text: &str| options.budget.size(text);
    let fixed = size(&head) + size(&tail);
    let mut folded: Vec<String> = Vec::new();
    // The least useful lists go first: applied calls, then skipped ones (the table counts them).
    for rank in [2, 1] {
        let body: Vec<Section> = lists.iter().map(|l| l.section.clone()).collect();
        let note = note(&folded, &Tally::default(), options);
        if fixed + size(&note) + budget::size(&body, options.budget) <= options.budget.limit {
            break;
        }
        for list in lists.iter_mut().filter(|l| l.rank == rank) {
            folded.push(list.title.clone());
            list.section = Section {
                open: format!(
                    "### {}\n\nNot listed, to fit the size limit.\n\n",
                    list.title
                ),
                ..Section::default()
            };
        }
    }
    let sections: Vec<Section> = lists.into_iter().map(|l| l.section).collect();
    budget::fit(
        &head,
        &|left| note(&folded, left, options),
        &sections,
        &tail,
        options.budget,
    )
}

/// A list of the report and how readily it is left out (0: never, 2: first).
struct List {
    title: String,
    rank: u8,
    section: Section,
}

fn head(report: &ApplyReport, plan: Option<&Plan>, options: &MarkdownOptions) -> String {
    let mut out = markdown_summary::marker("apply", options.marker);
    let name = markdown_summary::marker_name(options.marker);
    out.push_str("## usersync apply");
    if name != "default" {
        let _ = write!(out, " · {}", code(&name));
    }
    let _ = writeln!(out, "\n\n{}\n", verdict(report));
    if let Some(error) = &report.error {
        let lines: Vec<String> = error.lines().map(message).collect();
        let _ = writeln!(out, "> [!CAUTION]\n> {}\n", lines.join("<br>\n> "));
    }
    if let Some(plan) = plan {
        out.push_str("**The plan**\n\n");
        out.push_str(&markdown_summary::table(plan));
        out.push('\n');
    }
    if !report.calls.is_empty() || !report.problems.is_empty() {
        out.push_str("**What happened**\n\n");
        out.push_str(&outcomes(report));
        out.push('\n');
    }
    out
}

fn verdict(report: &ApplyReport) -> String {
    let applied = report.count(|o| matches!(o, Outcome::Applied));
    let already = report.count(|o| matches!(o, Outcome::AlreadyApplied));
    let time = duration(report.elapsed_seconds);
    if report.succeeded() {
        return match report.calls.len() {
            0 => "**Nothing to apply.**".into(),
            n => format!(
                "**Applied:** {} of {} in {time}{}.",
                thousands(applied),
                calls(n),
                if already > 0 {
                    format!(" ({} already applied)", thousands(already))
                } else {
                    String::new()
                }
            ),
        };
    }
    let mut parts = vec![format!("{} applied", thousands(applied))];
    for (word, count) in groups(report) {
        if !matches!(word, "applied") {
            parts.push(format!("{} {word}", thousands(count)));
        }
    }
    if !report.problems.is_empty() {
        parts.push(format!(
            "{} held back by problems",
            markdown_summary::count(report.problems.len(), "account")
        ));
    }
    if let Some(differences) = report.verify_differences.as_ref().filter(|d| !d.is_empty()) {
        parts.push(format!("{} still different", thousands(differences.len())));
    }
    format!(
        "**Completed with errors{}:** {} in {time}.",
        if report.interrupted {
            " (interrupted)"
        } else {
            ""
        },
        parts.join(", ")
    )
}

fn calls(n: usize) -> String {
    markdown_summary::count(n, "call")
}

/// Outcome words in report order (`failed` first, `applied` and `already applied` last) and
/// how many calls had each.
fn groups(report: &ApplyReport) -> Vec<(&'static str, usize)> {
    let mut groups: Vec<(&'static str, usize)> = Vec::new();
    for call in &report.calls {
        let word = call.outcome.summary();
        match groups.iter_mut().find(|(w, _)| *w == word) {
            Some((_, count)) => *count += 1,
            None => groups.push((word, 1)),
        }
    }
    groups.sort_by_key(|(word, _)| rank_of(word).1);
    groups
}

/// How readily a list of calls with this outcome is left out, and where it goes.
fn rank_of(word: &str) -> (u8, u8) {
    match word {
        "failed" => (0, 0),
        "applied" => (2, 3),
        "already applied" => (2, 4),
        "skipped" => (1, 2),
        _ => (1, 1),
    }
}

/// Per provider, how many calls had each outcome and how many accounts problems held back.
fn outcomes(report: &ApplyReport) -> String {
    let groups = groups(report);
    let mut providers: Vec<&str> = Vec::new();
    let names = report
        .calls
        .iter()
        .map(|c| c.provider.as_str())
        .chain(report.problems.iter().map(|p| p.provider.as_str()));
    for name in names {
        if !providers.contains(&name) {
            providers.push(name);
        }
    }
    let mut out = String::from("| provider |");
    for (word, _) in &groups {
        let _ = write!(out, " {word} |");
    }
    out.push_str(" held back |\n|---|");
    out.push_str(&"--:|".repeat(groups.len() + 1));
    out.push('\n');
    for provider in providers {
        let _ = write!(out, "| {} |", code_cell(provider));
        for (word, _) in &groups {
            let n = report
                .calls
                .iter()
                .filter(|c| c.provider == provider && c.outcome.summary() == *word)
                .count();
            let _ = write!(out, " {} |", thousands(n));
        }
        let held = report
            .problems
            .iter()
            .filter(|p| p.provider == provider)
            .count();
        let _ = writeln!(out, " {} |", thousands(held));
    }
    out
}

fn lists(report: &ApplyReport, options: &MarkdownOptions) -> Vec<List> {
    let mut lists = Vec::new();
    for (word, count) in groups(report) {
        let (rank, _) = rank_of(word);
        let title = format!("{} ({})", capitalised(word), thousands(count));
        let rows: Vec<Item> = report
            .calls
            .iter()
            .filter(|c| c.outcome.summary() == word)
            .map(|call| Item {
                text: row(call),
                noun: format!("{word} calls"),
            })
            .collect();
        let header =
            "| # | provider | action | person | account | detail |\n|--:|---|---|---|---|---|\n";
        let (open, close) = if count >= FOLD_FROM {
            (
                format!(
                    "### {title}\n\n<details>\n<summary>{}</summary>\n\n{header}",
                    calls(count)
                ),
                "\n</details>\n\n".to_string(),
            )
        } else {
            (format!("### {title}\n\n{header}"), "\n".to_string())
        };
        lists.push(List {
            title,
            rank,
            section: Section {
                open,
                items: rows,
                close,
            },
        });
        if word == "failed" {
            lists.extend(held_back(report, options));
        }
    }
    if !report.calls.iter().any(|c| c.outcome.summary() == "failed") {
        let held = held_back(report, options);
        lists.splice(0..0, held);
    }
    if let Some(differences) = report.verify_differences.as_ref().filter(|d| !d.is_empty()) {
        let items = differences
            .iter()
            .map(|line| Item {
                text: format!("- {}\n", message(line)),
                noun: "differences".into(),
            })
            .collect();
        let title = format!(
            "Still different after applying ({})",
            thousands(differences.len())
        );
        let at = lists.iter().position(|l| l.rank > 0).unwrap_or(lists.len());
        lists.insert(
            at,
            List {
                section: Section {
                    open: format!("### {title}\n\n"),
                    items,
                    close: "\n".into(),
                },
                title,
                rank: 0,
            },
        );
    }
    lists
}

/// The accounts problems held back, as a list (none when there are none).
fn held_back(report: &ApplyReport, options: &MarkdownOptions) -> Option<List> {
    if report.problems.is_empty() {
        return None;
    }
    let title = format!(
        "Held back by problems ({})",
        thousands(report.problems.len())
    );
    let items = report
        .problems
        .iter()
        .map(|p| Item {
            text: markdown_problems::item(p, options.link_base),
            noun: "problems".into(),
        })
        .collect();
    Some(List {
        section: Section {
            open: format!("### {title}\n\n"),
            items,
            close: "\n".into(),
        },
        title,
        rank: 0,
    })
}

/// One call as a table row: what it was and what became of it.
fn row(call: &CallReport) -> String {
    let attempts = markdown_summary::count(call.attempts as usize, "attempt");
    let request = call
        .request_id
        .as_ref()
        .map(|id| format!(", request id {}", code_cell(id)))
        .unwrap_or_default();
    let detail = match &call.outcome {
        Outcome::Applied => format!("{attempts}{request}"),
        Outcome::AlreadyApplied => "holds the planned values".into(),
        Outcome::Failed {
            code: Some(code),
            message: text,
        } => {
            format!(
                "{}: {} (after {attempts}{request})",
                code_cell(code),
                message(text)
            )
        }
        Outcome::Failed {
            code: None,
            message: text,
        } => {
            format!("{} (after {attempts}{request})", message(text))
        }
        other => reason(other),
    };
    format!(
        "| {} | {} | {} | {} | {} | {detail} |\n",
        call.id,
        code_cell(&call.provider),
        code_cell(&call.action),
        text(&call.person),
        code_cell(&call.account),
    )
}

/// The `reason` an outcome carries (skipped, and any outcome that explains itself so).
fn reason(outcome: &Outcome) -> String {
    serde_json::to_value(outcome)
        .ok()
        .and_then(|json| json.get("reason").and_then(|r| r.as_str()).map(message))
        .unwrap_or_default()
}

/// What was left out, and where the whole report is; empty when nothing was.
fn note(folded: &[String], left: &Tally, options: &MarkdownOptions) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !folded.is_empty() {
        parts.push(format!("not listed: {}", folded.join(", ")));
    }
    if left.any() {
        parts.push(format!("{} not shown", left.describe()));
    }
    if parts.is_empty() {
        return String::new();
    }
    let whole = match options.plan_url {
        Some(link) => format!("The whole report: [{}]({}).", text(link), url(link)),
        None => "The whole report is in the job log (and in `apply --report FILE`).".into(),
    };
    format!(
        "> [!WARNING]\n> **Shortened to fit {}:** {}. {whole}\n\n",
        options.budget.describe(),
        parts.join("; ")
    )
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
