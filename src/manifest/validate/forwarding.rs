//! Pure. An account's `forwarding:` as desired values, one per part it sets (`enabled`,
//! `when`, `to` as a [`Target`]), with the checks that need only the account (exactly one kind
//! of target; an email or extension the provider could hold), and the checks that need the
//! whole manifest: a `person` target is a person with an account on the same provider, and no
//! agent forwards its calls to itself. Targets are resolved against the fetched state only
//! when planning.

use serde_json::Value as Json;

use super::Checker;
use crate::config::ProviderConfig;
use crate::manifest::diagnostic::{Diagnostic, did_you_mean, quoted_list};
use crate::manifest::load::Positions;
use crate::manifest::types::{Forwarding, ForwardingTo, Manifest, SkillGroupRef};
use crate::model::{Field, FieldKind, Target, Value};
use crate::providers::Table;
use crate::providers::forwarding::{ENABLED, TO, WHEN};
use crate::state::{DesiredAccount, DesiredValue};

/// The keys of `to`, as the manifest spells them.
const TARGET_KEYS: [&str; 4] = ["person", "email", "skill_group", "extension"];

impl Checker<'_> {
    /// The parts of `kind` that `json` (the account's `forwarding` at `path`) sets.
    pub(super) fn forwarding(
        &mut self,
        path: &str,
        kind: FieldKind,
        json: &Json,
        table: &Table,
        config: &ProviderConfig,
    ) -> Vec<(Field, DesiredValue)> {
        // A shape the schema refuses has been reported already.
        let Ok(forwarding) = serde_json::from_value::<Forwarding>(json.clone()) else {
            return Vec::new();
        };
        let mut parts = Vec::new();
        if let Some(enabled) = forwarding.enabled {
            parts.push((ENABLED, Value::Bool(enabled)));
        }
        if let Some(Json::String(word)) = forwarding
            .when
            .map(serde_json::to_value)
            .and_then(Result::ok)
        {
            parts.push((WHEN, Value::Text(word)));
        }
        if let Some(to) = &forwarding.to
            && let Some(target) = self.target(&format!("{path}.{TO}"), to, table, config)
        {
            parts.push((TO, target.value()));
        }
        parts
            .into_iter()
            .map(|(part, value)| {
                let origin = self.positions.value(&format!("{path}.{part}"));
                (Field::part(kind, part), DesiredValue { value, origin })
            })
            .collect()
    }

    /// The one target `to` names, checked as far as the account alone allows.
    fn target(
        &mut self,
        path: &str,
        to: &ForwardingTo,
        table: &Table,
        config: &ProviderConfig,
    ) -> Option<Target> {
        let mut set = Vec::new();
        if let Some(person) = &to.person {
            set.push(Target::Person(person.clone()));
        }
        if let Some(email) = &to.email {
            set.push(Target::Agent(email.clone()));
        }
        if let Some(group) = &to.skill_group {
            set.push(Target::SkillGroup(match group {
                SkillGroupRef::Id(id) => id.to_string(),
                SkillGroupRef::Name(name) => name.clone(),
            }));
        }
        if let Some(extension) = &to.extension {
            set.push(Target::Extension(extension.clone()));
        }
        if set.len() != 1 {
            let found = match set.len() {
                0 => "no target".to_string(),
                n => format!("{n} targets"),
            };
            self.error(
                self.positions.value(path),
                path,
                format!(
                    "found {found}, expected exactly one of {}",
                    quoted_list(TARGET_KEYS)
                ),
                Some("e.g. `to: {person: bob}` or `to: {skill_group: Sales}`".into()),
            );
            return None;
        }
        let target = set.remove(0);
        let ok = match &target {
            Target::Agent(email) => self.email(&format!("{path}.email"), email),
            Target::Extension(extension) => match table.field(FieldKind::Extension) {
                Some(spec) => self
                    .checks(&format!("{path}.extension"), spec.checks, extension, config)
                    .is_some(),
                None => true,
            },
            Target::Person(_) | Target::SkillGroup(_) => true,
        };
        ok.then_some(target)
    }
}

/// The problems of `forwarding.to` targets that need the whole manifest: a `person` that is
/// not one of its people or has no account on the same provider, and an agent forwarding its
/// calls to itself (by person, email or its own extension).
pub(super) fn targets(
    manifest: &Manifest,
    accounts: &[DesiredAccount],
    positions: &Positions,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for account in accounts {
        for (field, desired) in &account.fields {
            if field.part_name() != Some(TO) {
                continue;
            }
            let Some(target) = Target::of(&desired.value) else {
                continue;
            };
            let base = format!(
                "users.{}.accounts.{}.{}.{TO}",
                account.person,
                account.provider,
                field.kind.key()
            );
            let (key, problem) = target_problem(manifest, account, &target);
            if let Some((message, hint)) = problem {
                let path = format!("{base}.{key}");
                let mut diagnostic = Diagnostic::new(positions.value(&path), path, message);
                diagnostic.hint = hint;
                problems.push(diagnostic);
            }
        }
    }
    problems
}

/// The manifest key of `target`, and what is wrong with it for `account`, if anything.
fn target_problem(
    manifest: &Manifest,
    account: &DesiredAccount,
    target: &Target,
) -> (&'static str, Option<(String, Option<String>)>) {
    let itself = || {
        Some((
            "an agent cannot forward its calls to itself".to_string(),
            Some("forward to another agent, a skill group or another extension".to_string()),
        ))
    };
    match target {
        Target::Person(name) if *name == account.person => ("person", itself()),
        Target::Person(name) => {
            let provider = &account.provider;
            let problem = match manifest.users.get(name) {
                None => Some((
                    format!("`{name}` is not a person of the manifest"),
                    did_you_mean(name, manifest.users.keys().map(String::as_str)),
                )),
                Some(person) if !person.accounts.contains_key(provider) => Some((
                    format!("`{name}` has no account on `{provider}`"),
                    Some(format!(
                        "add `{name}`'s `{provider}` account to the manifest, or name the agent by `email`"
                    )),
                )),
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
                .fields
                .get(&Field::known(FieldKind::Extension))
                .is_some_and(|own| own.value.as_text() == Some(extension));
            ("extension", if own_extension { itself() } else { None })
        }
        Target::SkillGroup(_) => ("skill_group", None),
    }
}
