//! Edge. Applies a plan's calls in plan order: a call whose prerequisite (`after`) did not
//! succeed is skipped, not sent; a failure does not stop independent calls. Every call ends
//! in the report. Pacing and retries live in the provider clients' transport.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Provider;
use crate::call_error::CallError;
use crate::plan::Plan;

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

/// Sends every call of `plan` through the provider of the same name.
pub async fn apply(plan: &Plan, providers: &BTreeMap<String, Box<dyn Provider>>) -> ApplyReport {
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
