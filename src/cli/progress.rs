//! Edge. Feedback while an apply runs, on stderr: on a terminal one `indicatif` bar per
//! provider (calls done / total, rate, ETA); elsewhere (CI) a progress line through `tracing`
//! every few seconds. With `-v` the executor logs each call instead of drawing bars. Never
//! writes to stdout (the report goes there).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine::apply::Progress;
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
        Box::new(Lines::new())
    }
}

/// One bar per provider.
#[derive(Default)]
struct Bars {
    bars: Mutex<BTreeMap<String, ProgressBar>>,
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
            bars.insert(name.clone(), bar);
        }
    }

    fn finished(&self, call: &CallReport) {
        let bars = lock(&self.bars);
        let Some(bar) = bars.get(&call.provider) else {
            return;
        };
        bar.inc(1);
        if !matches!(call.outcome, Outcome::Applied) {
            bar.set_message("(some failed or skipped)");
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
    /// (done, total) per provider.
    counts: BTreeMap<String, (usize, usize)>,
}

impl Lines {
    fn new() -> Lines {
        let now = Instant::now();
        Lines {
            state: Mutex::new(LinesState {
                started: now,
                last_line: now,
                counts: BTreeMap::new(),
            }),
        }
    }
}

impl Progress for Lines {
    fn begin(&self, totals: &BTreeMap<String, usize>) {
        let mut state = lock(&self.state);
        state.counts = totals.iter().map(|(n, t)| (n.clone(), (0, *t))).collect();
    }

    fn finished(&self, call: &CallReport) {
        let mut state = lock(&self.state);
        if let Some((done, _)) = state.counts.get_mut(&call.provider) {
            *done += 1;
        }
        let all_done = state.counts.values().all(|(done, total)| done >= total);
        if state.last_line.elapsed() < LINE_EVERY && !all_done {
            return;
        }
        state.last_line = Instant::now();
        let seconds = state.started.elapsed().as_secs_f64().max(1e-3);
        for (name, (done, total)) in &state.counts {
            tracing::info!(
                target: TARGET,
                "{name}: {done}/{total} calls, {:.1} calls/s",
                *done as f64 / seconds
            );
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
