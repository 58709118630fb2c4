//! The emulator's clock: the system clock, or a pinned instant that tests move by hand.
//! Never sleeps; added latency lives in `faults.rs`.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, from the system or from a pinned value shared by clones.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    pinned: Arc<Mutex<Option<i64>>>,
}

impl Clock {
    /// The real clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock stopped at `unix_seconds` until `set_ms` or `advance_ms` moves it.
    pub fn pinned(unix_seconds: i64) -> Clock {
        Clock {
            pinned: Arc::new(Mutex::new(Some(unix_seconds * 1000))),
        }
    }

    pub fn now_ms(&self) -> i64 {
        if let Some(ms) = *self.lock() {
            return ms;
        }
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }

    pub fn now_seconds(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Pin the clock at `ms`.
    pub fn set_ms(&self, ms: i64) {
        *self.lock() = Some(ms);
    }

    /// Move a pinned clock forward (pins a system clock at now + `ms`).
    pub fn advance_ms(&self, ms: i64) {
        let now = self.now_ms();
        self.set_ms(now + ms);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<i64>> {
        self.pinned
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
