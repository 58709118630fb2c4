//! Edge. Markdown for reviews: the flags `plan` and `apply` share (`--markdown`, `--summary`,
//! `--marker`, `--markdown-limit`, `--link-base`, `--plan-url`) and the writing of the Markdown
//! to those files. The renderings are pure: `plan::render::markdown_with` and
//! `engine::report::markdown`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::OutputArgs;
use crate::engine::report::{self, ApplyReport};
use crate::plan::render::{Budget, BudgetUnit, MarkdownOptions, markdown_with};
use crate::plan::{Plan, redact};

/// Markdown for a pull-request comment or a CI job summary.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MarkdownArgs {
    /// Also write the Markdown (for a pull-request comment) to FILE, whatever `--format` is.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Also append the Markdown to FILE, e.g. `$GITHUB_STEP_SUMMARY`, within 1 MiB less what
    /// FILE already holds (unless `--markdown-limit`).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// The name in the hidden first line `<!-- usersync plan: NAME -->` (`usersync apply:
    /// NAME` for apply's report), by which a CI step finds its own comment to edit it instead
    /// of adding one per push.
    #[arg(long, value_name = "NAME", default_value = "default", value_parser = marker_name)]
    pub marker: String,
    /// Size limit of the Markdown: characters for stdout and `--markdown` [default: 65536, a
    /// GitHub comment], bytes for `--summary` [default: 1048576]. Detail is shown less, then
    /// cut, with a note saying what was left out.
    #[arg(long, value_name = "N")]
    pub markdown_limit: Option<usize>,
    /// Link manifest locations to this URL prefix, e.g.
    /// `https://github.com/ORG/REPO/blob/SHA/` (`users.yaml:12` → `…/users.yaml#L12`).
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// Where the whole plan is (e.g. the CI run's artifact), named when the Markdown leaves
    /// something out.
    #[arg(long, value_name = "URL")]
    pub plan_url: Option<String>,
}

impl MarkdownArgs {
    fn options(&self, budget: Budget) -> MarkdownOptions<'_> {
        MarkdownOptions {
            marker: &self.marker,
            link_base: self.link_base.as_deref(),
            plan_url: self.plan_url.as_deref(),
            budget,
        }
    }

    /// The budget of stdout and `--markdown`: a pull-request comment, in characters.
    fn comment(&self) -> Budget {
        Budget {
            limit: self.markdown_limit.unwrap_or(Budget::COMMENT.limit),
            unit: BudgetUnit::Chars,
        }
    }
}

/// A marker name: one line, without `<`, `>` or `--` (it sits in an HTML comment).
fn marker_name(name: &str) -> Result<String, String> {
    if name.trim().is_empty()
        || name.contains("--")
        || name.contains(['<', '>'])
        || name.chars().any(char::is_control)
    {
        return Err("a marker name is one line without `<`, `>` or `--`".into());
    }
    Ok(name.to_string())
}

/// The plan as `--format markdown` prints it (already redacted as shown).
pub fn plan_markdown(plan: &Plan, args: &MarkdownArgs) -> String {
    markdown_with(plan, &args.options(args.comment()))
}

/// The apply report as `apply --format markdown` prints it (already redacted as shown).
pub fn report_markdown(report: &ApplyReport, plan: &Plan, args: &MarkdownArgs) -> String {
    report::markdown(report, Some(plan), &args.options(args.comment()))
}

/// Writes the plan's Markdown to `--markdown` and `--summary`, masked with `--redact`.
pub fn write_plan(plan: &Plan, output: &OutputArgs) -> Result<()> {
    let args = &output.markdown;
    if args.markdown.is_none() && args.summary.is_none() {
        return Ok(());
    }
    let redacted;
    let plan = if output.redact {
        redacted = redact::redact(plan);
        &redacted
    } else {
        plan
    };
    write(args, |budget| markdown_with(plan, &args.options(budget)))
}

/// Writes the apply report's Markdown to `--markdown` and `--summary`, masked with `--redact`.
pub fn write_report(report: &ApplyReport, plan: Option<&Plan>, output: &OutputArgs) -> Result<()> {
    let args = &output.markdown;
    if args.markdown.is_none() && args.summary.is_none() {
        return Ok(());
    }
    if output.redact {
        let (report, plan) = (redact::redact_value(report), plan.map(redact::redact));
        write(args, |budget| {
            report::markdown(&report, plan.as_ref(), &args.options(budget))
        })
    } else {
        write(args, |budget| {
            report::markdown(report, plan, &args.options(budget))
        })
    }
}

fn write(args: &MarkdownArgs, render: impl Fn(Budget) -> String) -> Result<()> {
    if let Some(path) = &args.markdown {
        std::fs::write(path, render(args.comment()))
            .with_context(|| format!("writing the Markdown to `{}`", path.display()))?;
    }
    if let Some(path) = &args.summary {
        append(path, args, render)
            .with_context(|| format!("appending the Markdown to `{}`", path.display()))?;
    }
    Ok(())
}

/// Appends to a job summary: the limit is the file's (GitHub's is per step), so what it
/// already holds counts.
fn append(path: &Path, args: &MarkdownArgs, render: impl Fn(Budget) -> String) -> Result<()> {
    let held = std::fs::metadata(path).map_or(0, |m| m.len() as usize);
    let separator = if held > 0 { "\n" } else { "" };
    let limit = args.markdown_limit.unwrap_or(Budget::SUMMARY.limit);
    let budget = Budget {
        limit: limit.saturating_sub(held + separator.len()),
        unit: BudgetUnit::Bytes,
    };
    let text = format!("{separator}{}", render(budget));
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    Ok(())
}
