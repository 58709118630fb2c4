//! Pure. How fast one action may go when the provider pushes back: additive increase,
//! multiplicative decrease (AIMD, as TCP congestion control) of the allowed rate between a
//! floor and the configured ceiling, and a pause honouring the provider's retry-after. Takes
//! the time as an argument (a `Duration` since the pacer started); never reads a clock or
//! sleeps. The pacer (`pacing.rs`) turns the rate into a governor quota.

use std::time::Duration;

/// On throttling the rate is multiplied by this (CUBIC's 0.7: gentler than halving, since
/// one throttle often means another client's burst, not a sustained overload).
pub const DECREASE_FACTOR: f64 = 0.7;
/// Throttles closer together than this count as one event: the calls already in flight
/// when the first answer came back were paced at the old rate and say nothing new.
pub const DECREASE_COOLDOWN: Duration = Duration::from_secs(1);
/// Each second without throttling gives back this share of the ceiling.
pub const INCREASE_SHARE: f64 = 0.1;
pub const INCREASE_INTERVAL: Duration = Duration::from_secs(1);
/// The rate never drops below this share of the ceiling.
pub const FLOOR_SHARE: f64 = 0.05;

/// The allowed rate of one action.
#[derive(Clone, Debug, PartialEq)]
pub struct Adaptive {
    ceiling: f64,
    rate: f64,
    last_decrease: Option<Duration>,
    last_change: Duration,
    resume_at: Option<Duration>,
}

impl Adaptive {
    /// Starts at `ceiling` requests per second.
    pub fn new(ceiling: f64) -> Adaptive {
        Adaptive {
            ceiling,
            rate: ceiling,
            last_decrease: None,
            last_change: Duration::ZERO,
            resume_at: None,
        }
    }

    /// Requests per second allowed now.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// No request may start before this time (a provider's retry-after).
    pub fn resume_at(&self) -> Option<Duration> {
        self.resume_at
    }

    /// The provider throttled a request answered at `now`.
    pub fn throttled(&mut self, now: Duration, retry_after: Option<Duration>) {
        if let Some(wait) = retry_after {
            let until = now + wait;
            self.resume_at = Some(self.resume_at.map_or(until, |at| at.max(until)));
        }
        let cooled = self
            .last_decrease
            .is_none_or(|at| now.saturating_sub(at) >= DECREASE_COOLDOWN);
        if cooled {
            self.rate = (self.rate * DECREASE_FACTOR).max(self.ceiling * FLOOR_SHARE);
            self.last_decrease = Some(now);
        }
        self.last_change = now;
    }

    /// A request answered at `now` without throttling.
    pub fn succeeded(&mut self, now: Duration) {
        if self.rate >= self.ceiling {
            return;
        }
        let quiet = now.saturating_sub(self.last_change);
        if quiet >= INCREASE_INTERVAL {
            let steps = (quiet.as_secs_f64() / INCREASE_INTERVAL.as_secs_f64()).floor();
            self.rate = (self.rate + steps * INCREASE_SHARE * self.ceiling).min(self.ceiling);
            self.last_change = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_throttle_slows_the_rate_and_honours_retry_after() {
        let mut adaptive = Adaptive::new(20.0);
        adaptive.throttled(secs(10.0), Some(Duration::from_millis(300)));
        assert!(close(adaptive.rate(), 14.0), "{}", adaptive.rate());
        assert_eq!(adaptive.resume_at(), Some(secs(10.3)));
    }

    #[test]
    fn throttles_within_the_cooldown_count_once() {
        let mut adaptive = Adaptive::new(20.0);
        adaptive.throttled(secs(10.0), None);
        adaptive.throttled(secs(10.2), None);
        adaptive.throttled(secs(10.9), None);
        assert!(close(adaptive.rate(), 14.0));
        adaptive.throttled(secs(11.0), None);
        assert!(close(adaptive.rate(), 9.8));
        assert_eq!(adaptive.resume_at(), None);
    }

    #[test]
    fn a_later_retry_after_wins_an_earlier_one_does_not_shorten_the_pause() {
        let mut adaptive = Adaptive::new(20.0);
        adaptive.throttled(secs(1.0), Some(secs(2.0)));
        adaptive.throttled(secs(1.5), Some(secs(0.5)));
        assert_eq!(adaptive.resume_at(), Some(secs(3.0)));
    }

    #[test]
    fn the_rate_never_falls_below_the_floor() {
        let mut adaptive = Adaptive::new(20.0);
        for second in 0..100 {
            adaptive.throttled(secs(f64::from(second)), None);
        }
        assert!(close(adaptive.rate(), 1.0), "{}", adaptive.rate());
    }

    #[test]
    fn quiet_seconds_recover_additively_up_to_the_ceiling() {
        let mut adaptive = Adaptive::new(20.0);
        adaptive.throttled(secs(0.0), None);
        adaptive.throttled(secs(1.0), None);
        assert!(close(adaptive.rate(), 9.8));
        adaptive.succeeded(secs(1.5));
        assert!(close(adaptive.rate(), 9.8), "no step before a quiet second");
        adaptive.succeeded(secs(2.0));
        assert!(close(adaptive.rate(), 11.8));
        adaptive.succeeded(secs(5.5));
        assert!(close(adaptive.rate(), 17.8), "three more quiet seconds");
        adaptive.succeeded(secs(30.0));
        assert!(close(adaptive.rate(), 20.0), "capped at the ceiling");
    }
}
