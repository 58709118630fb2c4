//! Edge. Connects the manifest's providers (credentials from the environment) and fetches
//! their observed state, all providers at once.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::config::ProviderConfig;
use crate::engine::Sender;
use crate::manifest::Diagnostic;
use crate::model::Origin;
use crate::state::{FetchNeeds, ObservedState};
use crate::transport::{Options, Transport};

/// Connected providers by manifest name.
pub type Providers = BTreeMap<String, Arc<Transport>>;

/// The providers as the apply executor takes them.
pub fn senders(providers: &Providers) -> BTreeMap<String, Arc<dyn Sender>> {
    providers
        .iter()
        .map(|(name, transport)| (name.clone(), Arc::clone(transport) as Arc<dyn Sender>))
        .collect()
}

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
                Transport::new(name, config, credentials, &Options::default())
                    .map_err(|message| Diagnostic::new(origin.clone(), &path, message))
            });
        match result {
            Ok(transport) => {
                connected.insert(name.clone(), Arc::new(transport));
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

/// Fetches every provider in `needs` concurrently.
pub async fn observe(
    providers: &Providers,
    needs: BTreeMap<String, FetchNeeds>,
) -> Result<ObservedState> {
    let mut tasks = tokio::task::JoinSet::new();
    for (name, need) in needs {
        let Some(transport) = providers.get(&name).cloned() else {
            continue;
        };
        tasks.spawn(async move {
            let result = crate::engine::fetch::fetch(&transport, &need).await;
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
