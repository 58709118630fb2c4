//! Pure. Uniqueness inside the manifest, checked account by account as they are built: a
//! remote account belongs to one person, and a value its provider keeps unique is wanted by
//! one account. Keys and values compare as the services compare them (emails and login names
//! without regard to case: [`AccountKey::folded`], [`Value::folded`]).

use std::collections::hash_map::Entry;

use foldhash::HashMapExt;

use super::Account;
use crate::manifest::diagnostic::{Diagnostic, path_key};
use crate::manifest::load::origin;
use crate::manifest::yaml::Position;
use crate::model::{AccountKey, FieldKind, Origin, Value};
use crate::providers;

/// Who claimed something first, and as what.
struct Claim<'t, T> {
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

/// The keys are the manifest's own names and values: foldhash costs a fraction of std's
/// SipHash.
type Map<K, V> = foldhash::HashMap<K, V>;

/// The accounts and unique values claimed so far, per provider.
#[derive(Default)]
pub(super) struct Claims<'t> {
    accounts: Map<(&'t str, AccountKey), Claim<'t, AccountKey>>,
    values: Map<(&'t str, FieldKind, Value), Claim<'t, Value>>,
}

impl<'t> Claims<'t> {
    /// Room for about `accounts` accounts.
    pub(super) fn with_capacity(accounts: usize) -> Self {
        Claims {
            accounts: Map::with_capacity(accounts),
            values: Map::with_capacity(accounts),
        }
    }

    /// Records `account`, reporting what an earlier account claimed already.
    pub(super) fn add(&mut self, account: &Account<'t>, problems: &mut Vec<Diagnostic>) {
        let provider = account.provider;
        let file = account.file;
        match self.accounts.entry((provider, account.key.folded())) {
            Entry::Occupied(first) => {
                let first = first.get();
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
            Entry::Vacant(slot) => {
                slot.insert(Claim {
                    person: account.person,
                    written: account.key.clone(),
                    file,
                    at: account.at,
                });
            }
        }
        for kind in providers::table(account.provider_type).unique {
            let Some((value, at)) = account.field(*kind) else {
                continue;
            };
            let value = value.clone().value();
            match self.values.entry((provider, *kind, value.folded(*kind))) {
                Entry::Occupied(first) => {
                    let first = first.get();
                    let spelled = if first.written == value {
                        String::new()
                    } else {
                        format!(" as `{}` (compared without regard to case)", first.written)
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
                Entry::Vacant(slot) => {
                    slot.insert(Claim {
                        person: account.person,
                        written: value,
                        file,
                        at,
                    });
                }
            }
        }
    }
}
