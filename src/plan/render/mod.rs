//! Pure. Renders a plan as text (terminal and CI logs), Markdown (pull-request comments, job
//! summaries) or JSON (the versioned plan document). Returns strings; never prints.

pub mod annotations;
mod markdown;
mod text;

pub use markdown::budget::{Budget, Unit as BudgetUnit};
pub use markdown::{Options as MarkdownOptions, markdown, markdown_with};
pub(crate) use markdown::{
    budget, escape, problems as markdown_problems, summary as markdown_summary,
};
pub use text::text;

use super::{Change, Plan, ProviderPlan};
use crate::model::{FieldKind, Value};

/// Output formats of `plan` and `apply`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// Renders in `format`; `color` only affects text.
pub fn render(plan: &Plan, format: Format, color: bool) -> String {
    match format {
        Format::Text => text(plan, color),
        Format::Markdown => markdown(plan),
        Format::Json => json(plan),
    }
}

/// The plan document, pretty-printed, with a trailing newline.
pub fn json(plan: &Plan) -> String {
    let mut out = serde_json::to_string_pretty(plan).expect("plans always serialise");
    out.push('\n');
    out
}

/// A value for display, with skill group and role ids named where known.
pub(crate) fn show(value: Option<&Value>, kind: FieldKind, provider: &ProviderPlan) -> String {
    let label = |id: &String| match provider.labels.get(id) {
        Some(name) if name != id && matches!(kind, FieldKind::SkillGroups | FieldKind::Role) => {
            format!("{name} ({id})")
        }
        _ => id.clone(),
    };
    match value {
        None | Some(Value::Unset) => "(unset)".into(),
        Some(Value::List(items)) => format!(
            "[{}]",
            items.iter().map(label).collect::<Vec<_>>().join(", ")
        ),
        Some(Value::Text(text)) => label(text),
        Some(other) => other.to_string(),
    }
}

/// `1 call`, `2 calls`: a count and its noun, plural when it is not one.
pub fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Counts of write calls per action, e.g. `ModifyStaff 2, UpdateUser 1`.
pub(crate) fn calls_per_action(changes: &[Change]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for change in changes {
        *counts.entry(change.action.as_str()).or_default() += 1;
    }
    counts
        .iter()
        .map(|(action, count)| format!("{action} {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one-line summary shared by the text and Markdown renderings.
pub(crate) fn summary(plan: &Plan) -> String {
    let sum = |f: fn(&ProviderPlan) -> usize| plan.providers.iter().map(f).sum::<usize>();
    let reads: u64 = plan.providers.iter().map(|p| p.read_calls).sum();
    let calls = match plan.changes.len() {
        0 => "no changes".to_string(),
        n => format!(
            "{} ({})",
            counted(n, "call"),
            calls_per_action(&plan.changes)
        ),
    };
    let problems = counted(plan.problems.len(), "problem");
    format!(
        "{calls}, {problems}, {} unchanged, {} unmanaged; {reads} read requests; at least {:.1}s to apply at the rate limits",
        sum(|p| p.unchanged),
        sum(|p| p.unmanaged),
        plan.minimum_apply_seconds()
    )
}

/// The warning a plan over its safety limit carries, in every format.
pub(crate) fn safety_warning(plan: &Plan) -> Option<String> {
    let limit = plan.safety.as_ref().filter(|limit| limit.exceeded)?;
    Some(format!(
        "{}: `apply` will refuse it unless `--max-changes {}` allows it",
        super::safety::describe(plan, limit),
        plan.changes.len()
    ))
}

/// Whether a text is long enough to show as an inline diff rather than whole.
pub(crate) fn is_long(before: &str, after: &str) -> bool {
    before.chars().count() > 40 || after.chars().count() > 40
}
