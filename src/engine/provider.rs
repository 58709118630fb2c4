//! Edge. The one trait every provider client plugs into, whatever it talks to (the real
//! clouds, the emulator, or an in-memory stand-in in tests).

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;

use crate::call_error::CallError;
use crate::model::{AccountKey, Field};
use crate::plan::Change;
use crate::state::ObservedProvider;

/// A boxed future, so that providers can be used as trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a fetch must return beyond the bulk list: the fields the manifest manages (some
/// need an extra read per account) and the managed accounts (extra reads are made for these
/// only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FetchNeeds {
    pub fields: BTreeSet<Field>,
    pub accounts: Vec<AccountKey>,
}

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

/// Turns `true` when an apply is interrupted: calls still waiting for their turn are then not
/// sent.
pub type Stop = tokio::sync::watch::Receiver<bool>;

/// One provider instance.
pub trait Provider: Send + Sync {
    /// The provider's name in the manifest.
    fn name(&self) -> &str;

    /// Reads every account of the instance (and the catalog of skill groups or roles when
    /// `needs` manages them).
    fn fetch<'a>(
        &'a self,
        needs: &'a FetchNeeds,
    ) -> BoxFuture<'a, Result<ObservedProvider, CallError>>;

    /// Sends one planned write call (`change.action` with `change.params`).
    fn write<'a>(&'a self, change: &'a Change)
    -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>>;

    /// [`Provider::write`], unless `stop` turns true before the request is first sent (while
    /// it waits for its turn): then it fails with `CallError::Interrupted` after 0 attempts.
    /// The default cannot wait, so it simply writes.
    fn write_unless_stopped<'a>(
        &'a self,
        change: &'a Change,
        stop: Stop,
    ) -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>> {
        let _ = stop;
        self.write(change)
    }
}
