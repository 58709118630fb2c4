//! Edge. Pacing: one GCRA limiter (governor, burst 1) per action of a provider instance,
//! shared by reads and writes, so requests are spaced evenly at the action's rate and every
//! attempt, retries included, waits for its turn. Never sends anything.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::manifest::types::ProviderConfig;
use crate::providers;

/// The limiters of one provider instance, created on first use per action.
pub struct Pacer {
    config: ProviderConfig,
    limiters: Mutex<HashMap<String, Arc<DefaultDirectRateLimiter>>>,
}

impl Pacer {
    pub fn new(config: &ProviderConfig) -> Self {
        Pacer {
            config: config.clone(),
            limiters: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until `action` may be sent.
    pub async fn wait(&self, action: &str) {
        let limiter = self.limiter(action);
        limiter.until_ready().await;
    }

    /// Requests per second `action` is paced at.
    pub fn rate(&self, action: &str) -> f64 {
        let rate = providers::rate(&self.config, action);
        if rate.is_finite() && rate > 0.0 {
            rate
        } else {
            providers::spec(self.config.provider_type).default_rate
        }
    }

    fn limiter(&self, action: &str) -> Arc<DefaultDirectRateLimiter> {
        // A poisoned lock only means another task panicked while inserting; the map is still
        // usable.
        let mut limiters = self
            .limiters
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        limiters
            .entry(action.to_string())
            .or_insert_with(|| Arc::new(RateLimiter::direct(quota(self.rate(action)))))
            .clone()
    }
}

/// One request every `1 / rate` seconds, no burst.
fn quota(rate: f64) -> Quota {
    let period = Duration::from_secs_f64(1.0 / rate).max(Duration::from_nanos(1));
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
        .allow_burst(NonZeroU32::MIN)
}
