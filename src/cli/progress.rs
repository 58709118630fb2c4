//! Edge. Feedback on stderr while providers are read and while an apply runs. Reads: a line
//! per provider every few seconds during long reads (requests made, accounts read), and one
//! when they end if any was shown. Apply: on a terminal one `indicatif` bar per provider
//! (calls done / total, rate, ETA); elsewhere (CI) a line per provider every few seconds
//! through `tracing`, with applied, failed, not sent and skipped counted apart. With `-v` the
//! executor logs each call instead of drawing bars. Never writes to stdout (the plan and the
//! report go there). The lines are built by plain functions of the counts and the time, so
//! tests give the time instead of waiting for it.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine::apply::Progress;
use crate::engine::fetch::{Observer, Read};
use crate::engine::report::{CallReport, Outcome};

/// The `tracing` target of the periodic progress lines (shown without `-v`).
pub const TARGET: &str = "usersync::progress";
const LINE_EVERY: Duration = Duration::from_secs(5);

/// Picks bars on a terminal (unless `-v`), log lines elsewhere.
pub fn feedback(verbose: u8) -> Box<dyn Progress> {
    use std::io::IsTerminal;
    if verbose == 0 && std::io::stderr().is_terminal() {
        Box::new(Bars::default())
    } else {
        Box::new(Lines::new(Instant::now()))
    }
}

fn show(lines: Vec<String>) {
    for line in lines {
        tracing::info!(target: TARGET, "{line}");
    }
}

/// The calls of one provider so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    pub applied: usize,
    pub failed: usize,
    pub not_sent: usize,
    pub skipped: usize,
}

impl Tally {
    fn done(&self) -> usize {
        self.applied + self.failed + self.not_sent + self.skipped
    }

    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Applied | Outcome::AlreadyApplied => self.applied += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::NotSent { .. } => self.not_sent += 1,
            Outcome::Skipped { .. } => self.skipped += 1,
        }
    }

    /// What did not go well, for a bar: `2 failed, 8 not sent` (empty when nothing).
    fn trouble(&self) -> String {
        [
            (self.failed, "failed"),
            (self.not_sent, "not sent"),
            (self.skipped, "skipped"),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// `ccc: 120/300 calls (110 applied, 2 failed, 8 not sent), 20.1 calls/s`: failed always
/// shown, not sent and skipped when there are any, the rate after the first second.
pub fn apply_line(name: &str, tally: &Tally, elapsed: Duration) -> String {
    let mut counts = format!("{} applied, {} failed", tally.applied, tally.failed);
    for (count, what) in [(tally.not_sent, "not sent"), (tally.skipped, "skipped")] {
        if count > 0 {
            counts.push_str(&format!(", {count} {what}"));
        }
    }
    // A rate over less than a second is a burst of the first calls, not the pace (2 calls
    // 0.2 s apart read as 10/s under a 5/s limit).
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds >= 1.0 {
        format!(", {:.1} calls/s", tally.done() as f64 / seconds)
    } else {
        String::new()
    };
    format!(
        "{name}: {}/{} calls ({counts}){rate}",
        tally.done(),
        tally.total
    )
}

/// One bar per provider.
#[derive(Default)]
struct Bars {
    bars: Mutex<BTreeMap<String, (ProgressBar, Tally)>>,
}

impl Progress for Bars {
    fn begin(&self, totals: &BTreeMap<String, usize>) {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{prefix:>20} [{bar:30}] {pos}/{len} calls  {rate:>8}  ETA {eta}  {msg}",
        )
        .map(|style| {
            style.progress_chars("=> ").with_key(
                "rate",
                |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                    let _ = write!(out, "{:.1}/s", state.per_sec());
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        let mut bars = lock(&self.bars);
        for (name, total) in totals {
            let bar = multi.add(ProgressBar::new(*total as u64));
            bar.set_style(style.clone());
            bar.set_prefix(name.clone());
            let tally = Tally {
                total: *total,
                ..Tally::default()
            };
            bars.insert(name.clone(), (bar, tally));
        }
    }

    fn finished(&self, call: &CallReport) {
        let mut bars = lock(&self.bars);
        let Some((bar, tally)) = bars.get_mut(&call.provider) else {
            return;
        };
        bar.inc(1);
        tally.add(&call.outcome);
        if !matches!(call.outcome, Outcome::Applied) {
            bar.set_message(format!("({})", tally.trouble()));
        }
        if bar.position() >= bar.length().unwrap_or(0) {
            bar.finish();
        }
    }
}

/// A line per provider every few seconds, and one at the end.
struct Lines {
    state: Mutex<LinesState>,
}

struct LinesState {
    started: Instant,
    last_line: Instant,
    tallies: BTreeMap<String, Tally>,
}

impl Lines {
    fn new(now: Instant) -> Lines {
        Lines {
            state: Mutex::new(LinesState {
                started: now,
                last_line: now,
                tallies: BTreeMap::new(),
            }),
        }
    }

    /// Counts `call`, finished at `now`; the lines to show, if it is time.
    fn finished_at(&self, now: Instant, call: &CallReport) -> Vec<String> {
        let mut state = lock(&self.state);
        if let Some(tally) = state.tallies.get_mut(&call.provider) {
            tally.add(&call.outcome);
        }
        let all_done = state.tallies.values().all(|t| t.done() >= t.total);
        if now.duration_since(state.last_line) < LINE_EVERY && !all_done {
            return Vec::new();
        }
        state.last_line = now;
        let elapsed = now.duration_since(state.started);
        state
            .tallies
            .iter()
            .map(|(name, tally)| apply_line(name, tally, elapsed))
            .collect()
    }
}

impl Progress for Lines {
    fn begin(&self, totals: &BTreeMap<String, usize>) {
        let mut state = lock(&self.state);
        state.tallies = totals
            .iter()
            .map(|(name, total)| {
                let tally = Tally {
                    total: *total,
                    ..Tally::default()
                };
                (name.clone(), tally)
            })
            .collect();
    }

    fn finished(&self, call: &CallReport) {
        show(self.finished_at(Instant::now(), call));
    }
}

/// What has been read from one provider so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadTally {
    /// Requests answered: list pages, extra-read batches and catalog pages.
    pub requests: u64,
    /// Accounts in the list pages.
    pub accounts: u64,
}

/// `ccc: 1200 accounts in 12 requests so far`, or, once done, `ccc: read 1200 accounts in
/// 14 requests`.
pub fn read_line(name: &str, tally: &ReadTally, done: bool) -> String {
    let (verb, tail) = if done { ("read ", "") } else { ("", " so far") };
    let requests = match tally.requests {
        1 => "1 request".to_string(),
        n => format!("{n} requests"),
    };
    format!(
        "{name}: {verb}{} accounts in {requests}{tail}",
        tally.accounts
    )
}

/// Feedback while providers are read: a line per provider every few seconds once a read
/// takes that long; nothing for quick reads.
pub struct Reads {
    state: Mutex<ReadsState>,
}

struct ReadsState {
    last_line: Instant,
    shown: bool,
    tallies: BTreeMap<String, ReadTally>,
}

impl Reads {
    /// Reads starting at `now`.
    pub fn new(now: Instant) -> Reads {
        Reads {
            state: Mutex::new(ReadsState {
                last_line: now,
                shown: false,
                tallies: BTreeMap::new(),
            }),
        }
    }

    /// Counts a page or batch answered at `now`; the lines to show, if it is time.
    fn read_at(&self, now: Instant, provider: &str, read: Read, items: usize) -> Vec<String> {
        let mut state = lock(&self.state);
        let tally = state.tallies.entry(provider.to_string()).or_default();
        tally.requests += 1;
        if read == Read::List {
            tally.accounts += items as u64;
        }
        if now.duration_since(state.last_line) < LINE_EVERY {
            return Vec::new();
        }
        state.last_line = now;
        state.shown = true;
        state
            .tallies
            .iter()
            .map(|(name, tally)| read_line(name, tally, false))
            .collect()
    }

    /// The closing lines, when progress lines were shown (a quick read shows nothing).
    fn finish_lines(&self) -> Vec<String> {
        let state = lock(&self.state);
        if !state.shown {
            return Vec::new();
        }
        state
            .tallies
            .iter()
            .map(|(name, tally)| read_line(name, tally, true))
            .collect()
    }

    /// Shows the closing lines, if progress lines were shown.
    pub fn finish(&self) {
        show(self.finish_lines());
    }
}

impl Observer for Reads {
    fn read(&self, provider: &str, read: Read, items: usize) {
        show(self.read_at(Instant::now(), provider, read, items));
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(provider: &str, outcome: Outcome) -> CallReport {
        CallReport {
            id: 1,
            provider: provider.into(),
            action: "ModifyStaff".into(),
            person: "p".into(),
            account: "p".into(),
            remote_id: "p".into(),
            outcome,
            attempts: 1,
            request_id: None,
        }
    }

    #[test]
    fn apply_lines_count_applied_failed_and_not_sent_apart() {
        let start = Instant::now();
        let lines = Lines::new(start);
        lines.begin(&[("ccc".to_string(), 4), ("eiam".to_string(), 1)].into());
        let at = |seconds: u64| start + Duration::from_secs(seconds);
        let failed = Outcome::Failed {
            code: None,
            message: "m".into(),
        };
        let not_sent = Outcome::NotSent { reason: "r".into() };
        let shown = vec![
            lines.finished_at(at(1), &call("ccc", Outcome::Applied)),
            lines.finished_at(at(2), &call("ccc", failed)),
            lines.finished_at(at(6), &call("ccc", not_sent.clone())),
            lines.finished_at(at(7), &call("eiam", Outcome::Applied)),
            lines.finished_at(at(8), &call("ccc", not_sent)),
        ];
        insta::assert_debug_snapshot!(shown, @r#"
        [
            [],
            [],
            [
                "ccc: 3/4 calls (1 applied, 1 failed, 1 not sent), 0.5 calls/s",
                "eiam: 0/1 calls (0 applied, 0 failed), 0.0 calls/s",
            ],
            [],
            [
                "ccc: 4/4 calls (1 applied, 1 failed, 2 not sent), 0.5 calls/s",
                "eiam: 1/1 calls (1 applied, 0 failed), 0.1 calls/s",
            ],
        ]
        "#);
    }

    #[test]
    fn the_rate_is_shown_once_a_second_has_passed() {
        let tally = Tally {
            total: 2,
            applied: 2,
            ..Tally::default()
        };
        assert_eq!(
            apply_line("ali", &tally, Duration::from_millis(210)),
            "ali: 2/2 calls (2 applied, 0 failed)"
        );
        assert_eq!(
            apply_line("ali", &tally, Duration::from_millis(2_000)),
            "ali: 2/2 calls (2 applied, 0 failed), 1.0 calls/s"
        );
    }

    #[test]
    fn bars_name_what_did_not_go_well() {
        let tally = Tally {
            total: 10,
            applied: 5,
            failed: 1,
            not_sent: 3,
            skipped: 0,
        };
        assert_eq!(tally.trouble(), "1 failed, 3 not sent");
    }

    #[test]
    fn long_reads_show_a_line_every_few_seconds_and_quick_ones_nothing() {
        let start = Instant::now();
        let at = |millis: u64| start + Duration::from_millis(millis);
        let quick = Reads::new(start);
        assert!(quick.read_at(at(300), "ccc", Read::List, 100).is_empty());
        assert!(quick.finish_lines().is_empty(), "a quick read says nothing");

        let long = Reads::new(start);
        let shown = vec![
            long.read_at(at(1_000), "ccc", Read::List, 100),
            long.read_at(at(2_000), "eiam", Read::List, 50),
            long.read_at(at(5_500), "ccc", Read::List, 100),
            long.read_at(at(6_000), "ccc", Read::Extra, 20),
            long.read_at(at(11_000), "ccc", Read::Catalog, 7),
            long.finish_lines(),
        ];
        insta::assert_debug_snapshot!(shown, @r#"
        [
            [],
            [],
            [
                "ccc: 200 accounts in 2 requests so far",
                "eiam: 50 accounts in 1 request so far",
            ],
            [],
            [
                "ccc: 200 accounts in 4 requests so far",
                "eiam: 50 accounts in 1 request so far",
            ],
            [
                "ccc: read 200 accounts in 4 requests",
                "eiam: read 50 accounts in 1 request",
            ],
        ]
        "#);
    }
}
