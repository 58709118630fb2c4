//! Pure. The plan: what `apply` will send, what it cannot do and why, and a summary; built by
//! [`plan()`] from the desired and observed states, rendered by `render`. Plans are data:
//! they serialise to the versioned JSON described by `schemas/plan.schema.json`.

pub mod base;
mod diff;
pub mod drift;
mod forwarding;
mod order;
pub mod redact;
pub mod render;
pub mod safety;
#[cfg(test)]
mod tests;
pub mod verify;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::config::ProviderConfig;
use crate::model::{Field, Origin, ProviderType, Value};
use crate::providers;
use crate::state::{DesiredAccount, FetchNeeds};

pub use diff::plan;

/// The version of the plan document; bumped on any incompatible change.
pub const PLAN_FORMAT_VERSION: u32 = 2;

/// Everything a reviewer needs to know about an apply before it happens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    pub format_version: u32,
    /// SHA-256 of the plan's content (without this field); equal plans have equal fingerprints.
    pub fingerprint: String,
    pub providers: Vec<ProviderPlan>,
    /// Write calls in an order that satisfies every `after` constraint.
    pub changes: Vec<Change>,
    pub problems: Vec<Problem>,
    /// The safety limit on the calls one apply may make, when one applies; set by the command
    /// that shows the plan (it depends on `--max-changes`), not part of the fingerprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety: Option<SafetyLimit>,
    /// With `plan --base`: the comparison with the base branch's plan (which changes and
    /// problems are already pending there is marked on each); not part of the fingerprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<base::BaseComparison>,
    /// What kept the plan from being whole, set by the command that made it: a provider that
    /// could not be read (its accounts are not planned), a base manifest that could not be
    /// compared. Shown wherever the plan is (a pull request's comment included); not part of
    /// the fingerprint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// The safety limit as it applies to a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SafetyLimit {
    /// The largest number of calls an apply may make.
    pub limit: usize,
    /// Whether the limit is the default (a share of the managed accounts) or `--max-changes`.
    pub default: bool,
    /// Whether this plan makes more calls than the limit (apply then refuses it).
    pub exceeded: bool,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProviderPlan {
    pub name: String,
    #[serde(rename = "type")]
    pub provider_type: ProviderType,
    /// The configuration (never secrets: only the names of credential variables).
    pub config: ProviderConfig,
    /// Accounts the manifest manages that were found.
    pub managed: usize,
    /// Managed accounts already as the manifest says.
    pub unchanged: usize,
    /// Remote accounts the manifest does not mention; never touched.
    pub unmanaged: usize,
    /// Read requests made to observe this provider.
    pub read_calls: u64,
    pub write_action: String,
    /// Write requests per second the apply will be paced at.
    pub write_rate: f64,
    /// Names of the skill group and role ids that appear in changes, for display.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// One write call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// 1-based position in the plan.
    pub id: usize,
    pub provider: String,
    pub action: String,
    pub person: String,
    /// The account as the manifest matches it (email, user name or user id).
    pub account: String,
    /// The id the call addresses.
    pub remote_id: String,
    pub fields: Vec<FieldChange>,
    /// The exact request parameters (logical form; never credentials).
    pub params: Map<String, Json>,
    /// Ids of changes that must succeed before this one is sent (they release a unique value
    /// this one takes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<usize>,
    /// What the account's managed fields held when planned; a saved plan is applied only if
    /// they still do.
    pub observed: BTreeMap<Field, Option<Value>>,
    pub origin: Origin,
    /// With `plan --base`: the base branch's manifest asks for this same call, so it is
    /// already pending (drift, or not applied yet) rather than brought by the change under
    /// review.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pending: bool,
}

fn is_false(flag: &bool) -> bool {
    !flag
}

/// One field's change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FieldChange {
    pub field: Field,
    pub before: Option<Value>,
    pub after: Value,
}

impl Problem {
    /// A problem of the manifest's `account`, located at `field` when given (else the account).
    pub fn of(
        account: &DesiredAccount,
        kind: ProblemKind,
        field: Option<&Field>,
        message: String,
        hint: Option<String>,
    ) -> Problem {
        Problem {
            kind,
            provider: account.provider.to_string(),
            person: account.person.to_string(),
            account: account.key.to_string(),
            field: field.cloned(),
            message,
            hint,
            origin: field
                .and_then(|f| account.origin_of(f))
                .unwrap_or_else(|| account.origin()),
            pending: false,
        }
    }
}

/// Bytes written into a SHA-256.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Something the manifest asks for that cannot be done as things stand.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    pub kind: ProblemKind,
    pub provider: String,
    pub person: String,
    pub account: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    pub origin: Origin,
    /// With `plan --base`: the base branch's manifest has the same problem.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pending: bool,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// No remote account matches the manifest's account.
    NotFound,
    /// The remote account cannot be updated (a synchronized CIC user).
    Locked,
    /// The field differs but the provider's write call cannot change it.
    ReadOnly,
    /// A skill group, role or forwarding target that does not exist.
    UnknownReference,
    /// A unique value is held by another account that keeps it.
    Conflict,
    /// Accounts that want each other's unique values.
    Cycle,
    /// A change that waits for another change that cannot be made.
    Blocked,
    /// The write call cannot be built (e.g. a required current value is unknown).
    Invalid,
}

impl ProblemKind {
    /// The kind as the plan document spells it (`not-found`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::NotFound => "not-found",
            ProblemKind::Locked => "locked",
            ProblemKind::ReadOnly => "read-only",
            ProblemKind::UnknownReference => "unknown-reference",
            ProblemKind::Conflict => "conflict",
            ProblemKind::Cycle => "cycle",
            ProblemKind::Blocked => "blocked",
            ProblemKind::Invalid => "invalid",
        }
    }
}

impl Plan {
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Computes the fingerprint: the SHA-256 of what the plan does (providers, calls,
    /// problems), so that the same plan has the same fingerprint wherever its manifest lives
    /// and however its lines are laid out, and whether or not it was compared with a base
    /// branch. Origins (file, line), the safety verdict and the base comparison are not part
    /// of it.
    pub fn seal(mut self) -> Plan {
        self.fingerprint = self.content_digest();
        self
    }

    /// Whether the fingerprint matches the content (a saved plan was not edited).
    pub fn is_sealed(&self) -> bool {
        self.clone().content_digest() == self.fingerprint
    }

    /// The SHA-256 of the plan's JSON with the fingerprint empty and no safety verdict, base
    /// comparison, warnings, origins or pending marks, written straight into the hash: those
    /// are taken out for the time of the hashing and put back, so that a plan of many changes
    /// is not copied to be hashed.
    fn content_digest(&mut self) -> String {
        let fingerprint = std::mem::take(&mut self.fingerprint);
        let safety = self.safety.take();
        let base = self.base.take();
        let warnings = std::mem::take(&mut self.warnings);
        // Swapped out for blanks, and back in after.
        let mut marks = vec![(Origin::default(), false); self.changes.len() + self.problems.len()];
        self.swap_marks(&mut marks);
        let mut hash = HashWriter(Sha256::new());
        serde_json::to_writer(&mut hash, &*self).expect("plans always serialise");
        self.fingerprint = fingerprint;
        self.safety = safety;
        self.base = base;
        self.warnings = warnings;
        self.swap_marks(&mut marks);
        hex::encode(hash.0.finalize())
    }

    /// Swaps each change's and problem's origin and pending mark with those in `marks` (in
    /// plan order, changes first).
    fn swap_marks(&mut self, marks: &mut [(Origin, bool)]) {
        let changes = self
            .changes
            .iter_mut()
            .map(|c| (&mut c.origin, &mut c.pending));
        let problems = self
            .problems
            .iter_mut()
            .map(|p| (&mut p.origin, &mut p.pending));
        for ((origin, pending), kept) in changes.chain(problems).zip(marks) {
            std::mem::swap(origin, &mut kept.0);
            std::mem::swap(pending, &mut kept.1);
        }
    }

    /// The plan without the changes whose ids are in `ids` (returned first), and without
    /// waiting for them. The fingerprint stays the reviewed plan's.
    pub fn without(mut self, ids: &std::collections::BTreeSet<usize>) -> (Vec<Change>, Plan) {
        let (removed, kept): (Vec<Change>, Vec<Change>) = std::mem::take(&mut self.changes)
            .into_iter()
            .partition(|change| ids.contains(&change.id));
        self.changes = kept;
        for change in &mut self.changes {
            change.after.retain(|id| !ids.contains(id));
        }
        (removed, self)
    }

    /// What each provider must fetch to check the changes' accounts (for drift, or to verify):
    /// every field a change recorded, for the accounts its calls address.
    pub fn fetch_needs(&self) -> BTreeMap<String, FetchNeeds> {
        let mut needs: BTreeMap<String, FetchNeeds> = BTreeMap::new();
        for change in &self.changes {
            let Some(provider) = self.providers.iter().find(|p| p.name == change.provider) else {
                continue;
            };
            let address = providers::table(provider.provider_type).address.kind;
            let entry = needs.entry(change.provider.clone()).or_default();
            let key = address.key(change.remote_id.clone());
            entry.add(&key, change.observed.keys().cloned());
        }
        needs
    }

    /// The least time the changes can take at the providers' write rates (providers run in
    /// parallel, so the slowest one sets it).
    pub fn minimum_apply_seconds(&self) -> f64 {
        self.providers
            .iter()
            .map(|provider| {
                let calls = self
                    .changes
                    .iter()
                    .filter(|c| c.provider == provider.name)
                    .count();
                calls as f64 / provider.write_rate
            })
            .fold(0.0, f64::max)
    }
}
