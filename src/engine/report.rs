//! Pure. The apply report: what happened to every call, as data (JSON via
//! `schemas/report.schema.json`), as text, and as Markdown (`report/markdown.rs`).

mod markdown;

pub use markdown::markdown;

use std::fmt::Write;

use crate::plan::Problem;
use crate::plan::render::counted;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What happened to every call of a plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ApplyReport {
    pub format_version: u32,
    /// The fingerprint of the plan that was applied.
    pub plan_fingerprint: String,
    /// Ctrl-C or SIGTERM stopped the apply; calls not started are skipped as `interrupted`.
    #[serde(default)]
    pub interrupted: bool,
    /// Wall time of the apply, in seconds.
    #[serde(default)]
    pub elapsed_seconds: f64,
    /// The counts a scheduled job reads first (whether everything asked for was done, and how
    /// many calls ended each way); made from the rest by [`ApplyReport::summarise`] when the
    /// report is shown or written.
    #[serde(default)]
    pub summary: Summary,
    /// With `--verify`: what still differs from the plan after applying, one line per
    /// account (empty when everything matches). Absent without `--verify`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_differences: Option<Vec<String>>,
    /// Every call of the plan, in plan order.
    pub calls: Vec<CallReport>,
    /// Accounts not written because the plan has a problem with them (and changes blocked by
    /// those); every other call went ahead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// Why the apply stopped before sending what it could (an invalid manifest, missing
    /// credentials, an unreachable provider, a drifted saved plan, the safety limit…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What an apply came to, in numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Everything asked for was done (the exit code is 0): see [`ApplyReport::succeeded`].
    pub succeeded: bool,
    pub applied: usize,
    /// A saved plan's calls whose accounts already held the planned values.
    pub already_applied: usize,
    pub failed: usize,
    /// Given up without reaching the provider (unreachable, or interrupted before its turn).
    pub not_sent: usize,
    pub skipped: usize,
    /// Problems of the plan: their accounts were not written.
    pub problems: usize,
}

/// One call's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CallReport {
    pub id: usize,
    pub provider: String,
    pub action: String,
    pub person: String,
    pub account: String,
    pub remote_id: String,
    pub outcome: Outcome,
    /// Attempts made, retries included (0 when it was never sent).
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Outcome {
    Applied,
    /// A saved plan's call whose account already holds the planned values: not sent again.
    AlreadyApplied,
    Failed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        message: String,
    },
    Skipped {
        reason: String,
    },
    /// Given up without reaching the provider: it could not be reached (repeated connection
    /// failures opened its circuit breaker), so nothing of this call was sent. `attempts`
    /// counts the connection attempts that failed (often 0).
    NotSent {
        reason: String,
    },
}

impl CallReport {
    /// What happened to `change`.
    pub fn of(
        change: &crate::plan::Change,
        outcome: Outcome,
        attempts: u32,
        request_id: Option<String>,
    ) -> CallReport {
        CallReport {
            id: change.id,
            provider: change.provider.clone(),
            action: change.action.clone(),
            person: change.person.clone(),
            account: change.account.clone(),
            remote_id: change.remote_id.clone(),
            outcome,
            attempts,
            request_id,
        }
    }
}

impl Outcome {
    /// A word or two: `applied`, `failed`, `skipped` or `not sent`.
    pub fn summary(&self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::AlreadyApplied => "already applied",
            Outcome::Failed { .. } => "failed",
            Outcome::Skipped { .. } => "skipped",
            Outcome::NotSent { .. } => "not sent",
        }
    }
}

impl ApplyReport {
    pub fn count(&self, wanted: fn(&Outcome) -> bool) -> usize {
        self.calls.iter().filter(|c| wanted(&c.outcome)).count()
    }

    /// Fills [`ApplyReport::summary`] from the calls, problems and error.
    pub fn summarise(&mut self) {
        self.summary = Summary {
            succeeded: self.succeeded(),
            applied: self.count(|o| matches!(o, Outcome::Applied)),
            already_applied: self.count(|o| matches!(o, Outcome::AlreadyApplied)),
            failed: self.count(|o| matches!(o, Outcome::Failed { .. })),
            not_sent: self.count(|o| matches!(o, Outcome::NotSent { .. })),
            skipped: self.count(|o| matches!(o, Outcome::Skipped { .. })),
            problems: self.problems.len(),
        };
    }

    /// Whether everything asked for was done: every call applied (or already applied), no
    /// account held back by a problem, no error, and with `--verify` nothing still differs.
    pub fn succeeded(&self) -> bool {
        self.calls
            .iter()
            .all(|c| matches!(c.outcome, Outcome::Applied | Outcome::AlreadyApplied))
            && self.problems.is_empty()
            && self.error.is_none()
            && self.verify_differences.as_ref().is_none_or(Vec::is_empty)
    }
}

/// The report as text: one line per call, then the counts.
pub fn text(report: &ApplyReport) -> String {
    let mut out = String::new();
    for call in &report.calls {
        let head = format!(
            "#{} {} {} {} ({})",
            call.id, call.provider, call.action, call.person, call.account
        );
        let request = call
            .request_id
            .as_ref()
            .map(|id| format!(", request id {id}"))
            .unwrap_or_default();
        let _ = match &call.outcome {
            Outcome::Applied => writeln!(
                out,
                "  applied  {head} in {}{request}",
                counted(call.attempts as usize, "attempt")
            ),
            Outcome::Failed { message, .. } => writeln!(
                out,
                "  FAILED   {head} after {}: {message}",
                counted(call.attempts as usize, "attempt")
            ),
            Outcome::AlreadyApplied => writeln!(out, "  already  {head}: holds the planned values"),
            Outcome::Skipped { reason } => writeln!(out, "  skipped  {head}: {reason}"),
            Outcome::NotSent { reason } => writeln!(out, "  NOT SENT {head}: {reason}"),
        };
    }
    for problem in &report.problems {
        let _ = writeln!(
            out,
            "  held     {} {} ({}): [{}] {}",
            problem.provider,
            problem.person,
            problem.account,
            problem.kind.as_str(),
            problem.message
        );
    }
    if let Some(differences) = &report.verify_differences {
        let _ = writeln!(out);
        for line in differences {
            let _ = writeln!(out, "  DIFFERS  {line}");
        }
        if differences.is_empty() {
            let _ = writeln!(out, "Verify: every account applied matches the plan");
        }
    }
    let already = report.count(|o| matches!(o, Outcome::AlreadyApplied));
    let held = if report.problems.is_empty() {
        String::new()
    } else {
        format!(
            ", {} held back by problems",
            counted(report.problems.len(), "account")
        )
    };
    let not_sent = match report.count(|o| matches!(o, Outcome::NotSent { .. })) {
        0 => String::new(),
        count => format!(", {count} not sent"),
    };
    let _ = writeln!(
        out,
        "\nApply: {} applied, {} failed{not_sent}, {} skipped{}{held}{} in {:.1} s",
        report.count(|o| matches!(o, Outcome::Applied)),
        report.count(|o| matches!(o, Outcome::Failed { .. })),
        report.count(|o| matches!(o, Outcome::Skipped { .. })),
        if already > 0 {
            format!(", {already} already applied")
        } else {
            String::new()
        },
        if report.interrupted {
            " (interrupted)"
        } else {
            ""
        },
        report.elapsed_seconds,
    );
    if !report.succeeded() {
        let _ = writeln!(out, "Apply completed with errors");
    }
    out
}
