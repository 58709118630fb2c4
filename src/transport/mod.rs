//! Edge. The only code that sends HTTP. A [`Transport`] is one provider instance's client:
//! its table, instance, endpoint and credentials, one reqwest client (rustls with ring,
//! timeouts, connection reuse), a pacer per action, retries for throttled and transient
//! failures, each attempt paced and signed afresh, and a circuit breaker that stops sending
//! to a provider that cannot be reached (`breaker.rs`). The engine reads and writes through
//! it. Logs provider, action, host and request id; never the `Authorization` header, a URL or
//! a secret.

pub mod adaptive;
mod attempt;
pub mod breaker;
mod circuit;
pub mod notices;
pub mod pacing;
pub mod request;
pub mod stamp;

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use futures_util::future::BoxFuture;
use tracing::Instrument;

use crate::call_error::{CallError, ErrorClass};
use crate::config::ProviderConfig;
use crate::json::JsonRef;
use crate::providers::endpoint::{self, Endpoint};
use crate::providers::{self, Instance, Params, Table};
use crate::sign::Credentials;

use breaker::Evidence;
use circuit::Circuit;
use notices::{Notice, Notices};
pub use pacing::Pacer;
pub use stamp::{Stamp, SystemStamp};

/// A successful call.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub request_id: Option<String>,
    /// Attempts it took, retries included.
    pub attempts: u32,
}

/// What a read makes of an answer (Tencent's `Response` object, Alibaba's body; parsed once,
/// borrowing from the body): an answer it cannot read fails the call as undecodable, without a
/// retry.
pub type Read<'r, T> = &'r (dyn Fn(&JsonRef) -> Result<T, String> + Sync);

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

/// Default connect timeout: a handshake with a cloud API takes well under a second, and 5 s
/// leaves room for two lost SYNs (Linux retransmits after 1 s, then 2 s more).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default timeout of one request, connecting included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Knobs of a transport; the defaults are for the real clouds.
#[derive(Clone)]
pub struct Options {
    pub stamp: Arc<dyn Stamp>,
    pub sleep: Sleeper,
    pub retry: RetryPolicy,
    /// How long one attempt may take to connect (capped at `request_timeout`).
    pub connect_timeout: Duration,
    /// How long one attempt may take in all, connecting included.
    pub request_timeout: Duration,
    /// Requests in flight at once per provider (reads of independent pages and accounts).
    pub concurrency: usize,
    /// Connection failures in a row that open the provider's breaker
    /// ([`breaker::THRESHOLD`]).
    pub breaker_threshold: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            stamp: Arc::new(SystemStamp),
            sleep: Arc::new(|delay| Box::pin(tokio::time::sleep(delay))),
            retry: RetryPolicy::default(),
            connect_timeout: CONNECT_TIMEOUT,
            request_timeout: REQUEST_TIMEOUT,
            concurrency: 4,
            breaker_threshold: breaker::THRESHOLD,
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
    circuit: Circuit,
    notices: Mutex<Notices>,
    started: tokio::time::Instant,
    connect_timeout: Duration,
    request_timeout: Duration,
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
        let (connect_timeout, request_timeout) = attempt::timeouts(options);
        Ok(Transport {
            circuit: Circuit::new(provider, &endpoint.host, options.breaker_threshold),
            notices: Mutex::new(Notices::default()),
            started: tokio::time::Instant::now(),
            connect_timeout,
            request_timeout,
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

    /// [`Transport::call`] for a read: what `read` makes of the answer.
    pub async fn read<T>(
        &self,
        action: &str,
        params: Params,
        read: Read<'_, T>,
    ) -> Result<T, CallError> {
        let (result, _) = self.exchange(action, params, None, read).await;
        result.map(|(value, _)| value)
    }

    /// [`Transport::call`], also returning how many attempts were made (on failure too).
    ///
    /// Retrying is safe for writes too, even after an ambiguous failure (a timeout or a cut
    /// connection after the request was sent): all four write calls (ModifyStaff, CIC
    /// UpdateUser, ModifyUser, EIAM UpdateUser) set absolute values, and EIAM custom fields use
    /// `replace`/`remove`, never `add`, so sending one twice leaves the same state as once.
    /// With `stop`, a call still waiting for its first turn at the pacer when `stop` turns
    /// true is not sent (`CallError::Interrupted`, 0 attempts); once sent, it runs to the end.
    /// Once the provider's breaker is open, a call waiting for its turn or between retries,
    /// and every later call, fails at once with `CallError::Unreachable`.
    pub async fn call_counted(
        &self,
        action: &str,
        params: Params,
        stop: Option<Stop>,
    ) -> (Result<Reply, CallError>, u32) {
        let (result, attempts) = self.exchange(action, params, stop, &|_| Ok(())).await;
        (result.map(|((), reply)| reply), attempts)
    }

    /// Sends a call as [`Transport::call_counted`] says, and reads its answer with `read`.
    async fn exchange<T>(
        &self,
        action: &str,
        params: Params,
        stop: Option<Stop>,
        read: Read<'_, T>,
    ) -> (Result<(T, Reply), CallError>, u32) {
        let encoded = match request::encode(self.table, &params) {
            Ok(encoded) => encoded,
            Err(message) => return (Err(self.decode_error(action, message)), 0),
        };
        let attempts = AtomicU32::new(0);
        // Whether an attempt may have reached the server (it connected, or it timed out).
        let maybe_sent = AtomicBool::new(false);
        let sleep = RetrySleep {
            sleep: self.sleep.clone(),
            opened: self.circuit.watch(),
        };
        let span = tracing::info_span!("call", provider = %self.provider, action = %action);
        let result = (|| async {
            let first = attempts.load(Ordering::Relaxed) == 0;
            let stop = stop.clone().filter(|_| first);
            self.turn(action, stop, maybe_sent.load(Ordering::Relaxed))
                .await?;
            let ticket = self.circuit.admit().map_err(|open| {
                self.unreachable(action, &open, maybe_sent.load(Ordering::Relaxed))
            })?;
            let attempt = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            let (result, evidence) = self.attempt(action, &encoded, attempt, read).await;
            let connected = !matches!(evidence, Evidence::NotConnected { .. });
            if connected {
                maybe_sent.store(true, Ordering::Relaxed);
            }
            match (result, self.circuit.record(ticket, evidence)) {
                // Not connected and the breaker is open: give up without another attempt.
                (Err(_), Some(open)) if !connected => {
                    Err(self.unreachable(action, &open, maybe_sent.load(Ordering::Relaxed)))
                }
                (result, _) => result,
            }
        })
        .retry(backoff(&self.retry))
        .sleep(sleep)
        .when(retryable)
        .adjust(|error: &CallError, delay: Option<Duration>| {
            // Honour the provider's wait, but only while the backoff still allows a retry.
            delay.map(|delay| retry_after(error).unwrap_or(delay))
        })
        .notify(|error: &CallError, delay: Duration| self.retrying(action, error, delay))
        .instrument(span)
        .await;
        let attempts = attempts.load(Ordering::Relaxed);
        let result = result.map(|(value, mut reply)| {
            reply.attempts = attempts;
            (value, reply)
        });
        (result, attempts)
    }

    /// Logs a retry: connection failures only at debug level (the breaker's warning sums them
    /// up), the others as a warning at most every [`notices::EVERY`] per provider.
    fn retrying(&self, action: &str, error: &CallError, delay: Duration) {
        let request_id = error.request_id().unwrap_or("-");
        let delay_ms = delay.as_millis() as u64;
        let provider = &self.provider;
        if matches!(error, CallError::Network { sent: false, .. }) {
            tracing::debug!(%provider, action, request_id, delay_ms, "retrying: {error}");
            return;
        }
        let notice = self
            .notices
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .retrying(self.started.elapsed());
        match notice {
            Notice::Hide => {
                tracing::debug!(%provider, action, request_id, delay_ms, "retrying: {error}");
            }
            Notice::Show { hidden } => {
                let note = match hidden {
                    0 => String::new(),
                    1 => format!(" (and 1 more retry of `{provider}` since the last warning)"),
                    n => format!(" (and {n} more retries of `{provider}` since the last warning)"),
                };
                tracing::warn!(%provider, action, request_id, delay_ms, "retrying: {error}{note}");
            }
        }
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

/// The injected sleeper as backon wants it, cut short when the provider's breaker opens (the
/// next attempt then fails at once instead of after the delay).
struct RetrySleep {
    sleep: Sleeper,
    opened: tokio::sync::watch::Receiver<bool>,
}

impl backon::Sleeper for RetrySleep {
    type Sleep = BoxFuture<'static, ()>;

    fn sleep(&self, delay: Duration) -> Self::Sleep {
        let sleep = (self.sleep)(delay);
        let opened = circuit::opened(self.opened.clone());
        Box::pin(async move {
            tokio::select! {
                () = sleep => {}
                () = opened => {}
            }
        })
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
