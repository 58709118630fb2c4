//! The running emulator as its request handlers share it: what the seed and the options fix
//! (accepted keys, rate limits, clock) and, behind one lock, everything requests change (the
//! store, used nonces, rate-limit windows, the fault sequence, the request log). Data only;
//! never handles a request.

use std::sync::{Mutex, MutexGuard};

use super::auth::{Keyring, Nonces};
use super::clock::Clock;
use super::faults::Faults;
use super::log::RequestLog;
use super::ratelimit::RateLimiter;
use super::seed::RateLimits;
use super::store::Store;

pub struct App {
    pub keys: Keyring,
    pub limits: RateLimits,
    pub clock: Clock,
    pub core: Mutex<Core>,
}

/// Everything requests change, behind one lock (held only while a request is decided).
pub struct Core {
    pub store: Store,
    pub nonces: Nonces,
    pub limiter: RateLimiter,
    pub faults: Faults,
    pub log: RequestLog,
}

impl App {
    pub fn core(&self) -> MutexGuard<'_, Core> {
        self.core
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
