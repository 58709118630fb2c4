//! Pure. Whether a saved plan still holds: each planned account compared with a fresh
//! observation of it. An account that still looks as it did when planned is applied; one that
//! already holds the planned values is already applied (a saved plan run twice); anything else
//! has drifted, and the plan is refused with what was planned and what is there now.

use std::collections::BTreeSet;

use super::Plan;
use crate::model::Value;
use crate::state::ObservedState;

/// What a fresh observation says of a saved plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drift {
    /// Ids of the changes whose accounts already hold the planned values.
    pub already_applied: BTreeSet<usize>,
    /// One line per account that changed since it was planned.
    pub drifted: Vec<String>,
}

/// Compares every change of `plan` with its account in `observed`.
pub fn check(plan: &Plan, observed: &ObservedState) -> Drift {
    let mut drift = Drift::default();
    for change in &plan.changes {
        let Some(remote) = observed.account(&change.provider, &change.remote_id) else {
            drift.drifted.push(format!(
                "`{}` on `{}` no longer exists",
                change.account, change.provider
            ));
            continue;
        };
        let holds_planned = change
            .fields
            .iter()
            .all(|f| remote.fields.get(&f.field).unwrap_or(&Value::Unset) == &f.after);
        if holds_planned {
            drift.already_applied.insert(change.id);
            continue;
        }
        let changed: Vec<String> = change
            .observed
            .iter()
            .filter(|(field, then)| remote.fields.get(field) != then.as_ref())
            .map(|(field, then)| {
                format!(
                    "`{field}` was {} when planned and is {} now",
                    shown(then.as_ref()),
                    shown(remote.fields.get(field))
                )
            })
            .collect();
        if !changed.is_empty() {
            drift.drifted.push(format!(
                "`{}` on `{}` changed since planned: {}",
                change.account,
                change.provider,
                changed.join("; ")
            ));
        }
    }
    drift
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Unset) => "unset".into(),
        Some(value) => format!("`{value}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountKey, Field, FieldKind};
    use crate::plan::{Change, FieldChange};
    use crate::state::{ObservedAccount, ObservedProvider};

    fn plan(before: &str, after: &str) -> Plan {
        let name = Field::known(FieldKind::DisplayName);
        Plan {
            format_version: 2,
            fingerprint: String::new(),
            providers: Vec::new(),
            changes: vec![Change {
                id: 1,
                provider: "cic".into(),
                action: "UpdateUser".into(),
                person: "alice".into(),
                account: "alice".into(),
                remote_id: "u-1".into(),
                fields: vec![FieldChange {
                    field: name.clone(),
                    before: Some(Value::text(before)),
                    after: Value::text(after),
                }],
                params: Default::default(),
                after: Vec::new(),
                observed: [(name, Some(Value::text(before)))].into(),
                origin: Default::default(),
                pending: false,
            }],
            problems: Vec::new(),
            safety: None,
            base: None,
            warnings: Vec::new(),
        }
    }

    fn observed(name: Option<&str>) -> ObservedState {
        let accounts = name
            .map(|name| ObservedAccount {
                remote_id: "u-1".into(),
                keys: vec![AccountKey::UserId("u-1".into())],
                fields: [(Field::known(FieldKind::DisplayName), Value::text(name))].into(),
                locked: None,
            })
            .into_iter()
            .collect();
        ObservedState {
            providers: [(
                "cic".to_string(),
                ObservedProvider {
                    accounts,
                    ..Default::default()
                },
            )]
            .into(),
        }
    }

    #[test]
    fn an_account_as_planned_is_neither_applied_nor_drifted() {
        assert_eq!(
            check(&plan("Alice", "Alice Liu"), &observed(Some("Alice"))),
            Drift::default()
        );
    }

    #[test]
    fn an_account_holding_the_planned_values_is_already_applied() {
        let drift = check(&plan("Alice", "Alice Liu"), &observed(Some("Alice Liu")));
        assert_eq!(drift.already_applied, BTreeSet::from([1]));
        assert!(drift.drifted.is_empty());
    }

    #[test]
    fn a_drifted_account_shows_the_planned_and_the_current_value() {
        let drift = check(&plan("Alice", "Alice Liu"), &observed(Some("Alicia")));
        assert_eq!(
            drift.drifted,
            [
                "`alice` on `cic` changed since planned: `display_name` was `Alice` when planned and is `Alicia` now"
            ]
        );
        let gone = check(&plan("Alice", "Alice Liu"), &observed(None));
        assert_eq!(gone.drifted, ["`alice` on `cic` no longer exists"]);
    }
}
