//! Per (account, action) request limits over a sliding one-second window, as the clouds count
//! them. Pure: the caller passes the time; nothing here sleeps or reads a clock.

use std::collections::{HashMap, VecDeque};

const WINDOW_MS: i64 = 1000;

/// Admitted requests per key in the last second.
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: HashMap<(String, String), VecDeque<i64>>,
}

/// Why a request was refused: how many it would have made and when a slot frees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub count: usize,
    pub retry_after_ms: i64,
}

impl RateLimiter {
    /// Admit the request at `now_ms` if fewer than `limit` were admitted in the window ending
    /// now; refused requests are not counted, so a client that backs off recovers.
    pub fn admit(
        &mut self,
        account: &str,
        action: &str,
        limit: u32,
        now_ms: i64,
    ) -> Result<(), Refusal> {
        let window = self
            .windows
            .entry((account.to_string(), action.to_string()))
            .or_default();
        while window.front().is_some_and(|&at| at <= now_ms - WINDOW_MS) {
            window.pop_front();
        }
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        if window.len() >= limit {
            let oldest = window.front().copied().unwrap_or(now_ms);
            return Err(Refusal {
                count: window.len() + 1,
                retry_after_ms: (oldest + WINDOW_MS - now_ms).max(1),
            });
        }
        window.push_back(now_ms);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_twenty_first_request_in_a_second_is_refused() {
        let mut limiter = RateLimiter::default();
        for i in 0..20 {
            assert_eq!(limiter.admit("uin", "ModifyStaff", 20, 1_000 + i), Ok(()));
        }
        let refusal = limiter.admit("uin", "ModifyStaff", 20, 1_500).unwrap_err();
        assert_eq!(refusal.count, 21);
        assert_eq!(refusal.retry_after_ms, 500);
        assert_eq!(
            limiter.admit("uin", "DescribeStaffInfoList", 20, 1_500),
            Ok(())
        );
        assert_eq!(limiter.admit("other", "ModifyStaff", 20, 1_500), Ok(()));
        assert_eq!(limiter.admit("uin", "ModifyStaff", 20, 2_000), Ok(()));
    }
}
