//! Pure. Whether a saved plan still holds: the planned accounts compared with a fresh
//! observation of them, one line per account that no longer looks as it did when planned.

use super::Plan;
use crate::state::ObservedState;

/// One line per planned account that no longer looks as it did when planned.
pub fn drifted(plan: &Plan, observed: &ObservedState) -> Vec<String> {
    let mut lines = Vec::new();
    for change in &plan.changes {
        let Some(remote) = observed.account(&change.provider, &change.remote_id) else {
            lines.push(format!(
                "`{}` on `{}` no longer exists",
                change.account, change.provider
            ));
            continue;
        };
        let changed: Vec<String> = change
            .observed
            .iter()
            .filter(|(field, then)| remote.fields.get(*field) != then.as_ref())
            .map(|(field, _)| format!("`{field}`"))
            .collect();
        if !changed.is_empty() {
            lines.push(format!(
                "`{}` on `{}` changed since planned: {}",
                change.account,
                change.provider,
                changed.join(", ")
            ));
        }
    }
    lines
}
