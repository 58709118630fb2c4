//! Edge. Applies a plan's calls concurrently: providers in parallel, up to
//! `Options::concurrency` calls in flight per provider (so round-trip latency overlaps and the
//! transport's pacer, not the latency, sets the pace). A call starts only after every call it
//! waits for (`after`) succeeded; if one did not, it is skipped, never sent. A failure does not
//! stop independent calls. When `cancel` completes, no new call starts, calls in flight finish,
//! and the rest are skipped as interrupted. Every call ends in the report. Pacing and retries
//! live in the providers' transport; the order lives in `schedule.rs`.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use futures_util::stream::{FuturesUnordered, StreamExt};

use futures_util::future::BoxFuture;

use super::report::{ApplyReport, CallReport, Outcome};
use super::schedule::{Blocked, Schedule};
use super::{Sender, WriteFailure, WriteOutcome};
use crate::call_error::CallError;
use crate::plan::{Change, Plan};
use crate::transport::Stop;

/// The reason given for calls not started because the apply was interrupted.
pub const INTERRUPTED: &str = "interrupted";

/// How to apply.
#[derive(Clone, Debug)]
pub struct Options {
    /// Calls in flight at once per provider. Enough to cover the round trip at the paced
    /// rate (20/s at 100 ms needs 2) plus calls sleeping between retries.
    pub concurrency: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { concurrency: 16 }
    }
}

/// Told about the apply as it goes (progress bars, log lines). Called from the executor's
/// task; keep it quick.
pub trait Progress: Send + Sync {
    /// Before the first call: how many calls each provider has.
    fn begin(&self, _totals: &BTreeMap<String, usize>) {}
    /// A call ended (applied, failed or skipped).
    fn finished(&self, _call: &CallReport) {}
}

/// No feedback.
pub struct Silent;
impl Progress for Silent {}

type Finished = (usize, Result<WriteOutcome, WriteFailure>);

/// Sends every call of `plan` through the sender of its provider; stops starting new ones
/// once `cancel` completes.
pub async fn apply_with(
    plan: &Plan,
    providers: &BTreeMap<String, Arc<dyn Sender>>,
    options: &Options,
    cancel: impl Future<Output = ()>,
    progress: &dyn Progress,
) -> ApplyReport {
    let started = Instant::now();
    let changes = &plan.changes;
    let mut run = Run {
        changes,
        schedule: Schedule::new(changes),
        calls: vec![None; changes.len()],
        progress,
    };
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    for change in changes {
        *totals.entry(change.provider.clone()).or_default() += 1;
    }
    progress.begin(&totals);
    for Blocked {
        index,
        prerequisite,
    } in run.schedule.orphans()
    {
        let reason = format!("it waits for call #{prerequisite}, which is not in the plan");
        run.skip(index, reason);
    }

    let mut queues: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
    let mut in_flight_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut in_flight: FuturesUnordered<BoxFuture<'_, Finished>> = FuturesUnordered::new();
    let concurrency = options.concurrency.max(1);
    let mut interrupted = false;
    // Calls already handed to a provider but still waiting for their turn at its pacer are
    // told to stand down through this, so that nothing new is sent after an interruption.
    let (stop_sender, stop) = tokio::sync::watch::channel(false);
    tokio::pin!(cancel);
    loop {
        if !interrupted {
            for index in run.schedule.take_ready() {
                let change = &changes[index];
                if providers.contains_key(&change.provider) {
                    queues.entry(&change.provider).or_default().push_back(index);
                } else {
                    let reason = format!("provider `{}` is not configured", change.provider);
                    run.skip(index, reason);
                }
            }
            for (name, queue) in &mut queues {
                let count = in_flight_of.entry(name).or_default();
                while *count < concurrency
                    && let Some(index) = queue.pop_front()
                    && let Some(provider) = providers.get(*name)
                {
                    *count += 1;
                    in_flight.push(send(provider.clone(), &changes[index], index, stop.clone()));
                }
            }
        }
        if in_flight.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            () = &mut cancel, if !interrupted => {
                interrupted = true;
                let _ = stop_sender.send(true);
                tracing::warn!(in_flight = in_flight.len(), "interrupted: letting the calls in flight finish");
            }
            Some((index, result)) = in_flight.next() => {
                if let Some(count) = in_flight_of.get_mut(changes[index].provider.as_str()) {
                    *count = count.saturating_sub(1);
                }
                run.record(index, result);
            }
        }
    }
    let reason = if interrupted {
        INTERRUPTED.to_string()
    } else {
        "it waits, directly or not, for itself (a cycle in `after`)".to_string()
    };
    let queued = queues.into_values().flatten();
    for index in queued
        .chain(run.schedule.never_started())
        .collect::<Vec<_>>()
    {
        run.skip(index, reason.clone());
    }
    ApplyReport {
        format_version: crate::plan::PLAN_FORMAT_VERSION,
        plan_fingerprint: plan.fingerprint.clone(),
        interrupted,
        elapsed_seconds: started.elapsed().as_secs_f64(),
        summary: Default::default(),
        verify_differences: None,
        calls: run.calls.into_iter().flatten().collect(),
        problems: Vec::new(),
        error: None,
    }
}

fn send<'a>(
    provider: Arc<dyn Sender>,
    change: &'a Change,
    index: usize,
    stop: Stop,
) -> BoxFuture<'a, Finished> {
    Box::pin(async move {
        tracing::debug!(provider = %change.provider, action = %change.action, account = %change.account, "sending");
        (index, provider.send(change, stop).await)
    })
}

/// The report as it fills.
struct Run<'a> {
    changes: &'a [Change],
    schedule: Schedule,
    calls: Vec<Option<CallReport>>,
    progress: &'a dyn Progress,
}

impl Run<'_> {
    fn record(&mut self, index: usize, result: Result<WriteOutcome, WriteFailure>) {
        let (outcome, attempts, request_id) = match result {
            Ok(done) => (Outcome::Applied, done.attempts, done.request_id),
            Err(WriteFailure {
                error: CallError::Interrupted { .. },
                attempts,
            }) => (
                Outcome::Skipped {
                    reason: INTERRUPTED.to_string(),
                },
                attempts,
                None,
            ),
            Err(WriteFailure { error, attempts }) if error.not_sent() => (
                Outcome::NotSent {
                    reason: error.to_string(),
                },
                attempts,
                None,
            ),
            Err(WriteFailure { error, attempts }) => (
                Outcome::Failed {
                    code: error.code().map(str::to_string),
                    message: error.to_string(),
                },
                attempts,
                error.request_id().map(str::to_string),
            ),
        };
        let applied = outcome == Outcome::Applied;
        self.finish(index, outcome, attempts, request_id);
        if applied {
            self.schedule.succeeded(index);
        } else {
            self.block_dependents(index);
        }
    }

    fn skip(&mut self, index: usize, reason: String) {
        if self.calls[index].is_some() {
            return;
        }
        self.finish(index, Outcome::Skipped { reason }, 0, None);
        self.block_dependents(index);
    }

    fn block_dependents(&mut self, index: usize) {
        for Blocked {
            index,
            prerequisite,
        } in self.schedule.did_not_succeed(index)
        {
            let reason = format!(
                "call #{prerequisite}, which releases a value this one takes, did not succeed"
            );
            self.finish(index, Outcome::Skipped { reason }, 0, None);
        }
    }

    fn finish(
        &mut self,
        index: usize,
        outcome: Outcome,
        attempts: u32,
        request_id: Option<String>,
    ) {
        let call = CallReport::of(&self.changes[index], outcome, attempts, request_id);
        tracing::info!(
            provider = %call.provider,
            action = %call.action,
            account = %call.account,
            attempts = call.attempts,
            request_id = call.request_id.as_deref().unwrap_or("-"),
            "{}",
            call.outcome.summary()
        );
        self.progress.finished(&call);
        self.calls[index] = Some(call);
    }
}

#[cfg(test)]
mod tests;
