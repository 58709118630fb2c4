//! Pure. The safety threshold on the size of an apply, in the spirit of octoDNS's update
//! threshold: a plan that would change a large share of the managed accounts is refused
//! unless the operator raises the limit.

use super::{Plan, SafetyLimit};

/// Below this many managed accounts there is no default limit (small directories change a
/// large share in ordinary edits).
pub const MIN_MANAGED_FOR_DEFAULT: usize = 10;
/// The default share of managed accounts one apply may change.
pub const DEFAULT_SHARE: f64 = 0.3;

/// The largest number of write calls an apply may make when the operator sets no limit.
pub fn default_max_changes(plan: &Plan) -> Option<usize> {
    let managed: usize = plan.providers.iter().map(|p| p.managed).sum();
    (managed >= MIN_MANAGED_FOR_DEFAULT).then(|| (managed as f64 * DEFAULT_SHARE).ceil() as usize)
}

/// The limit that applies to `plan` (`max_changes`, else the default), and whether the plan
/// exceeds it; `None` when no limit applies.
pub fn limit(plan: &Plan, max_changes: Option<usize>) -> Option<SafetyLimit> {
    let limit = max_changes.or_else(|| default_max_changes(plan))?;
    Some(SafetyLimit {
        limit,
        default: max_changes.is_none(),
        exceeded: plan.changes.len() > limit,
    })
}

/// `the plan changes 40 accounts, more than the safety limit of 30 (30% of the managed
/// accounts)`.
pub fn describe(plan: &Plan, limit: &SafetyLimit) -> String {
    format!(
        "the plan changes {} accounts, more than the safety limit of {}{}",
        plan.changes.len(),
        limit.limit,
        if limit.default {
            format!(" ({:.0}% of the managed accounts)", DEFAULT_SHARE * 100.0)
        } else {
            String::new()
        }
    )
}

/// Refuses a plan with more changes than allowed, saying how to proceed.
pub fn check(plan: &Plan, max_changes: Option<usize>) -> Result<(), String> {
    match limit(plan, max_changes) {
        Some(limit) if limit.exceeded => Err(describe(plan, &limit)),
        _ => Ok(()),
    }
}
