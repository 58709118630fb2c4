//! Edge. Applies a plan's calls in plan order: a call whose prerequisite (`after`) did not
//! succeed is skipped, not sent; a failure does not stop independent calls. Every call ends
//! in the report. Pacing and retries live in the provider clients' transport.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::Provider;
use super::report::{ApplyReport, CallReport, Outcome};
use crate::call_error::CallError;
use crate::plan::Plan;

/// Sends every call of `plan` through the provider of the same name.
pub async fn apply(plan: &Plan, providers: &BTreeMap<String, Arc<dyn Provider>>) -> ApplyReport {
    let mut report = ApplyReport {
        format_version: crate::plan::PLAN_FORMAT_VERSION,
        plan_fingerprint: plan.fingerprint.clone(),
        calls: Vec::new(),
    };
    let mut done: BTreeSet<usize> = BTreeSet::new();
    for change in &plan.changes {
        let mut call = CallReport {
            id: change.id,
            provider: change.provider.clone(),
            action: change.action.clone(),
            person: change.person.clone(),
            account: change.account.clone(),
            remote_id: change.remote_id.clone(),
            outcome: Outcome::Applied,
            attempts: 0,
            request_id: None,
        };
        if let Some(missing) = change.after.iter().find(|id| !done.contains(id)) {
            call.outcome = Outcome::Skipped {
                reason: format!(
                    "call #{missing}, which releases a value this one takes, did not succeed"
                ),
            };
        } else if let Some(provider) = providers.get(&change.provider) {
            tracing::info!(provider = %change.provider, action = %change.action, account = %change.account, "sending");
            match provider.write(change).await {
                Ok(outcome) => {
                    call.attempts = outcome.attempts;
                    call.request_id = outcome.request_id;
                    done.insert(change.id);
                }
                Err(error) => {
                    call.attempts = 1;
                    call.request_id = error.request_id().map(str::to_string);
                    call.outcome = failed(&error);
                }
            }
        } else {
            call.outcome = Outcome::Skipped {
                reason: format!("provider `{}` is not configured", change.provider),
            };
        }
        report.calls.push(call);
    }
    report
}

fn failed(error: &CallError) -> Outcome {
    Outcome::Failed {
        code: error.code().map(str::to_string),
        message: error.to_string(),
    }
}
