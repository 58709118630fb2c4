//! Pure. Compares each managed account with its remote account, field by field, and turns
//! the differences into one write call per account, or into problems.

use std::collections::BTreeMap;

use super::{
    Change, FieldChange, PLAN_FORMAT_VERSION, Plan, Problem, ProblemKind, ProviderPlan, order,
};
use crate::config::ProviderConfig;
use crate::model::{Field, Value};
use crate::providers::{self, Assignment, Table};
use crate::state::{
    Catalog, DesiredAccount, DesiredState, ObservedAccount, ObservedProvider, ObservedState,
};

/// Plans the calls that make the observed state match the desired state.
pub fn plan(desired: &DesiredState, observed: &ObservedState) -> Plan {
    let empty = ObservedProvider::default();
    let mut changes = Vec::new();
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
        let mut by_key: std::collections::HashMap<crate::model::AccountKey, usize> =
            Default::default();
        for (index, account) in remote.accounts.iter().enumerate() {
            for key in &account.keys {
                by_key.entry(key.folded()).or_insert(index);
            }
        }
        for account in desired.accounts.iter().filter(|a| &a.provider == name) {
            let Some(&index) = by_key.get(&account.key.folded()) else {
                problems.push(Problem::of(
                    account,
                    ProblemKind::NotFound,
                    None,
                    format!("no account `{}` on `{name}`", account.key),
                    Some(
                        "usersync updates existing accounts; create it first, or fix the key"
                            .into(),
                    ),
                ));
                continue;
            };
            matched[index] = true;
            summary.managed += 1;
            let remote_account = &remote.accounts[index];
            match account_change(
                account,
                remote_account,
                remote,
                config,
                &mut summary.labels,
                &mut problems,
            ) {
                Some(change) => changes.push(change),
                None => summary.unchanged += 1,
            }
        }
        summary.unmanaged = matched.iter().filter(|m| !**m).count();
        summaries.push(summary);
    }
    let changes = order::order(changes, desired, observed, &mut problems);
    problems.sort_by(|a, b| {
        (&a.provider, &a.person, &a.field, a.kind).cmp(&(&b.provider, &b.person, &b.field, b.kind))
    });
    Plan {
        format_version: PLAN_FORMAT_VERSION,
        fingerprint: String::new(),
        providers: summaries,
        changes,
        problems,
    }
    .seal()
}

/// The change one account needs, if any; problems found on the way are pushed.
fn account_change(
    account: &DesiredAccount,
    remote: &ObservedAccount,
    provider: &ObservedProvider,
    config: &ProviderConfig,
    labels: &mut BTreeMap<String, String>,
    problems: &mut Vec<Problem>,
) -> Option<Change> {
    let table = providers::table(account.provider_type);
    let mut fields = Vec::new();
    let mut observed = BTreeMap::new();
    for (field, desired) in &account.fields {
        let have = remote.fields.get(field);
        observed.insert(field.clone(), have.cloned());
        let want = match resolve(table, field, &desired.value, &provider.catalog, labels) {
            Ok(want) => want,
            Err(message) => {
                problems.push(Problem::of(
                    account,
                    ProblemKind::UnknownReference,
                    Some(field),
                    message,
                    None,
                ));
                continue;
            }
        };
        if have.unwrap_or(&Value::Unset) == &want {
            continue;
        }
        label_ids(table, have, field, &provider.catalog, labels);
        if table.write_name(field.kind).is_none() {
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
    if fields.is_empty() {
        return None;
    }
    if let Some(reason) = &remote.locked {
        let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.field)).collect();
        problems.push(Problem::of(
            account,
            ProblemKind::Locked,
            None,
            format!("{reason}; it would change {}", names.join(", ")),
            Some("change it at its source, or stop managing these fields".into()),
        ));
        return None;
    }
    // A saved plan is checked for drift on what every call carries too.
    for kind in table.carried {
        let carried = Field::known(*kind);
        observed
            .entry(carried.clone())
            .or_insert_with(|| remote.fields.get(&carried).cloned());
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
            provider: account.provider.clone(),
            action: table.write_action.to_string(),
            person: account.person.clone(),
            account: account.key.to_string(),
            remote_id: remote.remote_id.clone(),
            fields,
            params,
            after: Vec::new(),
            observed,
            origin: account.origin.clone(),
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

/// The desired value with references (skill groups, roles) resolved to remote ids.
fn resolve(
    table: &Table,
    field: &Field,
    value: &Value,
    catalog: &Catalog,
    labels: &mut BTreeMap<String, String>,
) -> Result<Value, String> {
    let Some(kind) = table.field(field.kind).and_then(|spec| spec.catalog) else {
        return Ok(value.clone());
    };
    let (entries, what) = (catalog.entries(kind), kind.noun());
    let references: Vec<&str> = match value {
        Value::List(items) => items.iter().map(String::as_str).collect(),
        Value::Text(text) => vec![text.as_str()],
        _ => return Ok(value.clone()),
    };
    let mut ids = Vec::new();
    for reference in references {
        let entry = Catalog::resolve(entries, reference).ok_or_else(|| {
            let known: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
            format!(
                "{what} `{reference}` does not exist; known: {}",
                known.join(", ")
            )
        })?;
        labels.insert(entry.id.clone(), entry.name.clone());
        ids.push(entry.id.clone());
    }
    Ok(match value {
        Value::List(_) => Value::list(ids),
        _ => Value::Text(ids.remove(0)),
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
    let ids: Vec<&String> = match value {
        Some(Value::List(items)) => items.iter().collect(),
        Some(Value::Text(text)) => vec![text],
        _ => Vec::new(),
    };
    for id in ids {
        if let Some(entry) = entries.iter().find(|e| &e.id == id) {
            labels.insert(entry.id.clone(), entry.name.clone());
        }
    }
}
