//! Edge. `apply --verify`: re-reads the accounts the apply changed and lists the ones whose
//! fields still differ from the values the plan set (the comparison is `plan::verify`).

use anyhow::Result;

use super::observe::{self, Providers};
use crate::engine::report::{ApplyReport, Outcome};
use crate::plan::{Change, Plan, verify};

/// Fetches the accounts of the calls that were applied and compares them with the plan.
pub async fn verify(
    plan: &Plan,
    report: &ApplyReport,
    providers: &Providers,
) -> Result<Vec<String>> {
    let applied: Vec<Change> = plan
        .changes
        .iter()
        .filter(|change| {
            report
                .calls
                .iter()
                .any(|call| call.id == change.id && call.outcome == Outcome::Applied)
        })
        .cloned()
        .collect();
    if applied.is_empty() {
        return Ok(Vec::new());
    }
    let touched = Plan {
        changes: applied,
        ..plan.clone()
    };
    let observed = observe::observe(providers, touched.fetch_needs())
        .await?
        .complete()?;
    Ok(verify::differences(&touched.changes, &observed))
}
