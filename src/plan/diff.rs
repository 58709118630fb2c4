//! Pure. Compares each managed account with its remote account, field by field, and turns
//! the differences into one write call per account, or into problems. An account with a
//! problem is not written: its change is withheld (and what waits for it is blocked), while
//! every other change goes ahead.

use std::collections::{BTreeMap, BTreeSet};

use compact_str::CompactString;
use foldhash::{HashMap, HashMapExt};

use super::forwarding::{Targets, Unusable};
use super::{
    Change, FieldChange, PLAN_FORMAT_VERSION, Plan, Problem, ProblemKind, ProviderPlan, order,
};
use crate::config::ProviderConfig;
use crate::manifest::diagnostic::{Candidates, did_you_mean};
use crate::model::{AccountKey, Field, KeyKind, Value};
use crate::providers::forwarding::{ENABLED, TO};
use crate::providers::table::Form;
use crate::providers::{self, Assignment, Table};
use crate::state::{
    Catalog, CatalogEntry, DesiredAccount, DesiredState, ObservedAccount, ObservedProvider,
    ObservedState,
};

/// Plans the calls that make the observed state match the desired state.
pub fn plan(desired: &DesiredState, observed: &ObservedState) -> Plan {
    let empty = ObservedProvider::default();
    let mut changes = Vec::new();
    let mut withheld = BTreeSet::new();
    let mut problems = Vec::new();
    let mut summaries = Vec::new();
    for (name, provider) in &desired.providers {
        let config = &provider.config;
        let table = providers::table(config.provider_type);
        let remote = observed.providers.get(name).unwrap_or(&empty);
        let mut summary = ProviderPlan {
            name: name.clone(),
            provider_type: config.provider_type,
            config: config.clone(),
            managed: 0,
            unchanged: 0,
            unmanaged: 0,
            read_calls: remote.read_calls,
            write_action: table.write_action.to_string(),
            write_rate: providers::rate(config, table.write_action),
            labels: BTreeMap::new(),
        };
        let mut matched = vec![false; remote.accounts.len()];
        // Keys as the services compare them (emails and login names without case).
        let keys = remote.accounts.iter().map(|a| a.keys.len()).sum();
        let mut by_key: HashMap<AccountKey, usize> = HashMap::with_capacity(keys);
        for (index, account) in remote.accounts.iter().enumerate() {
            for key in &account.keys {
                by_key.entry(key.folded()).or_insert(index);
            }
        }
        let targets = Targets::new(name, table, desired, remote);
        let mut suggestions = SUGGESTED_NOT_FOUND;
        // The remote keys of each kind, gathered once for all the suggestions.
        let mut candidates = Vec::new();
        for account in desired.accounts.iter().filter(|a| a.provider == name) {
            let Some(&index) = by_key.get(&account.key.folded()) else {
                let nearest = match suggestions.checked_sub(1) {
                    Some(left) => {
                        suggestions = left;
                        nearest_account(&account.key, remote, &mut candidates)
                    }
                    None => None,
                };
                let fix = "usersync updates existing accounts; create it first, or fix the key";
                let hint = match nearest {
                    Some(suggestion) => format!("{suggestion} {fix}"),
                    None => fix.to_string(),
                };
                problems.push(Problem::of(
                    account,
                    ProblemKind::NotFound,
                    None,
                    format!("no account `{}` on `{name}`", account.key),
                    Some(hint),
                ));
                continue;
            };
            matched[index] = true;
            summary.managed += 1;
            let remote_account = &remote.accounts[index];
            let before = problems.len();
            let observed = Observed {
                account: remote_account,
                provider: remote,
                targets: &targets,
            };
            match account_change(
                account,
                &observed,
                config,
                &mut summary.labels,
                &mut problems,
            ) {
                Some(change) => {
                    if problems.len() > before {
                        withheld.insert(changes.len());
                    }
                    changes.push(change);
                }
                // An account held back by a problem is not "unchanged".
                None if problems.len() == before => summary.unchanged += 1,
                None => {}
            }
        }
        summary.unmanaged = matched.iter().filter(|m| !**m).count();
        summaries.push(summary);
    }
    let changes = order::order(changes, &withheld, desired, observed, &mut problems);
    problems.sort_by(|a, b| {
        (&a.provider, &a.person, &a.field, a.kind).cmp(&(&b.provider, &b.person, &b.field, b.kind))
    });
    Plan {
        format_version: PLAN_FORMAT_VERSION,
        fingerprint: String::new(),
        providers: summaries,
        changes,
        problems,
        safety: None,
        base: None,
        warnings: Vec::new(),
    }
    .seal()
}

/// An account as fetched, with its provider's state and forwarding targets.
struct Observed<'a> {
    account: &'a ObservedAccount,
    provider: &'a ObservedProvider,
    targets: &'a Targets<'a>,
}

/// The change one account needs, if any; problems found on the way are pushed.
fn account_change(
    account: &DesiredAccount,
    observed_state: &Observed,
    config: &ProviderConfig,
    labels: &mut BTreeMap<String, String>,
    problems: &mut Vec<Problem>,
) -> Option<Change> {
    let (remote, targets) = (observed_state.account, observed_state.targets);
    let table = providers::table(account.provider_type);
    let mut fields = Vec::new();
    // Structured fields with a part that cannot be resolved: their other parts are not sent
    // either (the account is withheld for the problem anyway).
    let mut broken = Vec::new();
    for (field, desired) in &account.fields {
        let have = remote.fields.get(field);
        let want = match wanted(account, field, &desired.value, observed_state, labels) {
            Ok(want) => want,
            Err(unusable) => {
                for (kind, message, hint) in unusable {
                    problems.push(Problem::of(account, kind, Some(field), message, hint));
                }
                broken.push(field.kind);
                continue;
            }
        };
        if have.unwrap_or(&Value::Unset) == &want {
            continue;
        }
        let writable = table.write_name(field.kind).is_some();
        // A case-only difference is sent where the call can set the value; where it cannot,
        // the service holds the same value as far as it is concerned.
        let same_without_case = field.kind.compares_without_case()
            && have.is_some_and(|have| have.folded(field.kind) == want.folded(field.kind));
        if !writable && same_without_case {
            continue;
        }
        label_ids(table, have, field, &observed_state.provider.catalog, labels);
        if !writable {
            problems.push(Problem::of(account, ProblemKind::ReadOnly, Some(field),
                format!("`{field}` is `{}` remotely and `{want}` in the manifest, but {} cannot change it",
                    have.unwrap_or(&Value::Unset), table.write_action),
                Some(format!("change it in the console, or set `{field}` to the remote value"))));
            continue;
        }
        fields.push(FieldChange {
            field: field.clone(),
            before: have.cloned(),
            after: want,
        });
    }
    fields.retain(|f| f.field.part_name().is_none() || !broken.contains(&f.field.kind));
    if fields.is_empty() {
        return None;
    }
    // What a saved plan checks for drift: every managed field as observed (made only for an
    // account that changes: most accounts of a large directory do not).
    let mut observed: BTreeMap<Field, Option<Value>> = account
        .fields
        .iter()
        .map(|(field, _)| (field.clone(), remote.fields.get(field).cloned()))
        .collect();
    if let Some(reason) = &remote.locked {
        let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.field)).collect();
        // One field: the problem is where that value is written (often on the person).
        let field = match fields.as_slice() {
            [only] => Some(&only.field),
            _ => None,
        };
        problems.push(Problem::of(
            account,
            ProblemKind::Locked,
            field,
            format!("{reason}; it would change {}", names.join(", ")),
            Some(
                "change it at its source; or give this account the value it has, under the \
                 account (an account's own value overrides the person's); or stop managing it"
                    .into(),
            ),
        ));
        return None;
    }
    // A saved plan is checked for drift on what every call carries too: the fields every
    // call carries, and every part of a structured field written whole.
    let whole = fields.iter().filter(|f| !f.field.kind.parts().is_empty());
    let parts = whole.flat_map(|f| {
        f.field
            .kind
            .parts()
            .iter()
            .map(|p| Field::part(f.field.kind, p))
    });
    for carried in table
        .carried
        .iter()
        .map(|kind| Field::known(*kind))
        .chain(parts)
    {
        targets.label(remote.fields.get(&carried), labels);
        observed
            .entry(carried.clone())
            .or_insert_with(|| remote.fields.get(&carried).cloned());
    }
    if let Some(problem) = carried_target(account, remote, targets, &fields, &observed) {
        let (kind, message, hint) = problem;
        let field = fields
            .iter()
            .map(|f| &f.field)
            .find(|f| f.part_name().is_some());
        problems.push(Problem::of(account, kind, field, message, hint));
        return None;
    }
    let assignments: Vec<Assignment> = fields
        .iter()
        .map(|f| Assignment {
            kind: f.field.kind,
            custom: f.field.custom.as_deref(),
            value: &f.after,
        })
        .collect();
    let params = table.instance(config).and_then(|instance| {
        providers::update_params(
            table,
            &instance,
            &remote.remote_id,
            &remote.fields,
            &assignments,
        )
    });
    match params {
        Ok(params) => Some(Change {
            id: 0,
            provider: account.provider.to_string(),
            action: table.write_action.to_string(),
            person: account.person.to_string(),
            account: account.key.to_string(),
            remote_id: remote.remote_id.to_string(),
            fields,
            params,
            after: Vec::new(),
            observed,
            origin: account.origin(),
            pending: false,
        }),
        Err(message) => {
            problems.push(Problem::of(
                account,
                ProblemKind::Invalid,
                None,
                message,
                None,
            ));
            None
        }
    }
}

/// The desired value of `field` in the service's terms (references resolved), or why it
/// cannot be had.
fn wanted(
    account: &DesiredAccount,
    field: &Field,
    value: &Value,
    observed: &Observed,
    labels: &mut BTreeMap<String, String>,
) -> Result<Value, Vec<Unusable>> {
    let table = providers::table(account.provider_type);
    let is_target = field.part_name() == Some(TO)
        && table
            .field(field.kind)
            .is_some_and(|spec| matches!(spec.form, Form::Forwarding(_)));
    if is_target {
        let targets = observed.targets;
        targets.label(observed.account.fields.get(field), labels);
        return targets
            .resolve(account, observed.account, field, value, labels)
            .map_err(|problem| vec![problem]);
    }
    resolve(table, field, value, &observed.provider.catalog, labels).map_err(|unknown| {
        let kind = ProblemKind::UnknownReference;
        unknown.into_iter().map(|(m, h)| (kind, m, h)).collect()
    })
}

/// What is wrong with the forwarding target a change carries from what the agent has now,
/// when the change enables forwarding or sends it whole while enabled and the manifest sets no
/// target (`observed` holds every part of a forwarding that changes).
fn carried_target(
    account: &DesiredAccount,
    remote: &ObservedAccount,
    targets: &Targets,
    fields: &[FieldChange],
    observed: &BTreeMap<Field, Option<Value>>,
) -> Option<Unusable> {
    let kind = fields
        .iter()
        .find(|f| f.field.part_name().is_some())?
        .field
        .kind;
    let (enabled, to) = (Field::part(kind, ENABLED), Field::part(kind, TO));
    let after = |part: &Field| {
        fields
            .iter()
            .find(|f| &f.field == part)
            .map(|f| &f.after)
            .or_else(|| observed.get(part).and_then(Option::as_ref))
    };
    let sets_target = account.fields.contains_key(&to);
    if sets_target || after(&enabled) != Some(&Value::Bool(true)) {
        return None;
    }
    targets.check_carried(account, remote, after(&to)?)
}

/// `skill group `Salse` does not exist; known: …` with a did-you-mean, for a reference
/// missing from `entries`.
pub(super) fn unknown_reference(
    what: &str,
    reference: &str,
    entries: &[CatalogEntry],
) -> (String, Option<String>) {
    let names = entries.iter().map(|e| e.name.as_str());
    let mut known: Vec<&str> = names.clone().take(KNOWN_SHOWN).collect();
    if entries.len() > KNOWN_SHOWN {
        known.push("…");
    }
    let known = if known.is_empty() {
        format!("there are no {what}s")
    } else {
        format!("known: {}", known.join(", "))
    };
    (
        format!("{what} `{reference}` does not exist; {known}"),
        did_you_mean(reference, names),
    )
}

/// The desired value with references (skill groups, roles) resolved to remote ids; or every
/// reference that does not exist, each with its message and a did-you-mean.
fn resolve(
    table: &Table,
    field: &Field,
    value: &Value,
    catalog: &Catalog,
    labels: &mut BTreeMap<String, String>,
) -> Result<Value, Vec<(String, Option<String>)>> {
    let Some(kind) = table.field(field.kind).and_then(|spec| spec.catalog) else {
        return Ok(value.clone());
    };
    let (entries, what) = (catalog.entries(kind), kind.noun());
    let references: Vec<&str> = match value {
        Value::List(items) => items.iter().map(CompactString::as_str).collect(),
        Value::Text(text) => vec![text.as_str()],
        _ => return Ok(value.clone()),
    };
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for reference in references {
        match Catalog::resolve(entries, reference) {
            Some(entry) => {
                labels.insert(entry.id.clone(), entry.name.clone());
                ids.push(entry.id.clone());
            }
            None => unknown.push(unknown_reference(what, reference, entries)),
        }
    }
    if !unknown.is_empty() {
        return Err(unknown);
    }
    Ok(match value {
        Value::List(_) => Value::list(ids),
        _ => Value::text(ids.remove(0)),
    })
}

/// How many catalog names an unknown-reference message lists.
const KNOWN_SHOWN: usize = 20;

/// How many not-found accounts get a nearest-account suggestion (each compares the key with
/// every remote account's).
const SUGGESTED_NOT_FOUND: usize = 200;

/// `did you mean `alice.liu`?`: the remote account whose key of the same kind is nearest.
/// Emails are compared by the part before the `@`, among addresses of the same domain (else
/// every address of a domain looks near every other). `candidates` keeps the keys of each
/// kind, in the accounts' order, once gathered.
fn nearest_account<'a>(
    key: &AccountKey,
    remote: &'a ObservedProvider,
    candidates: &mut Vec<(KeyKind, Option<String>, Candidates<'a>)>,
) -> Option<String> {
    let kind = key.kind();
    // An email is compared by its local part with the other addresses of its domain.
    let (found, domain) = match key.value().rsplit_once('@') {
        Some((local, domain)) if kind == KeyKind::Email => (local, Some(domain)),
        _ => (key.value(), None),
    };
    let folded_domain = domain.map(str::to_ascii_lowercase);
    let index = match candidates
        .iter()
        .position(|(have, of, _)| *have == kind && *of == folded_domain)
    {
        Some(index) => index,
        None => {
            let keys = remote
                .accounts
                .iter()
                .flat_map(|account| &account.keys)
                .filter(|candidate| candidate.kind() == kind)
                .map(AccountKey::value);
            let names = match domain {
                Some(domain) => Candidates::new(
                    keys.filter_map(|email| email.rsplit_once('@'))
                        .filter(|(_, other)| other.eq_ignore_ascii_case(domain))
                        .map(|(local, _)| local),
                ),
                None => Candidates::new(keys),
            };
            candidates.push((kind, folded_domain, names));
            candidates.len() - 1
        }
    };
    let nearest = candidates[index].2.nearest(found)?;
    Some(match domain {
        Some(domain) => format!("did you mean `{nearest}@{domain}`?"),
        None => format!("did you mean `{nearest}`?"),
    })
}

/// Records the names of skill group and role ids an observed value holds, for display.
fn label_ids(
    table: &Table,
    value: Option<&Value>,
    field: &Field,
    catalog: &Catalog,
    labels: &mut BTreeMap<String, String>,
) {
    let Some(kind) = table.field(field.kind).and_then(|spec| spec.catalog) else {
        return;
    };
    let entries = catalog.entries(kind);
    let ids: Vec<&str> = match value {
        Some(Value::List(items)) => items.iter().map(CompactString::as_str).collect(),
        Some(Value::Text(text)) => vec![text.as_str()],
        _ => Vec::new(),
    };
    for id in ids {
        if let Some(entry) = entries.iter().find(|e| e.id == id) {
            labels.insert(entry.id.clone(), entry.name.clone());
        }
    }
}
