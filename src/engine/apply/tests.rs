//! The executor against in-memory providers on tokio's paused clock: order, skipping,
//! independence of failures, bounded concurrency, providers in parallel, attempts in the
//! report, and the cancellation path.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;
use crate::call_error::{CallError, ErrorClass};

/// A provider that answers every write after `delay`, failing the ids in `fail`.
#[derive(Default)]
struct Fake {
    name: String,
    delay: Duration,
    fail: BTreeSet<usize>,
    sent: Mutex<Vec<usize>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    /// Fired when the call with this id is sent.
    on_send: Mutex<Option<(usize, tokio::sync::oneshot::Sender<()>)>>,
}

impl Fake {
    fn new(name: &str, delay_ms: u64, fail: &[usize]) -> Arc<Fake> {
        Arc::new(Fake {
            name: name.into(),
            delay: Duration::from_millis(delay_ms),
            fail: fail.iter().copied().collect(),
            ..Fake::default()
        })
    }

    fn sent(&self) -> Vec<usize> {
        let mut sent = self.sent.lock().unwrap().clone();
        sent.sort();
        sent
    }
}

impl Sender for Fake {
    fn send<'a>(
        &'a self,
        change: &'a Change,
        _stop: Stop,
    ) -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>> {
        Box::pin(async move {
            self.sent.lock().unwrap().push(change.id);
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_in_flight.fetch_max(now, Ordering::SeqCst);
            {
                let mut hook = self.on_send.lock().unwrap();
                if hook.as_ref().is_some_and(|(id, _)| *id == change.id)
                    && let Some((_, fire)) = hook.take()
                {
                    let _ = fire.send(());
                }
            }
            tokio::time::sleep(self.delay).await;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            if self.fail.contains(&change.id) {
                Err(WriteFailure {
                    error: CallError::Api {
                        provider: self.name.clone(),
                        action: change.action.clone(),
                        code: "InternalError".into(),
                        message: "still failing".into(),
                        request_id: Some(format!("req-{}", change.id)),
                        class: ErrorClass::Transient,
                    },
                    attempts: 5,
                })
            } else {
                Ok(WriteOutcome {
                    request_id: Some(format!("req-{}", change.id)),
                    attempts: 1,
                })
            }
        })
    }
}

/// A plan with one change per `(provider, after)`, ids from 1.
fn plan(changes: &[(&str, &[usize])]) -> Plan {
    let changes = changes
        .iter()
        .enumerate()
        .map(|(i, (provider, after))| Change {
            id: i + 1,
            provider: provider.to_string(),
            action: "ModifyStaff".into(),
            person: format!("person{}", i + 1),
            account: format!("person{}@example.com", i + 1),
            remote_id: format!("r{}", i + 1),
            fields: Vec::new(),
            params: Default::default(),
            after: after.to_vec(),
            observed: Default::default(),
            origin: Default::default(),
            pending: false,
        })
        .collect();
    Plan {
        format_version: crate::plan::PLAN_FORMAT_VERSION,
        fingerprint: "f".into(),
        providers: Vec::new(),
        changes,
        problems: Vec::new(),
        safety: None,
        base: None,
        warnings: Vec::new(),
    }
}

fn providers(fakes: &[&Arc<Fake>]) -> BTreeMap<String, Arc<dyn Sender>> {
    fakes
        .iter()
        .map(|fake| (fake.name.clone(), Arc::clone(fake) as Arc<dyn Sender>))
        .collect()
}

/// `id status attempts request-id reason` per call.
fn summary(report: &ApplyReport) -> Vec<String> {
    report
        .calls
        .iter()
        .map(|call| {
            let detail = match &call.outcome {
                Outcome::Applied | Outcome::AlreadyApplied => String::new(),
                Outcome::Failed { code, .. } => format!(" {}", code.as_deref().unwrap_or("-")),
                Outcome::Skipped { reason } | Outcome::NotSent { reason } => format!(": {reason}"),
            };
            format!(
                "#{} {} x{} {}{detail}",
                call.id,
                call.outcome.summary(),
                call.attempts,
                call.request_id.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

async fn run(plan: &Plan, fakes: &[&Arc<Fake>], concurrency: usize) -> ApplyReport {
    let options = Options { concurrency };
    apply_with(
        plan,
        &providers(fakes),
        &options,
        std::future::pending(),
        &Silent,
    )
    .await
}

#[tokio::test(start_paused = true)]
async fn a_failed_call_skips_its_chain_and_nothing_else() {
    // 2 takes the value 1 releases, 3 the value 2 releases; 4 and 5 are independent.
    let plan = plan(&[
        ("ccc", &[]),
        ("ccc", &[1]),
        ("ccc", &[2]),
        ("ccc", &[]),
        ("ccc", &[]),
    ]);
    let ccc = Fake::new("ccc", 100, &[1]);
    let report = run(&plan, &[&ccc], 4).await;
    insta::assert_debug_snapshot!(summary(&report), @r##"
    [
        "#1 failed x5 req-1 InternalError",
        "#2 skipped x0 -: call #1, which releases a value this one takes, did not succeed",
        "#3 skipped x0 -: call #2, which releases a value this one takes, did not succeed",
        "#4 applied x1 req-4",
        "#5 applied x1 req-5",
    ]
    "##);
    assert_eq!(ccc.sent(), [1, 4, 5], "skipped calls are never sent");
    assert!(!report.succeeded());
}

#[tokio::test(start_paused = true)]
async fn a_dependent_starts_only_after_its_prerequisite_succeeded() {
    let plan = plan(&[("ccc", &[2]), ("ccc", &[])]);
    let ccc = Fake::new("ccc", 100, &[]);
    let report = run(&plan, &[&ccc], 8).await;
    assert!(report.succeeded(), "{:?}", summary(&report));
    assert_eq!(*ccc.sent.lock().unwrap(), [2, 1]);
    assert_eq!(ccc.most_in_flight.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn calls_in_flight_are_bounded_per_provider_and_providers_run_in_parallel() {
    let changes: Vec<(&str, &[usize])> = (0..40)
        .map(|i| (if i % 2 == 0 { "ccc" } else { "eiam" }, &[][..]))
        .collect();
    let plan = plan(&changes);
    let (ccc, eiam) = (Fake::new("ccc", 100, &[]), Fake::new("eiam", 100, &[]));
    let report = run(&plan, &[&ccc, &eiam], 3).await;
    assert!(report.succeeded());
    assert_eq!(report.calls.len(), 40);
    assert_eq!(ccc.most_in_flight.load(Ordering::SeqCst), 3);
    assert_eq!(eiam.most_in_flight.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn a_call_to_an_unconfigured_provider_is_skipped_with_its_dependents() {
    let plan = plan(&[("gone", &[]), ("ccc", &[1]), ("ccc", &[])]);
    let ccc = Fake::new("ccc", 10, &[]);
    let report = run(&plan, &[&ccc], 4).await;
    insta::assert_debug_snapshot!(summary(&report), @r##"
    [
        "#1 skipped x0 -: provider `gone` is not configured",
        "#2 skipped x0 -: call #1, which releases a value this one takes, did not succeed",
        "#3 applied x1 req-3",
    ]
    "##);
}

#[tokio::test(start_paused = true)]
async fn cancelling_lets_calls_in_flight_finish_and_skips_the_rest_as_interrupted() {
    let changes: Vec<(&str, &[usize])> = (0..10).map(|_| ("ccc", &[][..])).collect();
    let plan = plan(&changes);
    let ccc = Fake::new("ccc", 1000, &[]);
    let (fire, fired) = tokio::sync::oneshot::channel();
    *ccc.on_send.lock().unwrap() = Some((4, fire));
    let cancel = async {
        let _ = fired.await;
    };
    let options = Options { concurrency: 2 };
    let report = apply_with(&plan, &providers(&[&ccc]), &options, cancel, &Silent).await;
    // 1 and 2 went first, then 3 and 4; the cancel came as 4 was sent.
    assert_eq!(ccc.sent(), [1, 2, 3, 4]);
    assert!(report.interrupted);
    assert_eq!(report.calls.len(), 10, "every call is in the report");
    let applied: Vec<usize> = report
        .calls
        .iter()
        .filter(|c| c.outcome == Outcome::Applied)
        .map(|c| c.id)
        .collect();
    assert_eq!(applied, [1, 2, 3, 4], "calls in flight finished");
    assert!(report.calls[4..].iter().all(|c| c.outcome
        == Outcome::Skipped {
            reason: INTERRUPTED.into()
        }
        && c.attempts == 0));
    assert!(!report.succeeded());
    assert!(super::super::report::text(&report).contains("(interrupted)"));
}

#[tokio::test(start_paused = true)]
async fn progress_hears_of_every_call() {
    #[derive(Default)]
    struct Counter {
        totals: Mutex<BTreeMap<String, usize>>,
        finished: AtomicUsize,
    }
    impl Progress for Counter {
        fn begin(&self, totals: &BTreeMap<String, usize>) {
            *self.totals.lock().unwrap() = totals.clone();
        }
        fn finished(&self, _call: &CallReport) {
            self.finished.fetch_add(1, Ordering::SeqCst);
        }
    }
    let plan = plan(&[("ccc", &[]), ("ccc", &[1]), ("eiam", &[])]);
    let (ccc, eiam) = (Fake::new("ccc", 10, &[1]), Fake::new("eiam", 10, &[]));
    let counter = Counter::default();
    let options = Options::default();
    let providers = providers(&[&ccc, &eiam]);
    apply_with(
        &plan,
        &providers,
        &options,
        std::future::pending(),
        &counter,
    )
    .await;
    assert_eq!(counter.finished.load(Ordering::SeqCst), 3);
    assert_eq!(counter.totals.lock().unwrap()["ccc"], 2);
}

/// A provider whose calls wait for turns one second apart (a pacer) and stand down when
/// stopped before their turn.
struct Paced {
    sent: Mutex<Vec<usize>>,
    next_turn: tokio::sync::Mutex<tokio::time::Instant>,
}

impl Sender for Paced {
    fn send<'a>(
        &'a self,
        change: &'a Change,
        mut stop: Stop,
    ) -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>> {
        Box::pin(async move {
            let turn = async {
                let at = {
                    let mut next = self.next_turn.lock().await;
                    let at = *next;
                    *next = at + Duration::from_secs(1);
                    at
                };
                tokio::time::sleep_until(at).await;
            };
            tokio::select! {
                biased;
                Ok(_) = stop.wait_for(|stopped| *stopped) => {
                    return Err(WriteFailure {
                        error: CallError::Interrupted { provider: "ccc".into(), action: change.action.clone() },
                        attempts: 0,
                    });
                }
                () = turn => {}
            }
            self.sent.lock().unwrap().push(change.id);
            Ok(WriteOutcome {
                request_id: None,
                attempts: 1,
            })
        })
    }
}

#[tokio::test(start_paused = true)]
async fn calls_still_waiting_for_their_turn_are_not_sent_after_an_interruption() {
    let changes: Vec<(&str, &[usize])> = (0..5).map(|_| ("ccc", &[][..])).collect();
    let plan = plan(&changes);
    let paced = Arc::new(Paced {
        sent: Mutex::new(Vec::new()),
        next_turn: tokio::sync::Mutex::new(tokio::time::Instant::now()),
    });
    let providers: BTreeMap<String, Arc<dyn Sender>> =
        [("ccc".to_string(), Arc::clone(&paced) as Arc<dyn Sender>)].into();
    // All five are handed over at once; their turns come at 0 s, 1 s, 2 s, …
    let cancel = tokio::time::sleep(Duration::from_millis(1500));
    let options = Options { concurrency: 16 };
    let report = apply_with(&plan, &providers, &options, cancel, &Silent).await;
    assert_eq!(
        *paced.sent.lock().unwrap(),
        [1, 2],
        "only the turns before the interruption"
    );
    assert!(report.interrupted);
    let skipped: Vec<usize> = report
        .calls
        .iter()
        .filter(|c| {
            c.outcome
                == Outcome::Skipped {
                    reason: INTERRUPTED.into(),
                }
                && c.attempts == 0
        })
        .map(|c| c.id)
        .collect();
    assert_eq!(skipped, [3, 4, 5]);
}

/// A provider that cannot be reached: every call fails as unreachable; the first one had
/// connected once before (so it may have been sent), the others never connected.
struct Unreachable;

impl Sender for Unreachable {
    fn send<'a>(
        &'a self,
        change: &'a Change,
        _stop: Stop,
    ) -> BoxFuture<'a, Result<WriteOutcome, WriteFailure>> {
        Box::pin(async move {
            let maybe_sent = change.id == 1;
            Err(WriteFailure {
                error: CallError::Unreachable {
                    provider: "ccc".into(),
                    action: change.action.clone(),
                    host: "ccc.example".into(),
                    cause: "connection refused".into(),
                    maybe_sent,
                },
                attempts: if maybe_sent { 2 } else { 0 },
            })
        })
    }
}

#[tokio::test(start_paused = true)]
async fn calls_to_an_unreachable_provider_are_reported_as_not_sent_and_others_go_on() {
    let plan = plan(&[("ccc", &[]), ("ccc", &[]), ("ccc", &[2]), ("eiam", &[])]);
    let eiam = Fake::new("eiam", 10, &[]);
    let mut providers = providers(&[&eiam]);
    providers.insert("ccc".into(), Arc::new(Unreachable));
    let report = apply_with(
        &plan,
        &providers,
        &Options::default(),
        std::future::pending(),
        &Silent,
    )
    .await;
    insta::assert_debug_snapshot!(summary(&report), @r##"
    [
        "#1 failed x2 - -",
        "#2 not sent x0 -: ccc `ModifyStaff`: not sent: `ccc.example` is unreachable (connection refused)",
        "#3 skipped x0 -: call #2, which releases a value this one takes, did not succeed",
        "#4 applied x1 req-4",
    ]
    "##);
    assert!(!report.succeeded());
    let text = super::super::report::text(&report);
    assert!(
        text.contains("  NOT SENT #2 ccc ModifyStaff person2"),
        "{text}"
    );
    assert!(
        text.contains("Apply: 1 applied, 1 failed, 1 not sent, 1 skipped"),
        "{text}"
    );
}
