//! Edge. Where each attempt's timestamp and nonce come from: the system clock and random
//! UUIDs in production, a counter in tests, so that signatures are reproducible.

use std::time::{SystemTime, UNIX_EPOCH};

/// The time and nonce of one signed attempt.
pub trait Stamp: Send + Sync {
    /// Unix seconds now.
    fn unix_seconds(&self) -> i64;
    /// A value never used before (Alibaba's `x-acs-signature-nonce`).
    fn nonce(&self) -> String;
}

/// The system clock and random 32-hex-digit nonces, as the official SDK sends.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemStamp;

impl Stamp for SystemStamp {
    fn unix_seconds(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs() as i64)
            .unwrap_or(0)
    }

    fn nonce(&self) -> String {
        uuid::Uuid::new_v4().simple().to_string()
    }
}
