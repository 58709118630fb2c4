//! Edge. The only code that sends HTTP. A [`Transport`] is one provider instance's client:
//! its table, instance, endpoint and credentials, one reqwest client (rustls with ring,
//! timeouts, connection reuse), a pacer per action, and retries for throttled and transient
//! failures, each attempt paced and signed afresh. The engine reads and writes through it.
//! Logs provider, action and request id; never the `Authorization` header or a secret.

pub mod adaptive;
mod attempt;
pub mod pacing;
pub mod request;
pub mod stamp;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use futures_util::future::BoxFuture;
use serde_json::Value as Json;
use tracing::Instrument;

use crate::call_error::{CallError, ErrorClass};
use crate::config::ProviderConfig;
use crate::providers::endpoint::{self, Endpoint};
use crate::providers::{self, Instance, Params, Table};
use crate::sign::Credentials;

pub use pacing::Pacer;
pub use stamp::{Stamp, SystemStamp};

/// A successful call: the response (Tencent's `Response` object, Alibaba's body).
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub body: Json,
    pub request_id: Option<String>,
    /// Attempts it took, retries included.
    pub attempts: u32,
}

/// Turns `true` when an apply is interrupted: calls still waiting for their turn are then not
/// sent. A receiver whose sender is gone never stops anything.
pub type Stop = tokio::sync::watch::Receiver<bool>;

/// How hard to try: attempts, backoff bounds and timeouts.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: usize,
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// Upper bound on the sum of backoff delays for one call.
    pub max_total_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 8,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_total_delay: Duration::from_secs(60),
        }
    }
}

/// Waits between retries: `tokio::time::sleep` in production; tests record the delays
/// instead of sleeping.
pub type Sleeper = Arc<dyn Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync>;

/// Knobs of a transport; the defaults are for the real clouds.
#[derive(Clone)]
pub struct Options {
    pub stamp: Arc<dyn Stamp>,
    pub sleep: Sleeper,
    pub retry: RetryPolicy,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// Requests in flight at once per provider (reads of independent pages and accounts).
    pub concurrency: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            stamp: Arc::new(SystemStamp),
            sleep: Arc::new(|delay| Box::pin(tokio::time::sleep(delay))),
            retry: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            concurrency: 4,
        }
    }
}

/// One provider instance's client.
pub struct Transport {
    provider: String,
    table: &'static Table,
    instance: Instance,
    endpoint: Endpoint,
    credentials: Credentials,
    client: reqwest::Client,
    pacer: Pacer,
    stamp: Arc<dyn Stamp>,
    sleep: Sleeper,
    retry: RetryPolicy,
    concurrency: usize,
}

impl Transport {
    /// The client of provider `provider` as `config` declares it, signing with `credentials`.
    pub fn new(
        provider: &str,
        config: &ProviderConfig,
        credentials: Credentials,
        options: &Options,
    ) -> Result<Transport, String> {
        let table = providers::table(config.provider_type);
        let endpoint = endpoint::resolve(config, table)
            .map_err(|message| format!("provider `{provider}`: {message}"))?;
        let instance = table
            .instance(config)
            .map_err(|message| format!("provider `{provider}`: {message}"))?;
        if credentials.cloud() != table.cloud {
            return Err(format!(
                "provider `{provider}` is `{}` but was given {} credentials",
                config.provider_type,
                credentials.cloud_name()
            ));
        }
        Ok(Transport {
            provider: provider.to_string(),
            table,
            instance,
            endpoint,
            credentials,
            client: attempt::client(options)?,
            pacer: Pacer::new(config),
            stamp: options.stamp.clone(),
            sleep: options.sleep.clone(),
            retry: options.retry.clone(),
            concurrency: options.concurrency.max(1),
        })
    }

    /// The provider's name in the manifest.
    pub fn name(&self) -> &str {
        &self.provider
    }

    /// The table of the provider's type.
    pub fn table(&self) -> &'static Table {
        self.table
    }

    /// The instance every call carries.
    pub fn instance(&self) -> &Instance {
        &self.instance
    }

    /// Requests in flight at once for independent reads.
    pub fn concurrency(&self) -> usize {
        self.concurrency
    }

    /// Sends `action` with `params`, retrying throttled and transient failures. Every
    /// attempt takes a pacer token and is signed afresh (new timestamp and nonce).
    pub async fn call(&self, action: &str, params: Params) -> Result<Reply, CallError> {
        self.call_counted(action, params, None).await.0
    }

    /// [`Transport::call`], also returning how many attempts were made (on failure too).
    ///
    /// Retrying is safe for writes too, even after an ambiguous failure (a timeout or a cut
    /// connection after the request was sent): all four write calls (ModifyStaff, CIC
    /// UpdateUser, ModifyUser, EIAM UpdateUser) set absolute values, and EIAM custom fields use
    /// `replace`/`remove`, never `add`, so sending one twice leaves the same state as once.
    /// With `stop`, a call still waiting for its first turn at the pacer when `stop` turns
    /// true is not sent (`CallError::Interrupted`, 0 attempts); once sent, it runs to the end.
    pub async fn call_counted(
        &self,
        action: &str,
        params: Params,
        stop: Option<Stop>,
    ) -> (Result<Reply, CallError>, u32) {
        let encoded = match request::encode(self.table, &params) {
            Ok(encoded) => encoded,
            Err(message) => return (Err(self.decode_error(action, message)), 0),
        };
        let attempts = AtomicU32::new(0);
        let sleep = RetrySleep(self.sleep.clone());
        let span = tracing::info_span!("call", provider = %self.provider, action = %action);
        let result = (|| async {
            match &stop {
                Some(stop) if attempts.load(Ordering::Relaxed) == 0 => {
                    self.turn_unless_stopped(action, stop.clone()).await?;
                }
                _ => self.pacer.wait(action).await,
            }
            let attempt = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            self.attempt(action, &encoded, attempt).await
        })
        .retry(backoff(&self.retry))
        .sleep(sleep)
        .when(retryable)
        .adjust(|error: &CallError, delay: Option<Duration>| {
            // Honour the provider's wait, but only while the backoff still allows a retry.
            delay.map(|delay| retry_after(error).unwrap_or(delay))
        })
        .notify(|error: &CallError, delay: Duration| {
            tracing::warn!(
                provider = %self.provider,
                action = %action,
                request_id = error.request_id().unwrap_or("-"),
                delay_ms = delay.as_millis() as u64,
                "retrying: {error}"
            );
        })
        .instrument(span)
        .await;
        let attempts = attempts.load(Ordering::Relaxed);
        let result = result.map(|mut reply| {
            reply.attempts = attempts;
            reply
        });
        (result, attempts)
    }
}

/// Exponential backoff with jitter: the first retry after `min_delay`, doubling up to
/// `max_delay` (jitter adds up to as much again), at most `max_attempts - 1` retries whose
/// delays sum to at most `max_total_delay`.
pub fn backoff(policy: &RetryPolicy) -> ExponentialBuilder {
    ExponentialBuilder::default()
        .with_jitter()
        .with_min_delay(policy.min_delay)
        .with_max_delay(policy.max_delay)
        .with_max_times(policy.max_attempts.saturating_sub(1))
        .with_total_delay(Some(policy.max_total_delay))
}

/// The injected sleeper as backon wants it.
struct RetrySleep(Sleeper);

impl backon::Sleeper for RetrySleep {
    type Sleep = BoxFuture<'static, ()>;

    fn sleep(&self, delay: Duration) -> Self::Sleep {
        (self.0)(delay)
    }
}

/// Whether a failed attempt is tried again: throttled and transient failures only. Auth
/// errors would fail the same way on every call, and permanent ones (bad parameters, not
/// found, uniqueness conflicts) on this call: retrying them only burns the quota.
pub fn retryable(error: &CallError) -> bool {
    matches!(error.class(), ErrorClass::Throttled | ErrorClass::Transient)
}

fn retry_after(error: &CallError) -> Option<Duration> {
    match error {
        CallError::Throttled { retry_after, .. } => *retry_after,
        _ => None,
    }
}

#[cfg(test)]
mod tests;
