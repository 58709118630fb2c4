//! Edge. [`HttpProvider`]: the `Provider` trait over a [`Transport`], one struct for every
//! provider type; what differs between types comes from the provider tables.

use crate::call_error::CallError;
use crate::engine::fetch::{self, Reader};
use crate::engine::provider::{BoxFuture, Stop};
use crate::engine::{FetchNeeds, Provider, WriteFailure, WriteOutcome};
use crate::manifest::types::ProviderConfig;
use crate::plan::Change;
use crate::providers::wire::{Wire, wire};
use crate::providers::{self, Instance, ProviderSpec};
use crate::state::ObservedProvider;

use super::{Credentials, Options, Transport};

/// A provider instance reached over HTTP (the real clouds, or the emulator by endpoint).
pub struct HttpProvider {
    name: String,
    spec: &'static ProviderSpec,
    wire: &'static Wire,
    instance: Instance,
    transport: Transport,
    concurrency: usize,
}

impl HttpProvider {
    pub fn new(
        name: &str,
        config: &ProviderConfig,
        credentials: Credentials,
        options: &Options,
    ) -> Result<HttpProvider, String> {
        let endpoint = providers::endpoint::resolve(config)
            .map_err(|message| format!("provider `{name}`: {message}"))?;
        let instance = providers::instance(config)
            .map_err(|message| format!("provider `{name}`: {message}"))?;
        Ok(HttpProvider {
            name: name.to_string(),
            spec: providers::spec(config.provider_type),
            wire: wire(config.provider_type),
            instance,
            transport: Transport::new(name, config, endpoint, credentials, options)?,
            concurrency: options.concurrency.max(1),
        })
    }
}

impl Provider for HttpProvider {
    fn name(&self) -> &str {
        &self.name
    }

    fn fetch<'a>(
        &'a self,
        needs: &'a FetchNeeds,
    ) -> BoxFuture<'a, Result<ObservedProvider, CallError>> {
        Box::pin(async move {
            let reader = Reader {
                caller: &self.transport,
                spec: self.spec,
                wire: self.wire,
                instance: &self.instance,
                concurrency: self.concurrency,
            };
            fetch::fetch(&reader, needs).await
        })
    }

    fn write<'a>(
        &'a self,
        change: &'a Change,
    ) -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>> {
        Box::pin(self.write_once(change, None))
    }

    fn write_unless_stopped<'a>(
        &'a self,
        change: &'a Change,
        stop: Stop,
    ) -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>> {
        Box::pin(self.write_once(change, Some(stop)))
    }
}

impl HttpProvider {
    async fn write_once(
        &self,
        change: &Change,
        stop: Option<Stop>,
    ) -> Result<WriteOutcome, WriteFailure> {
        let (result, attempts) = self
            .transport
            .call_counted(&change.action, change.params.clone(), stop)
            .await;
        let reply = result.map_err(|error| WriteFailure { error, attempts })?;
        tracing::debug!(
            provider = %self.name,
            action = %change.action,
            request_id = reply.request_id.as_deref().unwrap_or("-"),
            attempts = reply.attempts,
            "applied"
        );
        Ok(WriteOutcome {
            request_id: reply.request_id,
            attempts: reply.attempts,
        })
    }
}
