//! Pure. Which remote accounts are one person. Accounts the manifest gives to one person stay
//! together; then accounts on different providers that share an email (compared without case)
//! join, then those that share a phone. A person never gets two accounts on one provider, nor
//! two manifest names: a link that would do that is not followed. Never looks at names or
//! display names, which differ too easily between consoles.

use std::collections::HashMap;

use super::Remote;
use crate::model::{AccountKey, Field, FieldKind, Value};

/// The accounts of each person, as indices into `remotes` (sorted), persons in the order of
/// their first account.
pub fn persons(remotes: &[Remote]) -> Vec<Vec<usize>> {
    let mut groups = Groups {
        remotes,
        of: (0..remotes.len()).collect(),
        members: (0..remotes.len()).map(|index| vec![index]).collect(),
    };
    let mut by_person: HashMap<&str, usize> = HashMap::new();
    for (index, remote) in remotes.iter().enumerate() {
        if let Some(person) = remote.person {
            let first = *by_person.entry(person).or_insert(index);
            groups.merge(first, index);
        }
    }
    for links in [emails as fn(&Remote) -> Vec<String>, phones] {
        let mut first: HashMap<String, usize> = HashMap::new();
        for (index, remote) in remotes.iter().enumerate() {
            for link in links(remote) {
                let first = *first.entry(link).or_insert(index);
                groups.merge(first, index);
            }
        }
    }
    groups
        .members
        .into_iter()
        .filter(|members| !members.is_empty())
        .collect()
}

/// Every email an account has, as a key or a field, lowercased.
fn emails(remote: &Remote) -> Vec<String> {
    let account = remote.account;
    let keys = account.keys.iter().filter_map(|key| match key {
        AccountKey::Email(email) => Some(email.as_str()),
        _ => None,
    });
    let field = account
        .fields
        .get(&Field::known(FieldKind::Email))
        .and_then(Value::as_text);
    let mut emails: Vec<String> = keys.chain(field).map(str::to_lowercase).collect();
    emails.sort();
    emails.dedup();
    emails
}

/// The account's phone, if it has one (E.164 already).
fn phones(remote: &Remote) -> Vec<String> {
    let phone = remote.account.fields.get(&Field::known(FieldKind::Phone));
    phone
        .and_then(Value::as_text)
        .map(str::to_string)
        .into_iter()
        .collect()
}

/// Disjoint sets of account indices; a set is known by its smallest index.
struct Groups<'r, 'a> {
    remotes: &'r [Remote<'a>],
    /// The set each account is in.
    of: Vec<usize>,
    /// The members of each set (empty once merged into another).
    members: Vec<Vec<usize>>,
}

impl Groups<'_, '_> {
    /// Puts the sets of accounts `a` and `b` together, unless that would give a person two
    /// accounts on one provider or two manifest names.
    fn merge(&mut self, a: usize, b: usize) {
        let (first, second) = (self.of[a], self.of[b]);
        if first == second || !self.compatible(first, second) {
            return;
        }
        let (keep, gone) = (first.min(second), first.max(second));
        let moved = std::mem::take(&mut self.members[gone]);
        for &index in &moved {
            self.of[index] = keep;
        }
        self.members[keep].extend(moved);
        self.members[keep].sort_unstable();
    }

    fn compatible(&self, first: usize, second: usize) -> bool {
        let remotes = |set: usize| self.members[set].iter().map(|&i| &self.remotes[i]);
        let shares_provider =
            remotes(first).any(|one| remotes(second).any(|other| one.provider == other.provider));
        let person = |set: usize| remotes(set).find_map(|remote| remote.person);
        let two_names = matches!((person(first), person(second)), (Some(a), Some(b)) if a != b);
        !shares_provider && !two_names
    }
}
