//! Pure. Uniqueness and ordering: predicts, before anything is sent, which changes would take
//! a unique value (a phone, an email, a username) that another account holds, comparing values
//! as the services do (emails and user names without case). When the holder is itself changing
//! away from it, the change waits for the holder's (chains); when the holder keeps it, or the
//! accounts want each other's values in a cycle (a swap), it is a problem. A forwarding to a
//! unique value (an extension) that another change gives an agent waits for that change, as the
//! service checks the target when the forwarding is set. Changes withheld because their account
//! has a problem block what waits for them. Linear in the number of accounts and changes
//! (indexes, not scans).

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use super::{Change, Problem, ProblemKind};
use crate::model::{Field, Target, Value};
use crate::providers;
use crate::providers::forwarding::{ENABLED, TO};
use crate::state::{DesiredAccount, DesiredState, ObservedAccount, ObservedState};

/// Why a change cannot be made.
struct Blocker {
    /// Already reported (the account's own problem); only what waits for it is added.
    reported: bool,
    kind: ProblemKind,
    field: Option<Field>,
    message: String,
    hint: Option<String>,
}

/// Blockers by change index.
type Blocked = BTreeMap<usize, Blocker>;

/// Orders `changes` so that each one comes after the changes it waits for, numbers them, and
/// moves the ones that cannot succeed to `problems`.
pub fn order(
    changes: Vec<Change>,
    withheld: &BTreeSet<usize>,
    desired: &DesiredState,
    observed: &ObservedState,
    problems: &mut Vec<Problem>,
) -> Vec<Change> {
    let managed: HashMap<(&str, &str), &DesiredAccount> = desired
        .accounts
        .iter()
        .map(|a| ((a.provider.as_str(), a.person.as_str()), a))
        .collect();
    let mut blocked = Blocked::new();
    for index in withheld {
        blocked.insert(
            *index,
            Blocker {
                reported: true,
                kind: ProblemKind::Blocked,
                field: None,
                message: String::new(),
                hint: None,
            },
        );
    }
    let waits = dependencies(&changes, desired, observed, &mut blocked);
    mark_cycles(&changes, &waits, &mut blocked);
    cascade(&changes, &waits, &mut blocked);
    for (index, blocker) in blocked.iter().filter(|(_, b)| !b.reported) {
        let change = &changes[*index];
        if let Some(account) = managed.get(&(change.provider.as_str(), change.person.as_str())) {
            problems.push(Problem::of(
                account,
                blocker.kind,
                blocker.field.as_ref(),
                blocker.message.clone(),
                blocker.hint.clone(),
            ));
        }
    }
    sorted(changes, &waits, &blocked)
}

/// For each change, the changes it must wait for; conflicts go to `blocked`.
fn dependencies(
    changes: &[Change],
    desired: &DesiredState,
    observed: &ObservedState,
    blocked: &mut Blocked,
) -> Vec<BTreeSet<usize>> {
    // Which change takes each unique value.
    let mut takers: HashMap<(&str, Field, Value), usize> = HashMap::new();
    for (index, change) in changes.iter().enumerate() {
        let Some(provider) = desired.providers.get(&change.provider) else {
            continue;
        };
        let table = providers::table(provider.config.provider_type);
        let unique = change
            .fields
            .iter()
            .filter(|f| f.field.custom.is_none() && table.is_unique(f.field.kind));
        for f in unique {
            let value = f.after.folded(f.field.kind);
            takers.insert((change.provider.as_str(), f.field.clone(), value), index);
        }
    }
    // Who holds each unique value a change takes, now (as the service compares it): only
    // those, not every value of every account of a large directory.
    let mut holders: HashMap<(&str, &Field, Value), &ObservedAccount> = HashMap::new();
    for (name, provider) in &desired.providers {
        let table = providers::table(provider.config.provider_type);
        for account in observed
            .providers
            .get(name)
            .into_iter()
            .flat_map(|p| &p.accounts)
        {
            for (field, value) in &account.fields {
                if field.custom.is_none() && table.is_unique(field.kind) {
                    let key = (name.as_str(), field.clone(), value.folded(field.kind));
                    if takers.contains_key(&key) {
                        holders.insert((key.0, field, key.2), account);
                    }
                }
            }
        }
    }
    // Which change addresses each remote account.
    let by_remote: HashMap<(&str, &str), usize> = changes
        .iter()
        .enumerate()
        .map(|(index, c)| ((c.provider.as_str(), c.remote_id.as_str()), index))
        .collect();
    let mut waits = vec![BTreeSet::new(); changes.len()];
    for (index, change) in changes.iter().enumerate() {
        let Some(provider) = desired.providers.get(&change.provider) else {
            continue;
        };
        let table = providers::table(provider.config.provider_type);
        if let Some((kind, value)) = forwarding_target(change) {
            let key = (
                change.provider.as_str(),
                Field::known(kind),
                value.folded(kind),
            );
            if let Some(taker) = takers.get(&key).filter(|taker| **taker != index) {
                waits[index].insert(*taker);
            }
        }
        for wanted in change
            .fields
            .iter()
            .filter(|f| f.field.custom.is_none() && table.is_unique(f.field.kind))
        {
            let field = &wanted.field;
            let folded = wanted.after.folded(field.kind);
            let Some(holder) = holders.get(&(change.provider.as_str(), field, folded.clone()))
            else {
                continue;
            };
            if holder.remote_id == change.remote_id {
                continue;
            }
            let releasing = by_remote
                .get(&(change.provider.as_str(), holder.remote_id.as_str()))
                .filter(|other| {
                    changes[**other]
                        .fields
                        .iter()
                        .any(|f| &f.field == field && f.after.folded(field.kind) != folded)
                });
            if let Some(other) = releasing {
                waits[index].insert(*other);
                continue;
            }
            let managed_by = desired
                .accounts
                .iter()
                .find(|a| a.provider == change.provider && holder.matches(&a.key));
            let message = match managed_by {
                Some(person) => format!(
                    "`{field}` `{}` is held by `{}` (managed as `{}`), which keeps it",
                    wanted.after,
                    holder.label(),
                    person.person
                ),
                None => format!(
                    "`{field}` `{}` is held by `{}`, an account the manifest does not manage",
                    wanted.after,
                    holder.label()
                ),
            };
            let hint = match managed_by {
                Some(_) => "give one of the two another value in the manifest",
                None => "free the value on that account first, or choose another value",
            };
            blocked.insert(
                index,
                Blocker {
                    reported: false,
                    kind: ProblemKind::Conflict,
                    field: Some(field.clone()),
                    message,
                    hint: Some(hint.into()),
                },
            );
        }
    }
    waits
}

/// The unique value an enabled forwarding the change sends targets (its `to` as changed, or as
/// observed when the change does not set it).
fn forwarding_target(change: &Change) -> Option<(crate::model::FieldKind, Value)> {
    let kind = change
        .fields
        .iter()
        .find(|f| f.field.part_name().is_some())?
        .field
        .kind;
    let part = |name: &str| {
        let field = Field::part(kind, name);
        change
            .fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| &f.after)
            .or_else(|| change.observed.get(&field).and_then(Option::as_ref))
    };
    if part(ENABLED) != Some(&Value::Bool(true)) {
        return None;
    }
    Target::of(part(TO)?)?.unique_value()
}

/// Changes that wait on each other in a ring can never all succeed: every change in a
/// strongly connected component of more than one change (or waiting on itself) is blocked.
fn mark_cycles(changes: &[Change], waits: &[BTreeSet<usize>], blocked: &mut Blocked) {
    for component in strongly_connected(waits) {
        let cyclic = component.len() > 1 || waits[component[0]].contains(&component[0]);
        if !cyclic {
            continue;
        }
        let mut members = component.clone();
        members.sort();
        let names: Vec<String> = members
            .iter()
            .map(|i| format!("`{}`", changes[*i].person))
            .collect();
        for index in members {
            blocked.entry(index).or_insert(Blocker {
                reported: false,
                kind: ProblemKind::Cycle,
                field: None,
                message: format!(
                    "{} want each other's unique values, so no order of calls can succeed",
                    names.join(", ")
                ),
                hint: Some("apply in two steps: first give one of them a temporary value in the manifest, apply, then set the final values".into()),
            });
        }
    }
}

/// Kosaraju's algorithm, iterative (chains can be as long as the directory).
fn strongly_connected(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    let count = edges.len();
    let mut finished = Vec::with_capacity(count);
    let mut seen = vec![false; count];
    for start in 0..count {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack: Vec<(usize, Vec<usize>)> =
            vec![(start, edges[start].iter().copied().collect())];
        while let Some((node, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(next) if !seen[next] => {
                    seen[next] = true;
                    stack.push((next, edges[next].iter().copied().collect()));
                }
                Some(_) => {}
                None => {
                    finished.push(*node);
                    stack.pop();
                }
            }
        }
    }
    let mut reverse = vec![Vec::new(); count];
    for (from, targets) in edges.iter().enumerate() {
        for to in targets {
            reverse[*to].push(from);
        }
    }
    let mut component_of = vec![usize::MAX; count];
    let mut components = Vec::new();
    for start in finished.into_iter().rev() {
        if component_of[start] != usize::MAX {
            continue;
        }
        let mut component = Vec::new();
        let mut stack = vec![start];
        component_of[start] = components.len();
        while let Some(node) = stack.pop() {
            component.push(node);
            for from in &reverse[node] {
                if component_of[*from] == usize::MAX {
                    component_of[*from] = components.len();
                    stack.push(*from);
                }
            }
        }
        components.push(component);
    }
    components
}

/// A change that waits for a blocked change is blocked too (transitively).
fn cascade(changes: &[Change], waits: &[BTreeSet<usize>], blocked: &mut Blocked) {
    let mut waiting_on: Vec<Vec<usize>> = vec![Vec::new(); changes.len()];
    for (index, targets) in waits.iter().enumerate() {
        for target in targets {
            waiting_on[*target].push(index);
        }
    }
    let mut queue: Vec<usize> = blocked.keys().copied().collect();
    while let Some(cause) = queue.pop() {
        for dependent in &waiting_on[cause] {
            if blocked.contains_key(dependent) {
                continue;
            }
            blocked.insert(
                *dependent,
                Blocker {
                    reported: false,
                    kind: ProblemKind::Blocked,
                    field: None,
                    message: format!(
                        "waits for the change of `{}`, and that change cannot be made",
                        changes[cause].person
                    ),
                    hint: None,
                },
            );
            queue.push(*dependent);
        }
    }
}

/// Keeps the unblocked changes, in an order where every change follows the ones it waits
/// for (Kahn's algorithm; ties broken by plan order), numbered from 1.
fn sorted(changes: Vec<Change>, waits: &[BTreeSet<usize>], blocked: &Blocked) -> Vec<Change> {
    let mut pending: Vec<usize> = waits.iter().map(BTreeSet::len).collect();
    let mut waiting_on: Vec<Vec<usize>> = vec![Vec::new(); changes.len()];
    for (index, targets) in waits.iter().enumerate() {
        for target in targets {
            waiting_on[*target].push(index);
        }
    }
    let mut ready: BTreeSet<usize> = (0..changes.len())
        .filter(|i| pending[*i] == 0 && !blocked.contains_key(i))
        .collect();
    let mut placed = Vec::with_capacity(changes.len());
    while let Some(next) = ready.pop_first() {
        placed.push(next);
        for dependent in &waiting_on[next] {
            pending[*dependent] -= 1;
            if pending[*dependent] == 0 && !blocked.contains_key(dependent) {
                ready.insert(*dependent);
            }
        }
    }
    let new_id: HashMap<usize, usize> = placed
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
