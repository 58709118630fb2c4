//! Pure. The apply report: what happened to every call, as data (JSON via
//! `schemas/report.schema.json`) and as text.

use std::fmt::Write;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What happened to every call of a plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ApplyReport {
    pub format_version: u32,
    /// The fingerprint of the plan that was applied.
    pub plan_fingerprint: String,
    pub calls: Vec<CallReport>,
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
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Outcome {
    Applied,
    Failed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        message: String,
    },
    Skipped {
        reason: String,
    },
}

impl ApplyReport {
    pub fn count(&self, wanted: fn(&Outcome) -> bool) -> usize {
        self.calls.iter().filter(|c| wanted(&c.outcome)).count()
    }

    /// Whether every call was applied.
    pub fn succeeded(&self) -> bool {
        self.calls.iter().all(|c| c.outcome == Outcome::Applied)
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
                "  applied  {head} in {} attempt{}{request}",
                call.attempts,
                if call.attempts == 1 { "" } else { "s" }
            ),
            Outcome::Failed { message, .. } => writeln!(out, "  FAILED   {head}: {message}"),
            Outcome::Skipped { reason } => writeln!(out, "  skipped  {head}: {reason}"),
        };
    }
    let _ = writeln!(
        out,
        "\nApply: {} applied, {} failed, {} skipped",
        report.count(|o| matches!(o, Outcome::Applied)),
        report.count(|o| matches!(o, Outcome::Failed { .. })),
        report.count(|o| matches!(o, Outcome::Skipped { .. })),
    );
    out
}
