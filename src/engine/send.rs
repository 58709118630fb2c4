//! Edge. Sending one planned write call: the [`Sender`] the apply executor hands calls to, and
//! its one production implementation on the transport (tests substitute in-memory senders to
//! drive the executor on a paused clock). Owns no HTTP of its own.

use futures_util::future::BoxFuture;

use crate::call_error::CallError;
use crate::plan::Change;
use crate::transport::{Stop, Transport};

/// What a successful write reports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WriteOutcome {
    pub request_id: Option<String>,
    /// Attempts it took, retries included.
    pub attempts: u32,
}

/// What a failed write reports: the error of the last attempt, and how many were made (0
/// when it failed before sending anything).
#[derive(Debug)]
pub struct WriteFailure {
    pub error: CallError,
    pub attempts: u32,
}

/// Sends one planned write call (`change.action` with `change.params`), unless `stop` turns
/// true before the request is first sent (while it waits for its turn): then it fails with
/// `CallError::Interrupted` after 0 attempts. A call to a provider found unreachable fails
/// with `CallError::Unreachable` (`not_sent()` when no attempt of it connected), and the
/// failure's attempts count the connection attempts made.
pub trait Sender: Send + Sync {
    fn send<'a>(
        &'a self,
        change: &'a Change,
        stop: Stop,
    ) -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>>;
}

impl Sender for Transport {
    fn send<'a>(
        &'a self,
        change: &'a Change,
        stop: Stop,
    ) -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>> {
        Box::pin(async move {
            let (result, attempts) = self
                .call_counted(&change.action, change.params.clone(), Some(stop))
                .await;
            let reply = result.map_err(|error| WriteFailure { error, attempts })?;
            tracing::debug!(
                provider = %self.name(),
                action = %change.action,
                request_id = reply.request_id.as_deref().unwrap_or("-"),
                attempts = reply.attempts,
                "applied"
            );
            Ok(WriteOutcome {
                request_id: reply.request_id,
                attempts: reply.attempts,
            })
        })
    }
}
