//! Pure. Call-forwarding targets at plan time, against one provider's fetched state. A
//! manifest's target is resolved to the service's terms: a person to their agent's account, an
//! email to an existing agent (without case, as the service compares accounts), a skill group
//! to its id, an extension to one an agent holds once the plan is applied. A target that does
//! not exist then, or the agent itself, is a problem (with a did-you-mean where one is near).
//! A forwarding is written whole, so a change that sets only `enabled` or `when` sends the
//! target the agent has now; that target is checked the same way, as the service checks it
//! again. The order of calls (a forwarding waits for the change that gives an agent its target
//! extension) is `order`'s.

use std::collections::BTreeMap;

use compact_str::CompactString;
use foldhash::{HashMap, HashMapExt};

use super::ProblemKind;
use super::diff::unknown_reference;
use crate::manifest::diagnostic::did_you_mean;
use crate::model::{AccountKey, Field, FieldKind, Target, Value, lowercase};
use crate::providers::Table;
use crate::providers::table::Form;
use crate::state::{Catalog, DesiredAccount, DesiredState, ObservedAccount, ObservedProvider};

/// Why a target cannot be used: the problem's kind, message and hint.
pub type Unusable = (ProblemKind, String, Option<String>);

/// What one provider's forwarding targets resolve against.
pub struct Targets<'a> {
    provider: &'a str,
    /// Agents by account (their remote id) as the service compares it: without case.
    agents: HashMap<CompactString, &'a ObservedAccount>,
    /// Agents by every key they are matched by (folded).
    by_key: HashMap<AccountKey, &'a ObservedAccount>,
    /// The manifest's accounts on this provider, by person.
    people: HashMap<&'a str, &'a DesiredAccount>,
    /// Who holds each extension now.
    now: HashMap<&'a str, &'a ObservedAccount>,
    /// Who holds each extension once the plan is applied (the manifest's value where it sets
    /// one, else the current one), by remote id; sorted for the did-you-mean.
    after: BTreeMap<&'a str, &'a str>,
    catalog: &'a Catalog,
}

impl<'a> Targets<'a> {
    /// The targets of `provider`'s accounts; only its catalog when its table has no
    /// forwarding (nothing else is asked then, and a directory's worth of maps is not made).
    pub fn new(
        provider: &'a str,
        table: &Table,
        desired: &'a DesiredState,
        remote: &'a ObservedProvider,
    ) -> Self {
        let forwards = table
            .fields
            .iter()
            .any(|spec| matches!(spec.form, Form::Forwarding(_)));
        if !forwards {
            return Targets {
                provider,
                agents: HashMap::new(),
                by_key: HashMap::new(),
                people: HashMap::new(),
                now: HashMap::new(),
                after: BTreeMap::new(),
                catalog: &remote.catalog,
            };
        }
        let extension = Field::known(FieldKind::Extension);
        let mut by_key = HashMap::new();
        for account in &remote.accounts {
            for key in &account.keys {
                by_key.entry(key.folded()).or_insert(account);
            }
        }
        let people: HashMap<&str, &DesiredAccount> = desired
            .accounts
            .iter()
            .filter(|a| a.provider == provider)
            .map(|a| (a.person.as_str(), a))
            .collect();
        let mut wanted: HashMap<&str, &str> = HashMap::new();
        for account in people.values() {
            let (Some(found), Some(value)) = (
                by_key.get(&account.key.folded()),
                account.fields.get(&extension),
            ) else {
                continue;
            };
            if let Some(text) = value.value.as_text() {
                wanted.insert(found.remote_id.as_str(), text);
            }
        }
        let mut now = HashMap::new();
        let mut after = BTreeMap::new();
        for account in &remote.accounts {
            let current = account.fields.get(&extension).and_then(Value::as_text);
            if let Some(current) = current {
                now.insert(current, account);
            }
            let id = account.remote_id.as_str();
            if let Some(held) = wanted.get(id).copied().or(current) {
                after.insert(held, id);
            }
        }
        Targets {
            provider,
            agents: remote
                .accounts
                .iter()
                .map(|a| (lowercase(&a.remote_id), a))
                .collect(),
            by_key,
            people,
            now,
            after,
            catalog: &remote.catalog,
        }
    }

    /// The manifest's target `value` for `account` (observed as `remote`) in the service's
    /// terms; `field` is the part it sets. Records skill group names in `labels`.
    pub fn resolve(
        &self,
        account: &DesiredAccount,
        remote: &ObservedAccount,
        field: &Field,
        value: &Value,
        labels: &mut BTreeMap<String, String>,
    ) -> Result<Value, Unusable> {
        let Some(target) = Target::of(value) else {
            return Ok(value.clone());
        };
        let have = remote.fields.get(field).and_then(Target::of);
        let resolved = match target {
            Target::Person(name) => {
                let agent = self
                    .people
                    .get(name.as_str())
                    .and_then(|person| self.by_key.get(&person.key.folded()));
                match agent {
                    Some(agent) => Target::Agent(agent.remote_id.to_string()),
                    None => {
                        let message = format!(
                            "`{name}` has no agent on `{}` to forward calls to",
                            self.provider
                        );
                        return Err((ProblemKind::UnknownReference, message, None));
                    }
                }
            }
            Target::Agent(email) => match self.agents.get(&lowercase(&email)) {
                Some(agent) => Target::Agent(agent.remote_id.to_string()),
                None => {
                    let message = format!("no agent `{email}` on `{}`", self.provider);
                    let ids = self.agents.values().map(|a| a.remote_id.as_str());
                    return Err((
                        ProblemKind::UnknownReference,
                        message,
                        did_you_mean(&email, ids),
                    ));
                }
            },
            Target::SkillGroup(reference) => {
                let entries = &self.catalog.skill_groups;
                match Catalog::resolve(entries, &reference) {
                    Some(entry) => {
                        labels.insert(entry.id.clone(), entry.name.clone());
                        Target::SkillGroup(entry.id.clone())
                    }
                    None => {
                        let (message, hint) = unknown_reference("skill group", &reference, entries);
                        return Err((ProblemKind::UnknownReference, message, hint));
                    }
                }
            }
            Target::Extension(extension) => {
                if !self.after.contains_key(extension.as_str()) {
                    let accepted = have == Some(Target::Extension(extension.clone()));
                    if let Some(problem) = self.missing_extension(&extension, accepted) {
                        return Err(problem);
                    }
                }
                Target::Extension(extension)
            }
        };
        if let Some(problem) = self.itself(account, remote, &resolved) {
            return Err(problem);
        }
        // The account as the agent spells it now, when that is the same agent.
        Ok(match (&resolved, &have) {
            (Target::Agent(want), Some(Target::Agent(held))) if want.eq_ignore_ascii_case(held) => {
                Target::Agent(held.clone()).value()
            }
            _ => resolved.value(),
        })
    }

    /// What is wrong with the target a forwarding carries from what the agent has now (the
    /// manifest sets no `to`) when the plan enables it or sends it whole while enabled.
    pub fn check_carried(
        &self,
        account: &DesiredAccount,
        remote: &ObservedAccount,
        carried: &Value,
    ) -> Option<Unusable> {
        let target = Target::of(carried)?;
        let problem = match &target {
            Target::Agent(email) if !self.agents.contains_key(&lowercase(email)) => Some((
                ProblemKind::UnknownReference,
                format!(
                    "the forwarding's current target, agent `{email}`, does not exist on `{}`",
                    self.provider
                ),
                Some("set `forwarding.to`".to_string()),
            )),
            Target::Extension(extension) if !self.after.contains_key(extension.as_str()) => {
                self.missing_extension(extension, true)
            }
            _ => None,
        };
        problem.or_else(|| self.itself(account, remote, &target))
    }

    /// Records the name of the skill group `value` targets, when the catalog has it.
    pub fn label(&self, value: Option<&Value>, labels: &mut BTreeMap<String, String>) {
        if let Some(Target::SkillGroup(id)) = value.and_then(Target::of)
            && let Some(entry) = self.catalog.skill_groups.iter().find(|e| e.id == id)
        {
            labels.insert(entry.id.clone(), entry.name.clone());
        }
    }

    /// Why `extension`, which no agent holds once the plan is applied, cannot be a target:
    /// it moves away from the agent holding it now, or no agent has it (`None` when the
    /// service accepted it before: an extension of a desk or SIP phone, which usersync does
    /// not read).
    fn missing_extension(&self, extension: &str, accepted: bool) -> Option<Unusable> {
        if let Some(holder) = self.now.get(extension) {
            let managed = self
                .people
                .values()
                .find(|person| holder.matches(&person.key))
                .map(|person| person.person.as_str());
            let follow = match managed {
                Some(person) => format!("forward to `{{person: {person}}}` to follow the agent"),
                None => "forward to the agent by `email` to follow it".to_string(),
            };
            return Some((
                ProblemKind::UnknownReference,
                format!(
                    "extension `{extension}` moves away from `{}` in this plan, and no agent takes it",
                    holder.label()
                ),
                Some(format!("{follow}, or to the extension it takes")),
            ));
        }
        if accepted {
            return None;
        }
        let held = self.after.keys().copied();
        Some((
            ProblemKind::UnknownReference,
            format!(
                "no agent has extension `{extension}` on `{}`",
                self.provider
            ),
            did_you_mean(extension, held),
        ))
    }

    /// The agent itself as its own target: its account, or the extension it has once the
    /// plan is applied.
    fn itself(
        &self,
        account: &DesiredAccount,
        remote: &ObservedAccount,
        target: &Target,
    ) -> Option<Unusable> {
        let own = match target {
            Target::Agent(email) if email.eq_ignore_ascii_case(&remote.remote_id) => {
                format!("`{email}` is its own account")
            }
            Target::Extension(extension)
                if self.after.get(extension.as_str()) == Some(&remote.remote_id.as_str()) =>
            {
                format!("extension `{extension}` is its own")
            }
            _ => return None,
        };
        Some((
            ProblemKind::Invalid,
            format!("`{}` would forward its calls to itself: {own}", account.key),
            Some("forward to another agent, a skill group or another extension".into()),
        ))
    }
}
