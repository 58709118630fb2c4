//! Edge. The circuit breaker of one provider instance as its calls share it: the pure
//! [`Breaker`] behind a lock, the one warning when it opens, and a signal that wakes every
//! call waiting for its turn or between retries, so that each fails at once instead of
//! sleeping out its backoff. Never sends anything.

use std::sync::Mutex;

use tokio::sync::watch;

use super::breaker::{Breaker, Evidence, Open, Step, Ticket};

/// One provider instance's breaker.
pub(super) struct Circuit {
    provider: String,
    host: String,
    breaker: Mutex<Breaker>,
    opened: watch::Sender<bool>,
}

impl Circuit {
    pub(super) fn new(provider: &str, host: &str, threshold: u32) -> Circuit {
        Circuit {
            provider: provider.to_string(),
            host: host.to_string(),
            breaker: Mutex::new(Breaker::new(threshold)),
            opened: watch::Sender::new(false),
        }
    }

    /// Whether an attempt may go out now.
    pub(super) fn admit(&self) -> Result<Ticket, Open> {
        lock(&self.breaker).admit()
    }

    /// Records an attempt's outcome; returns why the breaker is open, if it is (now or
    /// already). Logs the one warning when it opens, and wakes the waiting calls.
    pub(super) fn record(&self, ticket: Ticket, evidence: Evidence) -> Option<Open> {
        let mut breaker = lock(&self.breaker);
        match breaker.record(ticket, evidence) {
            Step::Opened(open) => {
                tracing::warn!(
                    provider = %self.provider,
                    host = %self.host,
                    "provider `{}` is unreachable: cannot connect to `{}` ({}), {} times in a row; nothing more is sent to it in this run",
                    self.provider,
                    self.host,
                    open.cause,
                    open.failures
                );
                self.opened.send_replace(true);
            }
            Step::Counted { streak } => {
                tracing::debug!(provider = %self.provider, host = %self.host, streak, "connection failed");
            }
            Step::Reset => {
                tracing::debug!(provider = %self.provider, host = %self.host, "reachable again");
            }
            Step::Unchanged => {}
        }
        breaker.open().cloned()
    }

    /// Turns true when the breaker opens.
    pub(super) fn watch(&self) -> watch::Receiver<bool> {
        self.opened.subscribe()
    }

    /// Completes with why the breaker is open, once it is.
    pub(super) async fn until_open(&self) -> Open {
        opened(self.watch()).await;
        lock(&self.breaker)
            .open()
            .cloned()
            .expect("an open breaker never closes")
    }
}

/// Completes once the breaker `opened` watches is open; never, if the circuit is gone.
pub(super) async fn opened(mut opened: watch::Receiver<bool>) {
    if opened.wait_for(|open| *open).await.is_err() {
        std::future::pending::<()>().await;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
