//! Edge. Connects the manifest's providers (credentials from the environment) and fetches
//! their observed state, all providers at once.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::engine::{FetchNeeds, Provider};
use crate::manifest::Diagnostic;
use crate::manifest::types::ProviderConfig;
use crate::model::{AccountKey, Origin};
use crate::plan::Plan;
use crate::providers;
use crate::state::{DesiredState, ObservedState};

/// Connected providers by manifest name.
pub type Providers = BTreeMap<String, Arc<dyn Provider>>;

/// Connects every provider; a missing credential variable is a located problem.
pub fn connect<'a>(
    configs: impl IntoIterator<Item = (&'a String, &'a ProviderConfig, Origin)>,
) -> Result<Providers, Vec<Diagnostic>> {
    let env = crate::settings::process_env;
    let mut connected = Providers::new();
    let mut problems = Vec::new();
    for (name, config, origin) in configs {
        let path = format!("providers.{name}");
        let result = crate::settings::credentials(config, &env)
            .map_err(|message| Diagnostic::new(origin.clone(), &path, message))
            .and_then(|credentials| {
                crate::settings::connect(name, config, credentials)
                    .map_err(|error| Diagnostic::new(origin.clone(), &path, format!("{error:#}")))
            });
        match result {
            Ok(provider) => {
                connected.insert(name.clone(), Arc::from(provider));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(connected)
    } else {
        Err(problems)
    }
}

/// What each provider must fetch for the manifest's accounts.
pub fn needs_of_manifest(desired: &DesiredState) -> BTreeMap<String, FetchNeeds> {
    let mut needs: BTreeMap<String, FetchNeeds> = desired
        .providers
        .keys()
        .map(|name| (name.clone(), FetchNeeds::default()))
        .collect();
    for account in &desired.accounts {
        let entry = needs.entry(account.provider.clone()).or_default();
        entry.fields.extend(account.fields.keys().cloned());
        entry.accounts.push(account.key.clone());
    }
    needs
}

/// What each provider must fetch to check a saved plan's accounts for drift.
pub fn needs_of_plan(plan: &Plan) -> BTreeMap<String, FetchNeeds> {
    let mut needs: BTreeMap<String, FetchNeeds> = BTreeMap::new();
    for change in &plan.changes {
        let Some(provider) = plan.providers.iter().find(|p| p.name == change.provider) else {
            continue;
        };
        let entry = needs.entry(change.provider.clone()).or_default();
        entry.fields.extend(change.observed.keys().cloned());
        entry
            .accounts
            .push(remote_key(provider.provider_type, &change.remote_id));
    }
    needs
}

/// The key that finds an account by the id its write call addresses.
fn remote_key(provider_type: crate::model::ProviderType, remote_id: &str) -> AccountKey {
    providers::spec(provider_type).keys[0].key(remote_id.to_string())
}

/// Fetches every provider in `needs` concurrently.
pub async fn observe(
    providers: &Providers,
    needs: BTreeMap<String, FetchNeeds>,
) -> Result<ObservedState> {
    let mut tasks = tokio::task::JoinSet::new();
    for (name, need) in needs {
        let Some(provider) = providers.get(&name).cloned() else {
            continue;
        };
        tasks.spawn(async move {
            let result = provider.fetch(&need).await;
            (name, result)
        });
    }
    let mut observed = ObservedState::default();
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (name, result) = joined.context("a fetch task failed")?;
        match result {
            Ok(provider) => {
                tracing::info!(provider = %name, accounts = provider.accounts.len(), reads = provider.read_calls, "fetched");
                observed.providers.insert(name, provider);
            }
            Err(error) => failures.push(format!("reading the current state of `{name}`: {error}")),
        }
    }
    // Every provider's failure is reported, not only the first one's.
    failures.sort();
    if failures.is_empty() {
        Ok(observed)
    } else {
        Err(anyhow::anyhow!(failures.join("\nerror: ")))
    }
}
