//! Pure. Uniqueness and ordering: predicts, before anything is sent, which changes would take
//! a unique value (a phone, an email, a username) that another account holds. When the holder
//! is itself changing away from it, the change waits for the holder's (swaps and chains); when
//! the holder keeps it, or the accounts want each other's values in a cycle, it is a problem.

use std::collections::{BTreeMap, BTreeSet};

use super::diff::problem;
use super::{Change, Problem, ProblemKind};
use crate::model::Field;
use crate::providers;
use crate::state::{DesiredState, ObservedState};

/// Why a change cannot be made: kind, field, message, hint, by change index.
type Blocked = BTreeMap<usize, (ProblemKind, Option<Field>, String, Option<String>)>;

/// Orders `changes` so that each one comes after the changes it waits for, numbers them, and
/// moves the ones that cannot succeed to `problems`.
pub fn order(
    changes: Vec<Change>,
    desired: &DesiredState,
    observed: &ObservedState,
    problems: &mut Vec<Problem>,
) -> Vec<Change> {
    let mut waits: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); changes.len()];
    let mut blocked: Blocked = BTreeMap::new();
    for (index, change) in changes.iter().enumerate() {
        let Some(provider) = desired.providers.get(&change.provider) else {
            continue;
        };
        let spec = providers::spec(provider.config.provider_type);
        let remote = observed.providers.get(&change.provider);
        for kind in spec.unique {
            let field = Field::known(*kind);
            let Some(wanted) = change
                .fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| &f.after)
            else {
                continue;
            };
            let holder = remote
                .into_iter()
                .flat_map(|r| &r.accounts)
                .find(|account| {
                    account.remote_id != change.remote_id
                        && account.fields.get(&field) == Some(wanted)
                });
            let Some(holder) = holder else { continue };
            let releasing = changes.iter().position(|other| {
                other.provider == change.provider
                    && other.remote_id == holder.remote_id
                    && other
                        .fields
                        .iter()
                        .any(|f| f.field == field && &f.after != wanted)
            });
            match releasing {
                Some(other) => {
                    waits[index].insert(other);
                }
                None => {
                    let managed_by = desired
                        .accounts
                        .iter()
                        .find(|a| a.provider == change.provider && holder.matches(&a.key));
                    let (message, hint) = match managed_by {
                        Some(person) => (
                            format!(
                                "`{field}` `{wanted}` is held by `{}` (managed as `{}`), which keeps it",
                                holder.label(),
                                person.person
                            ),
                            "give one of the two another value in the manifest",
                        ),
                        None => (
                            format!(
                                "`{field}` `{wanted}` is held by `{}`, an account the manifest does not manage",
                                holder.label()
                            ),
                            "free the value on that account first, or choose another value",
                        ),
                    };
                    blocked.insert(
                        index,
                        (
                            ProblemKind::Conflict,
                            Some(field.clone()),
                            message,
                            Some(hint.into()),
                        ),
                    );
                }
            }
        }
    }
    mark_cycles(&changes, &waits, &mut blocked);
    cascade(&changes, &waits, &mut blocked);
    for (index, (kind, field, message, hint)) in &blocked {
        let change = &changes[*index];
        if let Some(account) = desired
            .accounts
            .iter()
            .find(|a| a.provider == change.provider && a.person == change.person)
        {
            problems.push(problem(
                account,
                *kind,
                field.as_ref(),
                message.clone(),
                hint.clone(),
            ));
        }
    }
    sorted(changes, &waits, &blocked)
}

/// Changes that wait on each other in a ring can never all succeed.
fn mark_cycles(changes: &[Change], waits: &[BTreeSet<usize>], blocked: &mut Blocked) {
    for start in 0..changes.len() {
        let mut path = vec![start];
        let mut current = start;
        // Each change waits on at most one other per unique field; follow the first.
        while let Some(&next) = waits[current].iter().next() {
            if next == start {
                let names: Vec<String> = path
                    .iter()
                    .map(|i| format!("`{}`", changes[*i].person))
                    .collect();
                blocked.entry(start).or_insert((
                    ProblemKind::Cycle,
                    None,
                    format!("{} want each other's unique values, so no order of calls can succeed", names.join(" → ")),
                    Some("apply in two steps: first give one of them a temporary value in the manifest, apply, then set the final values".into()),
                ));
                break;
            }
            if path.contains(&next) {
                break;
            }
            path.push(next);
            current = next;
        }
    }
}

/// A change that waits for a blocked change is blocked too.
fn cascade(changes: &[Change], waits: &[BTreeSet<usize>], blocked: &mut Blocked) {
    loop {
        let newly: Vec<(usize, usize)> = (0..changes.len())
            .filter(|i| !blocked.contains_key(i))
            .filter_map(|i| {
                waits[i]
                    .iter()
                    .find(|w| blocked.contains_key(w))
                    .map(|w| (i, *w))
            })
            .collect();
        if newly.is_empty() {
            return;
        }
        for (index, waited) in newly {
            blocked.insert(
                index,
                (
                    ProblemKind::Blocked,
                    None,
                    format!(
                        "waits for `{}` to release a value, and that change cannot be made",
                        changes[waited].person
                    ),
                    None,
                ),
            );
        }
    }
}

/// Keeps the unblocked changes, in an order where every change follows the ones it waits
/// for (ties broken by plan order), numbered from 1.
fn sorted(changes: Vec<Change>, waits: &[BTreeSet<usize>], blocked: &Blocked) -> Vec<Change> {
    let mut placed: Vec<usize> = Vec::new();
    let mut remaining: Vec<usize> = (0..changes.len())
        .filter(|i| !blocked.contains_key(i))
        .collect();
    while !remaining.is_empty() {
        let ready = remaining
            .iter()
            .position(|i| waits[*i].iter().all(|w| placed.contains(w)))
            .unwrap_or(0);
        placed.push(remaining.remove(ready));
    }
    let new_id: BTreeMap<usize, usize> = placed
        .iter()
        .enumerate()
        .map(|(pos, old)| (*old, pos + 1))
        .collect();
    let mut slots: Vec<Option<Change>> = changes.into_iter().map(Some).collect();
    placed
        .iter()
        .map(|old| {
            let mut change = slots[*old].take().expect("each change is placed once");
            change.id = new_id[old];
            change.after = waits[*old].iter().map(|w| new_id[w]).collect();
            change
        })
        .collect()
}
