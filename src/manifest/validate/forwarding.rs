//! Pure. An account's `forwarding:` as desired values, one per part it sets (`enabled`,
//! `when`, `to` as a [`Target`]), with the checks that need only the account (exactly one kind
//! of target; an email or extension the provider could hold), and the checks that need the
//! whole manifest: a `person` target is a person with an account on the same provider, and no
//! agent forwards its calls to itself. Targets are resolved against the fetched state only
//! when planning.

use std::collections::BTreeMap;

use super::{Account, Checker, Desired, FieldPath, FieldValue, Place, set};
use crate::manifest::diagnostic::{Diagnostic, did_you_mean, path_key, quoted_list};
use crate::manifest::load::{Entry, origin};
use crate::manifest::yaml::{Tree, TreeValue};
use crate::model::{FieldKind, Target, Value};
use crate::providers::Table;
use crate::providers::forwarding::{ENABLED, TO, WHEN};

/// The keys of `to`, as the manifest spells them.
const TARGET_KEYS: [&str; 4] = ["person", "email", "skill_group", "extension"];

impl Checker<'_> {
    /// The parts of `kind` that `node` (the account's `forwarding`) sets, onto `parts`.
    pub(super) fn forwarding<'t>(
        &mut self,
        place: &Place<'_, 't, '_>,
        kind: FieldKind,
        node: &'t Tree<'_>,
        table: &Table,
        parts: &mut Vec<Desired<'t>>,
    ) {
        let file = place.person.file;
        if let Some(enabled) = set(node.get(ENABLED))
            && let TreeValue::Bool(flag) = enabled.value
        {
            parts.push((
                kind,
                Some(ENABLED),
                FieldValue::Value(Value::Bool(flag)),
                enabled.at,
            ));
        }
        if let Some(when) = set(node.get(WHEN))
            && let Some(word) = when.text()
        {
            parts.push((kind, Some(WHEN), FieldValue::Text(word), when.at));
        }
        if let Some(to) = set(node.get(TO)) {
            let path = place.path().field(kind.key()).item(TO);
            if let Some(target) = self.target(file, path, to, table, place) {
                parts.push((kind, Some(TO), FieldValue::Value(target.value()), to.at));
            }
        }
    }

    /// The one target `to` names, checked as far as the account alone allows.
    fn target(
        &mut self,
        file: &str,
        path: FieldPath,
        to: &Tree,
        table: &Table,
        place: &Place,
    ) -> Option<Target> {
        let mut named = Vec::new();
        for key in TARGET_KEYS {
            let Some(value) = set(to.get(key)) else {
                continue;
            };
            let reference = match &value.value {
                TreeValue::Int(id) => id.to_string(),
                _ => value.text().unwrap_or_default().to_string(),
            };
            let target = match key {
                "person" => Target::Person(reference),
                "email" => Target::Agent(reference),
                "skill_group" => Target::SkillGroup(reference),
                _ => Target::Extension(reference),
            };
            named.push((key, target, value));
        }
        if named.len() != 1 {
            let found = match named.len() {
                0 => "no target".to_string(),
                n => format!("{n} targets"),
            };
            self.error(
                file,
                to.at,
                path,
                format!(
                    "found {found}, expected exactly one of {}",
                    quoted_list(TARGET_KEYS)
                ),
                Some("e.g. `to: {person: bob}` or `to: {skill_group: Sales}`".into()),
            );
            return None;
        }
        let (key, target, value) = named.remove(0);
        let ok = match &target {
            Target::Agent(_) => self.email(file, path.sub(key), value),
            Target::Extension(extension) => match table.field(FieldKind::Extension) {
                Some(spec) => self
                    .checks(
                        file,
                        value.at,
                        path.sub(key),
                        spec.checks,
                        extension,
                        place.config,
                    )
                    .is_some(),
                None => true,
            },
            Target::Person(_) | Target::SkillGroup(_) => true,
        };
        ok.then_some(target)
    }
}

/// The problems of an account's `forwarding.to` target that need the whole manifest: a
/// `person` that is not one of its people or has no account on the same provider, and an
/// agent forwarding its calls to itself (by person, email or its own extension).
pub(super) fn targets(
    users: &BTreeMap<&str, Entry>,
    place: &Place,
    account: &Account,
    problems: &mut Vec<Diagnostic>,
) {
    for (kind, part, value, _) in &account.fields {
        if *part != Some(TO) {
            continue;
        }
        let FieldValue::Value(value) = value else {
            continue;
        };
        let Some(target) = Target::of(value) else {
            continue;
        };
        let (key, problem) = target_problem(users, account, &target);
        let Some((message, hint)) = problem else {
            continue;
        };
        // Where the target's reference was written.
        let at = place
            .own(kind.key())
            .and_then(|forwarding| forwarding.get(TO))
            .and_then(|to| to.get(key))
            .map_or(place.account_key.at, |reference| reference.at);
        let path = format!(
            "users.{}.accounts.{}.{}.{TO}.{key}",
            path_key(account.person),
            path_key(account.provider),
            kind.key()
        );
        let mut diagnostic = Diagnostic::new(origin(account.file, at), path, message);
        diagnostic.hint = hint;
        problems.push(diagnostic);
    }
}

/// The manifest key of `target`, and what is wrong with it for `account`, if anything.
fn target_problem(
    users: &BTreeMap<&str, Entry>,
    account: &Account,
    target: &Target,
) -> (&'static str, Option<(String, Option<String>)>) {
    let itself = || {
        Some((
            "an agent cannot forward its calls to itself".to_string(),
            Some("forward to another agent, a skill group or another extension".to_string()),
        ))
    };
    match target {
        Target::Person(name) if name == account.person => ("person", itself()),
        Target::Person(name) => {
            let provider = account.provider;
            let problem = match users.get(name.as_str()) {
                None => Some((
                    format!("`{name}` is not a person of the manifest"),
                    did_you_mean(name, users.keys().copied()),
                )),
                Some(person)
                    if set(person.node.get("accounts"))
                        .and_then(|accounts| accounts.get(provider))
                        .is_none() =>
                {
                    Some((
                        format!("`{name}` has no account on `{provider}`"),
                        Some(format!(
                            "add `{name}`'s `{provider}` account to the manifest, or name the agent by `email`"
                        )),
                    ))
                }
                Some(_) => None,
            };
            ("person", problem)
        }
        Target::Agent(email) => {
            let own = account.key.value().to_lowercase() == email.to_lowercase();
            ("email", if own { itself() } else { None })
        }
        Target::Extension(extension) => {
            let own_extension = account
                .field(FieldKind::Extension)
                .is_some_and(|(own, _)| own.text() == Some(extension.as_str()));
            ("extension", if own_extension { itself() } else { None })
        }
        Target::SkillGroup(_) => ("skill_group", None),
    }
}
