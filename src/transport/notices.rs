//! Pure. Which "retrying" warnings reach the log, so that a provider failing every call cannot
//! flood it: the first retry is shown, the ones in the next [`EVERY`] are only counted, and
//! the next one shown says how many were not. Takes the time as an argument (a `Duration`
//! since the transport started); never reads a clock or logs.

use std::time::Duration;

/// At most one "retrying" warning per provider in this long.
pub const EVERY: Duration = Duration::from_secs(5);

/// Whether to show one retry warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Show it, saying that `hidden` retries were not shown since the last one.
    Show { hidden: u32 },
    /// Count it only.
    Hide,
}

/// The retry warnings of one provider.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notices {
    last_shown: Option<Duration>,
    hidden: u32,
}

impl Notices {
    /// A retry at `now`: show it or count it.
    pub fn retrying(&mut self, now: Duration) -> Notice {
        match self.last_shown {
            Some(last) if now < last + EVERY => {
                self.hidden += 1;
                Notice::Hide
            }
            _ => {
                self.last_shown = Some(now);
                Notice::Show {
                    hidden: std::mem::take(&mut self.hidden),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_interval_and_the_next_counts_the_hidden_ones() {
        let mut notices = Notices::default();
        let at = |ms: u64| Duration::from_millis(ms);
        let shown: Vec<(u64, Notice)> = [0, 10, 20, 4_999, 5_000, 5_001, 30_000]
            .into_iter()
            .map(|ms| (ms, notices.retrying(at(ms))))
            .collect();
        assert_eq!(
            shown,
            [
                (0, Notice::Show { hidden: 0 }),
                (10, Notice::Hide),
                (20, Notice::Hide),
                (4_999, Notice::Hide),
                (5_000, Notice::Show { hidden: 3 }),
                (5_001, Notice::Hide),
                (30_000, Notice::Show { hidden: 1 }),
            ]
        );
    }
}
