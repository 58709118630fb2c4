//! Edge. Pacing: one lane per action of a provider instance, shared by reads and writes, so
//! requests are spaced evenly at the action's rate and every attempt, retries included, waits
//! for its turn. A lane is a governor GCRA limiter (burst 1) at the rate its [`Adaptive`]
//! state allows, behind a fair (FIFO) async lock so waiters go in order instead of racing.
//! Time is tokio's (`tokio::time::Instant`, `sleep_until`), so tests run it on a paused
//! clock. Never sends anything.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use tokio::time::Instant;

use super::adaptive::Adaptive;
use crate::config::ProviderConfig;
use crate::providers;

/// Share of the configured rate kept in reserve. Providers count requests in a sliding
/// one-second window at *their* end; evenly spaced requests at exactly the limit arrive with
/// a few milliseconds of jitter, and any two that close up make a 21st request in some
/// window. 2% leaves 20 ms of slack per window at any rate, to which the timer's lateness
/// (each wake-up ~1 ms after its deadline, measured: docs/BENCHMARKS.md) adds about as much.
pub const HEADROOM: f64 = 0.02;

/// governor's clock on tokio's (pausable) time: `Duration` since the pacer started.
#[derive(Clone, Debug)]
struct TokioClock {
    origin: Instant,
}

impl Clock for TokioClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

type Limiter = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Duration>>;

/// The limiter of one action at the rate it was built for, and when it last let a call go.
struct Gate {
    limiter: Limiter,
    rate: f64,
    last_sent: Option<Duration>,
}

struct Lane {
    gate: tokio::sync::Mutex<Gate>,
    adaptive: Mutex<Adaptive>,
}

/// The lanes of one provider instance, created on first use per action.
pub struct Pacer {
    config: ProviderConfig,
    clock: TokioClock,
    lanes: Mutex<HashMap<String, Arc<Lane>>>,
}

impl Pacer {
    pub fn new(config: &ProviderConfig) -> Self {
        Pacer {
            config: config.clone(),
            clock: TokioClock {
                origin: Instant::now(),
            },
            lanes: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until `action` may be sent, then takes its slot.
    pub async fn wait(&self, action: &str) {
        let lane = self.lane(action);
        let mut gate = lane.gate.lock().await;
        loop {
            let now = self.clock.now();
            let (rate, resume_at) = {
                let adaptive = lock(&lane.adaptive);
                (adaptive.rate(), adaptive.resume_at())
            };
            if let Some(at) = resume_at.filter(|at| *at > now) {
                self.sleep_until(at).await;
                continue;
            }
            if rate != gate.rate {
                gate.limiter = RateLimiter::direct_with_clock(quota(rate), self.clock.clone());
                gate.rate = rate;
                // A fresh limiter lets its first call through at once: keep the spacing.
                if let Some(next) = gate.last_sent.map(|last| last + period(rate))
                    && next > now
                {
                    self.sleep_until(next).await;
                    continue;
                }
            }
            match gate.limiter.check() {
                Ok(()) => {
                    gate.last_sent = Some(now);
                    return;
                }
                Err(not_until) => self.sleep_until(not_until.earliest_possible()).await,
            }
        }
    }

    /// The provider throttled `action`: slow its lane down (and pause it for `retry_after`).
    pub fn throttled(&self, action: &str, retry_after: Option<Duration>) {
        let now = self.clock.now();
        let lane = self.lane(action);
        let mut adaptive = lock(&lane.adaptive);
        adaptive.throttled(now, retry_after);
        tracing::debug!(
            provider_action = action,
            rate = adaptive.rate(),
            "throttled: slowing down"
        );
    }

    /// `action` was answered without throttling: let its lane recover.
    pub fn succeeded(&self, action: &str) {
        let now = self.clock.now();
        lock(&self.lane(action).adaptive).succeeded(now);
    }

    /// Requests per second `action` is configured at (before headroom and slowing down).
    pub fn rate(&self, action: &str) -> f64 {
        let rate = providers::rate(&self.config, action);
        if rate.is_finite() && rate > 0.0 {
            rate
        } else {
            providers::table(self.config.provider_type).default_rate
        }
    }

    /// Requests per second `action` is paced at now.
    pub fn current_rate(&self, action: &str) -> f64 {
        lock(&self.lane(action).adaptive).rate()
    }

    async fn sleep_until(&self, at: Duration) {
        tokio::time::sleep_until(self.clock.origin + at).await;
    }

    fn lane(&self, action: &str) -> Arc<Lane> {
        lock(&self.lanes)
            .entry(action.to_string())
            .or_insert_with(|| {
                let ceiling = self.rate(action) * (1.0 - HEADROOM);
                Arc::new(Lane {
                    gate: tokio::sync::Mutex::new(Gate {
                        limiter: RateLimiter::direct_with_clock(quota(ceiling), self.clock.clone()),
                        rate: ceiling,
                        last_sent: None,
                    }),
                    adaptive: Mutex::new(Adaptive::new(ceiling)),
                })
            })
            .clone()
    }
}

/// A poisoned lock only means another task panicked while holding it; the data (a map of
/// lanes, a rate) is still consistent.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn period(rate: f64) -> Duration {
    Duration::from_secs_f64(1.0 / rate).max(Duration::from_nanos(1))
}

/// One request every `1 / rate` seconds, no burst.
fn quota(rate: f64) -> Quota {
    Quota::with_period(period(rate))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
        .allow_burst(NonZeroU32::MIN)
}

#[cfg(test)]
mod tests;
