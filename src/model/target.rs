//! Pure. Call-forwarding targets: what a `forwarding.to` value names, in the manifest's terms
//! (a person, a skill group by name) or the service's (an agent's account, a skill group id, an
//! extension).

use std::fmt;

use super::{FieldKind, Value};

/// What call forwarding can send calls to, as the service holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TargetKind {
    /// Another agent, by its account (on Tencent CCC its email).
    Agent,
    /// A skill group, by id.
    SkillGroup,
    /// An extension number.
    Extension,
}

/// A call-forwarding target, the value of a `forwarding.to` part (`Value::Text`, written
/// `kind:reference`, e.g. `skill_group:102`). Observed and planned values are in the
/// service's terms: an agent's account as the service spells it, a skill group id, an
/// extension. A manifest's value may also name a person (`person:bob`) or a skill group by
/// name, which the planner resolves from the fetched state.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// A person of the manifest: their agent on the same provider.
    Person(String),
    /// An agent's account (an email, compared without case).
    Agent(String),
    /// A skill group: an id, or before planning a name.
    SkillGroup(String),
    /// An extension number.
    Extension(String),
}

impl Target {
    /// Reads the `kind:reference` form back; `None` for anything else.
    pub fn parse(text: &str) -> Option<Target> {
        let (prefix, reference) = text.split_once(':')?;
        let reference = reference.to_string();
        Some(match prefix {
            "person" => Target::Person(reference),
            "agent" => Target::Agent(reference),
            "skill_group" => Target::SkillGroup(reference),
            "extension" => Target::Extension(reference),
            _ => return None,
        })
    }

    /// The target held by a value, when it holds one.
    pub fn of(value: &Value) -> Option<Target> {
        value.as_text().and_then(Target::parse)
    }

    pub fn value(&self) -> Value {
        Value::text(self.to_string())
    }

    /// What the service holds it as; `None` for a person, which names an agent only once
    /// resolved.
    pub fn kind(&self) -> Option<TargetKind> {
        match self {
            Target::Person(_) => None,
            Target::Agent(_) => Some(TargetKind::Agent),
            Target::SkillGroup(_) => Some(TargetKind::SkillGroup),
            Target::Extension(_) => Some(TargetKind::Extension),
        }
    }

    /// The target of `kind` with `reference`.
    pub fn of_kind(kind: TargetKind, reference: impl Into<String>) -> Target {
        let reference = reference.into();
        match kind {
            TargetKind::Agent => Target::Agent(reference),
            TargetKind::SkillGroup => Target::SkillGroup(reference),
            TargetKind::Extension => Target::Extension(reference),
        }
    }

    /// The unique value it names, when it names one: an extension is the value of the
    /// `extension` field an agent holds.
    pub fn unique_value(&self) -> Option<(FieldKind, Value)> {
        match self {
            Target::Extension(extension) => Some((FieldKind::Extension, Value::text(extension))),
            _ => None,
        }
    }

    /// The person, account, skill group or extension it names.
    pub fn reference(&self) -> &str {
        match self {
            Target::Person(r) | Target::Agent(r) | Target::SkillGroup(r) | Target::Extension(r) => {
                r
            }
        }
    }

    fn prefix(&self) -> &'static str {
        match self {
            Target::Person(_) => "person",
            Target::Agent(_) => "agent",
            Target::SkillGroup(_) => "skill_group",
            Target::Extension(_) => "extension",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.prefix(), self.reference())
    }
}
