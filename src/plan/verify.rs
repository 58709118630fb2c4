//! Pure. `apply --verify`'s comparison: the changes that were applied held against a fresh
//! observation of their accounts, one line per account whose changed fields do not hold the
//! values the plan set.

use super::Change;
use crate::model::Value;
use crate::state::ObservedState;

/// One line per account whose changed fields do not hold the values the plan set.
pub fn differences(changes: &[Change], observed: &ObservedState) -> Vec<String> {
    let mut lines = Vec::new();
    for change in changes {
        let Some(remote) = observed.account(&change.provider, &change.remote_id) else {
            lines.push(format!(
                "`{}` on `{}` was not found when verifying",
                change.account, change.provider
            ));
            continue;
        };
        let wrong: Vec<String> = change
            .fields
            .iter()
            .filter_map(|f| {
                let have = remote.fields.get(&f.field).unwrap_or(&Value::Unset);
                (have != &f.after).then(|| format!("`{}` is `{have}`, not `{}`", f.field, f.after))
            })
            .collect();
        if !wrong.is_empty() {
            lines.push(format!(
                "`{}` on `{}`: {}",
                change.account,
                change.provider,
                wrong.join(", ")
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountKey, Field, FieldKind};
    use crate::plan::FieldChange;
    use crate::state::{ObservedAccount, ObservedProvider};

    fn change(remote_id: &str, after: &str) -> Change {
        Change {
            id: 1,
            provider: "cic".into(),
            action: "UpdateUser".into(),
            person: remote_id.into(),
            account: remote_id.into(),
            remote_id: remote_id.into(),
            fields: vec![FieldChange {
                field: Field::known(FieldKind::DisplayName),
                before: None,
                after: Value::text(after),
            }],
            params: Default::default(),
            after: Vec::new(),
            observed: Default::default(),
            origin: Default::default(),
            pending: false,
        }
    }

    fn observed(name: &str) -> ObservedState {
        let account = ObservedAccount {
            remote_id: "u-1".into(),
            keys: vec![AccountKey::UserId("u-1".into())],
            fields: [(Field::known(FieldKind::DisplayName), Value::text(name))].into(),
            locked: None,
        };
        let provider = ObservedProvider {
            accounts: vec![account],
            ..Default::default()
        };
        ObservedState {
            providers: [("cic".to_string(), provider)].into(),
        }
    }

    #[test]
    fn an_account_holding_the_planned_values_is_verified() {
        assert!(differences(&[change("u-1", "Alice Liu")], &observed("Alice Liu")).is_empty());
    }

    #[test]
    fn a_field_that_did_not_take_the_planned_value_is_listed() {
        let lines = differences(&[change("u-1", "Alice Liu")], &observed("Alice"));
        assert_eq!(
            lines,
            ["`u-1` on `cic`: `display_name` is `Alice`, not `Alice Liu`"]
        );
    }

    #[test]
    fn an_account_gone_after_the_apply_is_listed() {
        let lines = differences(&[change("u-9", "Bob")], &observed("Alice"));
        assert_eq!(lines, ["`u-9` on `cic` was not found when verifying"]);
    }
}
