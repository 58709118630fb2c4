//! Pure. The apply report as Markdown, for a CI job summary or a comment: the plan's summary
//! table, then what happened per provider, then the failed calls and the accounts held back
//! by problems, then the other lists (the long ones folded in `<details>`). Within the size
//! budget: the applied calls are left out of the lists first, then the skipped ones, then the
//! rest is cut, with a note saying what is missing.

mod lists;

use std::fmt::Write;

use super::{ApplyReport, Outcome};
use crate::plan::Plan;
use crate::plan::render::budget::{self, Section, Tally};
use crate::plan::render::escape::{code, code_cell, duration, message, text, thousands, url};
use crate::plan::render::{MarkdownOptions, markdown_summary};
use lists::lists;

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
