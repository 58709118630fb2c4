//! Edge. Connects the manifest's providers (credentials from the environment, timeouts from
//! the flags or the environment) and fetches their observed state, all providers at once,
//! with progress lines during long reads and one error per provider that failed.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};

use super::NetworkArgs;
use super::progress::Reads;
use crate::call_error::CallError;
use crate::config::ProviderConfig;
use crate::engine::Sender;
use crate::manifest::Diagnostic;
use crate::model::Origin;
use crate::settings;
use crate::state::{DesiredState, FetchNeeds, ObservedState};
use crate::transport::{self, Options, Transport};

/// Connected providers by manifest name.
pub type Providers = BTreeMap<String, Arc<Transport>>;

/// The providers as the apply executor takes them.
pub fn senders(providers: &Providers) -> BTreeMap<String, Arc<dyn Sender>> {
    providers
        .iter()
        .map(|(name, transport)| (name.clone(), Arc::clone(transport) as Arc<dyn Sender>))
        .collect()
}

/// The transports' options: each timeout from its flag, else its environment variable, else
/// the default.
pub fn transport_options(network: &NetworkArgs) -> Result<Options> {
    let env = settings::process_env;
    let connect_timeout = settings::seconds(
        network.connect_timeout,
        settings::USERSYNC_CONNECT_TIMEOUT,
        transport::CONNECT_TIMEOUT,
        &env,
    )
    .map_err(anyhow::Error::msg)?;
    let request_timeout = settings::seconds(
        network.timeout,
        settings::USERSYNC_TIMEOUT,
        transport::REQUEST_TIMEOUT,
        &env,
    )
    .map_err(anyhow::Error::msg)?;
    Ok(Options {
        connect_timeout,
        request_timeout,
        ..Options::default()
    })
}

/// Connects every provider; a missing credential variable is a located problem.
pub fn connect<'a>(
    configs: impl IntoIterator<Item = (&'a String, &'a ProviderConfig, Origin)>,
    options: &Options,
) -> Result<Providers, Vec<Diagnostic>> {
    let env = settings::process_env;
    let mut connected = Providers::new();
    let mut problems = Vec::new();
    for (name, config, origin) in configs {
        let path = format!("providers.{}", crate::manifest::diagnostic::path_key(name));
        let result = crate::settings::credentials(config, &env)
            .map_err(|message| Diagnostic::new(origin.clone(), &path, message))
            .and_then(|credentials| {
                Transport::new(name, config, credentials, options)
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

/// What was read: the state of every provider that could be read, and why the others could
/// not.
pub struct Observed {
    pub state: ObservedState,
    /// By provider: why its state could not be read.
    pub unread: BTreeMap<String, String>,
    cannot_connect: bool,
}

impl Observed {
    /// One `error:`-joined message naming every provider not read (with a hint when some could
    /// not be reached); `None` when every provider was read.
    pub fn unread_message(&self) -> Option<String> {
        if self.unread.is_empty() {
            return None;
        }
        let mut message = self
            .unread
            .iter()
            .map(|(name, error)| format!("reading the current state of `{name}`: {error}"))
            .collect::<Vec<_>>()
            .join("\nerror: ");
        if self.cannot_connect {
            message.push_str(
                "\nhint: check the network and each provider's `endpoint` or `region`; \
                 `--connect-timeout SECS` bounds each connection attempt",
            );
        }
        Some(message)
    }

    /// Every provider's state, or one error naming each provider that could not be read.
    pub fn complete(self) -> Result<ObservedState> {
        match self.unread_message() {
            None => Ok(self.state),
            Some(message) => Err(anyhow::anyhow!(message)),
        }
    }

    /// `desired` without the providers that could not be read: what can be planned (taken
    /// and filtered in place: a copy of a large directory's desired state doubled its memory).
    pub fn readable(&self, mut desired: DesiredState) -> DesiredState {
        if !self.unread.is_empty() {
            desired
                .providers
                .retain(|name, _| !self.unread.contains_key(name));
            desired
                .accounts
                .retain(|account| !self.unread.contains_key(account.provider.as_str()));
        }
        desired
    }
}

/// Fetches every provider in `needs` concurrently. A provider that cannot be read does not
/// stop the others: it is named in `unread`.
pub async fn observe(
    providers: &Providers,
    needs: BTreeMap<String, FetchNeeds>,
) -> Result<Observed> {
    let reads = Arc::new(Reads::new(Instant::now()));
    let mut tasks = tokio::task::JoinSet::new();
    for (name, need) in needs {
        let Some(transport) = providers.get(&name).cloned() else {
            continue;
        };
        let reads = Arc::clone(&reads);
        tasks.spawn(async move {
            let result = crate::engine::fetch::fetch(&transport, &need, reads.as_ref()).await;
            (name, result)
        });
    }
    let mut observed = Observed {
        state: ObservedState::default(),
        unread: BTreeMap::new(),
        cannot_connect: false,
    };
    while let Some(joined) = tasks.join_next().await {
        let (name, result) = joined.context("a fetch task failed")?;
        match result {
            Ok(provider) => {
                tracing::info!(provider = %name, accounts = provider.accounts.len(), reads = provider.read_calls, "fetched");
                observed.state.providers.insert(name, provider);
            }
            Err(error) => {
                observed.cannot_connect |= matches!(
                    error,
                    CallError::Unreachable { .. } | CallError::Network { sent: false, .. }
                );
                observed.unread.insert(name, error.to_string());
            }
        }
    }
    reads.finish();
    // The responses and what was parsed from them on the way are gone.
    super::memory::release();
    Ok(observed)
}
