//! Pure. The order of an apply: which calls may start (every `after` prerequisite
//! succeeded), and which can never start (a prerequisite failed or was skipped, so they are
//! skipped in turn, transitively). Calls are addressed by their index in `plan.changes`.
//! Knows nothing of providers, time or I/O; the executor (`apply.rs`) drives it.

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::Change;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Prerequisites still to succeed.
    Waiting(usize),
    Ready,
    Started,
    Finished,
}

/// Why a call was skipped: the id of the prerequisite that did not succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub index: usize,
    pub prerequisite: usize,
}

/// Dependency bookkeeping for one plan.
#[derive(Debug)]
pub struct Schedule {
    ids: Vec<usize>,
    states: Vec<State>,
    dependents: Vec<Vec<usize>>,
    /// Calls whose `after` names an id that is not in the plan: (index, missing id).
    orphans: Vec<Blocked>,
    /// Calls that became ready and were not taken yet, in the order they became ready.
    ready: Vec<usize>,
}

impl Schedule {
    pub fn new(changes: &[Change]) -> Schedule {
        let index_of: BTreeMap<usize, usize> =
            changes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let mut states = Vec::with_capacity(changes.len());
        let mut dependents = vec![Vec::new(); changes.len()];
        let mut orphans = Vec::new();
        for (index, change) in changes.iter().enumerate() {
            let prerequisites: BTreeSet<usize> = change.after.iter().copied().collect();
            for id in &prerequisites {
                match index_of.get(id) {
                    Some(&before) => dependents[before].push(index),
                    None => orphans.push(Blocked {
                        index,
                        prerequisite: *id,
                    }),
                }
            }
            states.push(match prerequisites.len() {
                0 => State::Ready,
                n => State::Waiting(n),
            });
        }
        let ready = (0..states.len())
            .filter(|&i| states[i] == State::Ready)
            .collect();
        Schedule {
            ids: changes.iter().map(|c| c.id).collect(),
            ready,
            states,
            dependents,
            orphans,
        }
    }

    /// Calls that depend on an id the plan does not hold; they can never start.
    pub fn orphans(&self) -> Vec<Blocked> {
        self.orphans.clone()
    }

    /// Calls ready to start, in the order they became ready (plan order at first); each is
    /// returned once and counts as started.
    pub fn take_ready(&mut self) -> Vec<usize> {
        let ready = std::mem::take(&mut self.ready);
        for &index in &ready {
            self.states[index] = State::Started;
        }
        ready
    }

    /// `index` succeeded: its dependents whose last prerequisite it was become ready.
    pub fn succeeded(&mut self, index: usize) {
        self.states[index] = State::Finished;
        for &next in &self.dependents[index] {
            if let State::Waiting(n) = self.states[next] {
                if n <= 1 {
                    self.states[next] = State::Ready;
                    self.ready.push(next);
                } else {
                    self.states[next] = State::Waiting(n - 1);
                }
            }
        }
    }

    /// `index` failed or was skipped: every call that waits on it, directly or not, can never
    /// start. Returns them (each once), each with the prerequisite that blocked it.
    pub fn did_not_succeed(&mut self, index: usize) -> Vec<Blocked> {
        self.states[index] = State::Finished;
        let mut blocked = Vec::new();
        let mut stack = vec![index];
        while let Some(current) = stack.pop() {
            for &next in &self.dependents[current] {
                if matches!(self.states[next], State::Waiting(_) | State::Ready) {
                    self.states[next] = State::Finished;
                    blocked.push(Blocked {
                        index: next,
                        prerequisite: self.ids[current],
                    });
                    stack.push(next);
                }
            }
        }
        blocked
    }

    /// Calls that never started (after an interruption, or waiting in a cycle); marks them
    /// finished.
    pub fn never_started(&mut self) -> Vec<usize> {
        let left: Vec<usize> = (0..self.states.len())
            .filter(|&i| matches!(self.states[i], State::Waiting(_) | State::Ready))
            .collect();
        for &index in &left {
            self.states[index] = State::Finished;
        }
        self.ready.clear();
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Changes with ids 1.. and these `after` lists.
    fn changes(after: &[&[usize]]) -> Vec<Change> {
        after
            .iter()
            .enumerate()
            .map(|(i, after)| Change {
                id: i + 1,
                provider: "p".into(),
                action: "A".into(),
                person: format!("person{}", i + 1),
                account: String::new(),
                remote_id: String::new(),
                fields: Vec::new(),
                params: Default::default(),
                after: after.to_vec(),
                observed: Default::default(),
                origin: Default::default(),
                pending: false,
            })
            .collect()
    }

    #[test]
    fn a_call_starts_once_all_its_prerequisites_succeeded() {
        // 3 takes values released by 1 and 2; 4 is independent.
        let mut schedule = Schedule::new(&changes(&[&[], &[], &[1, 2], &[]]));
        assert_eq!(schedule.take_ready(), [0, 1, 3]);
        schedule.succeeded(0);
        assert!(schedule.take_ready().is_empty());
        schedule.succeeded(1);
        assert_eq!(schedule.take_ready(), [2]);
        schedule.succeeded(2);
        schedule.succeeded(3);
        assert!(schedule.never_started().is_empty());
    }

    #[test]
    fn a_failure_skips_its_chain_but_not_independent_calls() {
        // 2 waits on 1, 3 waits on 2 (a chain), 4 is independent.
        let mut schedule = Schedule::new(&changes(&[&[], &[1], &[2], &[]]));
        assert_eq!(schedule.take_ready(), [0, 3]);
        let blocked = schedule.did_not_succeed(0);
        assert_eq!(
            blocked,
            [
                Blocked {
                    index: 1,
                    prerequisite: 1
                },
                Blocked {
                    index: 2,
                    prerequisite: 2
                }
            ]
        );
        schedule.succeeded(3);
        assert!(schedule.take_ready().is_empty());
        assert!(schedule.never_started().is_empty());
    }

    #[test]
    fn an_unknown_prerequisite_is_an_orphan_and_never_ready() {
        let mut schedule = Schedule::new(&changes(&[&[9], &[]]));
        assert_eq!(
            schedule.orphans(),
            [Blocked {
                index: 0,
                prerequisite: 9
            }]
        );
        assert_eq!(schedule.take_ready(), [1]);
        schedule.succeeded(1);
        assert_eq!(schedule.never_started(), [0]);
    }

    #[test]
    fn an_interruption_leaves_the_unstarted_calls() {
        let mut schedule = Schedule::new(&changes(&[&[], &[1], &[]]));
        assert_eq!(schedule.take_ready(), [0, 2]);
        assert_eq!(schedule.never_started(), [1]);
    }
}
