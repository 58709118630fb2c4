//! Pure. What a pull request changes, apart from what was already pending: the plan of the
//! pull request's manifest held against the plan of the base branch's manifest (both from the
//! same observation). A change the base branch's plan makes too (the same call, with the same
//! parameters) is already pending — drift, or a merge not applied yet — and so is a problem the
//! base branch's plan has too; everything else is brought by the pull request.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Change, Plan, Problem};
use crate::state::DesiredState;

/// The base branch's plan as the pull request's plan sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BaseComparison {
    /// The fingerprint of the base branch's plan.
    pub fingerprint: String,
    /// Calls the base branch's plan makes that this plan does not make as they are: the pull
    /// request cancels or alters them.
    pub superseded: usize,
}

/// `desired` restricted to the providers `to` declares (a provider the pull request removes
/// is not compared).
pub fn restricted(desired: &DesiredState, to: &DesiredState) -> DesiredState {
    DesiredState {
        providers: desired
            .providers
            .iter()
            .filter(|(name, _)| to.providers.contains_key(*name))
            .map(|(name, provider)| (name.clone(), provider.clone()))
            .collect(),
        accounts: desired
            .accounts
            .iter()
            .filter(|account| to.providers.contains_key(account.provider.as_str()))
            .cloned()
            .collect(),
    }
}

/// `plan` with every change and problem the base branch's plan has too marked `pending`.
pub fn mark_pending(mut plan: Plan, base: &Plan) -> Plan {
    let base_calls: BTreeSet<String> = base.changes.iter().map(call_key).collect();
    let base_problems: BTreeSet<String> = base.problems.iter().map(problem_key).collect();
    let mut kept = 0;
    for change in &mut plan.changes {
        change.pending = base_calls.contains(&call_key(change));
        kept += usize::from(change.pending);
    }
    for problem in &mut plan.problems {
        problem.pending = base_problems.contains(&problem_key(problem));
    }
    plan.base = Some(BaseComparison {
        fingerprint: base.fingerprint.clone(),
        superseded: base.changes.len() - kept,
    });
    plan
}

/// A call as the provider sees it: provider, action, and the exact parameters.
fn call_key(change: &Change) -> String {
    format!(
        "{}\u{0}{}\u{0}{}",
        change.provider,
        change.action,
        serde_json::Value::Object(change.params.clone())
    )
}

/// A problem without where the manifest says it (the two manifests' lines differ).
fn problem_key(problem: &Problem) -> String {
    format!(
        "{}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{}",
        problem.provider, problem.account, problem.kind, problem.field, problem.message
    )
}

impl Plan {
    /// Whether some change is brought by the pull request (not already pending).
    pub fn has_own_changes(&self) -> bool {
        self.changes.iter().any(|change| !change.pending)
    }

    /// Whether some problem is brought by the pull request (not already pending).
    pub fn has_own_problems(&self) -> bool {
        self.problems.iter().any(|problem| !problem.pending)
    }
}
