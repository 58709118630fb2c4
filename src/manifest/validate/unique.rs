//! Pure. Uniqueness inside the manifest, checked account by account as they are built: a
//! remote account belongs to one person, and a value its provider keeps unique is wanted by
//! one account. Keys and values compare as the services compare them (emails and login names
//! without regard to case: [`AccountKey::folded`], [`Value::folded`]).

use std::hash::{BuildHasher, Hash};

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::Account;
use crate::manifest::diagnostic::{Diagnostic, path_key};
use crate::manifest::load::origin;
use crate::manifest::yaml::Position;
use crate::model::{AccountKey, FieldKind, Origin, Value};
use crate::providers;

/// Who claimed something first, and what was written.
struct Claim<'t, T> {
    provider: &'t str,
    person: &'t str,
    written: T,
    file: &'t str,
    at: Position,
}

impl<T> Claim<'_, T> {
    fn origin(&self) -> Origin {
        origin(self.file, self.at)
    }
}

/// Claims of one sort, each kept once, found by what they claim as the services compare it
/// (`fold`). The table holds only each claim's index (a manifest of 100,000 accounts makes
/// 175,000 claims: a map keyed by what is claimed, holding the claims, took 31 MB; this
/// takes 17 MB).
struct Ledger<'t, T> {
    claims: Vec<Claim<'t, T>>,
    index: HashTable<u32>,
    fold: fn(&T) -> T,
}

impl<'t, T: Hash + Eq> Ledger<'t, T> {
    fn with_capacity(claims: usize, fold: fn(&T) -> T) -> Self {
        Ledger {
            claims: Vec::with_capacity(claims),
            index: HashTable::with_capacity(claims),
            fold,
        }
    }

    /// The earlier claim on what `claim` claims; when there is none, `claim` is kept.
    fn claim(&mut self, claim: Claim<'t, T>) -> Option<&Claim<'t, T>> {
        let fold = self.fold;
        let hash = |provider: &str, folded: &T| {
            foldhash::fast::FixedState::default().hash_one((provider, folded))
        };
        let folded = fold(&claim.written);
        let claims = &self.claims;
        let entry = self.index.entry(
            hash(claim.provider, &folded),
            |&first| {
                let first = &claims[first as usize];
                first.provider == claim.provider && fold(&first.written) == folded
            },
            |&other| {
                let other = &claims[other as usize];
                hash(other.provider, &fold(&other.written))
            },
        );
        match entry {
            Entry::Occupied(first) => Some(&self.claims[*first.get() as usize]),
            Entry::Vacant(slot) => {
                let index = u32::try_from(self.claims.len()).expect("fewer claims than 2^32");
                slot.insert(index);
                self.claims.push(claim);
                None
            }
        }
    }
}

/// The accounts and unique values claimed so far.
pub(super) struct Claims<'t> {
    accounts: Ledger<'t, AccountKey>,
    values: Ledger<'t, (FieldKind, Value)>,
}

impl<'t> Claims<'t> {
    /// Room for about `accounts` accounts.
    pub(super) fn with_capacity(accounts: usize) -> Self {
        Claims {
            accounts: Ledger::with_capacity(accounts, AccountKey::folded),
            values: Ledger::with_capacity(accounts, |(kind, value)| (*kind, value.folded(*kind))),
        }
    }

    /// Records `account`, reporting what an earlier account claimed already.
    pub(super) fn add(&mut self, account: &Account<'t>, problems: &mut Vec<Diagnostic>) {
        let provider = account.provider;
        let file = account.file;
        let claim = Claim {
            provider,
            person: account.person,
            written: account.key.clone(),
            file,
            at: account.at,
        };
        if let Some(first) = self.accounts.claim(claim) {
            let spelled = if first.written == account.key {
                String::new()
            } else {
                format!(", as `{}`", first.written)
            };
            problems.push(
                Diagnostic::new(
                    origin(file, account.at),
                    format!(
                        "users.{}.accounts.{}",
                        path_key(account.person),
                        path_key(provider)
                    ),
                    format!(
                        "account `{}` on `{provider}` is defined twice (also by `{}`{spelled})",
                        account.key, first.person
                    ),
                )
                .related(first.origin())
                .hint(if spelled.is_empty() {
                    "one remote account belongs to one person"
                } else {
                    "one remote account belongs to one person; emails and user names match without regard to case"
                }),
            );
        }
        for kind in providers::table(account.provider_type).unique {
            let Some((value, at)) = account.field(*kind) else {
                continue;
            };
            let value = value.clone().value();
            let claim = Claim {
                provider,
                person: account.person,
                written: (*kind, value.clone()),
                file,
                at,
            };
            if let Some(first) = self.values.claim(claim) {
                let spelled = if first.written.1 == value {
                    String::new()
                } else {
                    format!(
                        " as `{}` (compared without regard to case)",
                        first.written.1
                    )
                };
                problems.push(
                    Diagnostic::new(
                        origin(file, at),
                        format!(
                            "users.{}.accounts.{}.{}",
                            path_key(account.person),
                            path_key(provider),
                            kind.key()
                        ),
                        format!(
                            "`{value}` must be unique on `{provider}`, and `{}` wants it too{spelled}",
                            first.person
                        ),
                    )
                    .related(first.origin()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim<'t>(provider: &'t str, person: &'t str, email: &str) -> Claim<'t, AccountKey> {
        Claim {
            provider,
            person,
            written: AccountKey::Email(email.into()),
            file: "users.yaml",
            at: Position { line: 1, column: 1 },
        }
    }

    #[test]
    fn a_ledger_finds_the_first_claim_as_the_services_compare_after_growing() {
        // No room to start with, so the table grows (and rehashes) many times.
        let mut ledger = Ledger::with_capacity(0, AccountKey::folded);
        let people: Vec<String> = (0..2_000).map(|n| format!("p{n}")).collect();
        for (n, person) in people.iter().enumerate() {
            let email = format!("Agent.{n}.张@Example.com");
            assert!(ledger.claim(claim("ccc", person, &email)).is_none());
        }
        for n in [0, 777, 1_999] {
            let again = format!("agent.{n}.张@example.COM");
            let first = ledger.claim(claim("ccc", "later", &again)).unwrap();
            assert_eq!(first.person, format!("p{n}"));
            assert_eq!(
                first.written,
                AccountKey::Email(format!("Agent.{n}.张@Example.com").into())
            );
        }
        // The same key on another provider is another account.
        assert!(
            ledger
                .claim(claim("cic", "other", "agent.5.张@example.com"))
                .is_none()
        );
        assert_eq!(ledger.claims.len(), 2_001);
    }
}
