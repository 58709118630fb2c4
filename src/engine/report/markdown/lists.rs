//! Pure. The lists of the apply report's Markdown: the calls per outcome (failed first), the
//! accounts problems held back and what still differs after `--verify`, each a budget
//! [`Section`] whose rows can be cut.

use super::{calls, capitalised, groups, rank_of};
use crate::engine::report::{ApplyReport, CallReport, Outcome};
use crate::plan::render::budget::{Item, Section};
use crate::plan::render::escape::{code_cell, message, text, thousands};
use crate::plan::render::{MarkdownOptions, markdown_problems, markdown_summary};

/// A list of calls with this many rows or more is folded (failed calls never are).
const FOLD_FROM: usize = 11;

/// A list of the report and how readily it is left out (0: never, 2: first).
pub(super) struct List {
    pub(super) title: String,
    pub(super) rank: u8,
    pub(super) section: Section,
}

pub(super) fn lists(report: &ApplyReport, options: &MarkdownOptions) -> Vec<List> {
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
        let (open, close) = if count >= FOLD_FROM && word != "failed" {
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
                filler: false,
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
                    filler: false,
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
            filler: false,
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
