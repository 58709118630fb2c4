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
use crate::model::{Field, FieldKind, Target, Value};
use crate::providers::forwarding::{ENABLED, TO, WHEN};
use compact_str::CompactString;

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

/// [`json`] written to `out` as it is made (a plan of many changes is megabytes of JSON).
pub fn write_json(plan: &Plan, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, plan)?;
    out.write_all(b"\n")
}

/// A value for display, with skill group and role ids named where known.
pub(crate) fn show(value: Option<&Value>, kind: FieldKind, provider: &ProviderPlan) -> String {
    let label = |id: &CompactString| match provider.labels.get(id.as_str()) {
        Some(name) if name != id && matches!(kind, FieldKind::SkillGroups | FieldKind::Role) => {
            format!("{name} ({id})")
        }
        _ => id.to_string(),
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

/// One row of a change as shown: a field, or a structured field (call forwarding) whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Shown {
    pub name: String,
    /// `None` when unset.
    pub before: Option<String>,
    pub after: Option<String>,
    /// Whether a long value may be shown as a word diff (a text, not a composed description).
    pub diffable: bool,
}

/// A change's fields as shown: one row per field, except that the parts of a structured
/// field are one row showing the whole before and after (`forwarding: off → always to skill
/// group Sales (102)`), composed from the parts that change and the observed others.
pub(crate) fn shown_fields(change: &Change, provider: &ProviderPlan) -> Vec<Shown> {
    let mut rows: Vec<Shown> = Vec::new();
    for field in &change.fields {
        let kind = field.field.kind;
        if field.field.part_name().is_some() {
            if !rows.iter().any(|row| row.name == kind.key()) {
                rows.push(structured(change, kind, provider));
            }
            continue;
        }
        let set = |value: Option<&Value>| match value {
            None | Some(Value::Unset) => None,
            Some(value) => Some(show(Some(value), kind, provider)),
        };
        rows.push(Shown {
            name: field.field.to_string(),
            before: set(field.before.as_ref()),
            after: set(Some(&field.after)),
            diffable: true,
        });
    }
    rows
}

/// The names of the rows `change` shows.
pub(crate) fn shown_names(change: &Change) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for field in &change.fields {
        let name = match field.field.part_name() {
            Some(_) => field.field.kind.key().to_string(),
            None => field.field.to_string(),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Call forwarding before and after, whole.
fn structured(change: &Change, kind: FieldKind, provider: &ProviderPlan) -> Shown {
    let parts = [ENABLED, WHEN, TO].map(|part| Field::part(kind, part));
    let before = parts
        .clone()
        .map(|field| change.observed.get(&field).and_then(Option::as_ref));
    let mut after = before;
    for (slot, field) in after.iter_mut().zip(&parts) {
        if let Some(changed) = change.fields.iter().find(|f| &f.field == field) {
            *slot = Some(&changed.after);
        }
    }
    let describe = |[enabled, when, to]: [Option<&Value>; 3], full: bool| {
        forwarding(enabled, when, to, provider, full)
    };
    let (mut was, mut will) = (describe(before, false), describe(after, false));
    if was == will {
        (was, will) = (describe(before, true), describe(after, true));
    }
    Shown {
        name: kind.key().to_string(),
        before: was,
        after: will,
        diffable: false,
    }
}

/// `always to skill group Sales (102)`, `off`, `off (conditional to extension 8001)`; `full`
/// also names the condition of a forwarding that is off without a target. `None` when no part
/// is known (an agent that never had a forwarding). Off when unknown, as a write sends it.
fn forwarding(
    enabled: Option<&Value>,
    when: Option<&Value>,
    to: Option<&Value>,
    provider: &ProviderPlan,
    full: bool,
) -> Option<String> {
    if enabled.is_none() && when.is_none() && to.is_none() {
        return None;
    }
    let when = when.map(ToString::to_string);
    let to = to.map(|value| target(value, provider));
    let rule = match (&when, &to) {
        (Some(when), Some(to)) => format!("{when} to {to}"),
        (Some(when), None) => format!("{when}, no target"),
        (None, Some(to)) => format!("to {to}"),
        (None, None) => "no target".to_string(),
    };
    Some(if enabled == Some(&Value::Bool(true)) {
        rule
    } else if to.is_some() || (full && when.is_some()) {
        format!("off ({rule})")
    } else {
        "off".to_string()
    })
}

/// `agent bob@example.com`, `skill group Sales (102)`, `extension 8001`.
fn target(value: &Value, provider: &ProviderPlan) -> String {
    match Target::of(value) {
        Some(Target::Person(name)) => format!("person {name}"),
        Some(Target::Agent(account)) => format!("agent {account}"),
        Some(Target::SkillGroup(id)) => match provider.labels.get(&id) {
            Some(name) if *name != id => format!("skill group {name} ({id})"),
            _ => format!("skill group {id}"),
        },
        Some(Target::Extension(extension)) => format!("extension {extension}"),
        None => value.to_string(),
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

/// Every warning a plan carries, in every format: the safety limit's, then what kept it from
/// being whole.
pub(crate) fn warnings(plan: &Plan) -> impl Iterator<Item = String> + '_ {
    safety_warning(plan)
        .into_iter()
        .chain(plan.warnings.iter().cloned())
}

/// Whether a text is long enough to show as an inline diff rather than whole.
pub(crate) fn is_long(before: &str, after: &str) -> bool {
    before.chars().count() > 40 || after.chars().count() > 40
}
