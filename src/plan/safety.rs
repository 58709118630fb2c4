//! Pure. The safety threshold on the size of an apply, in the spirit of octoDNS's update
//! threshold: a plan that would change a large share of the managed accounts is refused
//! unless the operator raises the limit.

use super::Plan;

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

/// Refuses a plan with more changes than allowed, saying how to proceed.
pub fn check(plan: &Plan, max_changes: Option<usize>) -> Result<(), String> {
    let limit = max_changes.or_else(|| default_max_changes(plan));
    match limit {
        Some(limit) if plan.changes.len() > limit => Err(format!(
            "the plan changes {} accounts, more than the safety limit of {limit}{}",
            plan.changes.len(),
            if max_changes.is_none() {
                format!(" ({:.0}% of the managed accounts)", DEFAULT_SHARE * 100.0)
            } else {
                String::new()
            }
        )),
        _ => Ok(()),
    }
}
