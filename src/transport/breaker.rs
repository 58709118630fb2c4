//! Pure. The circuit breaker of one provider instance, as a state machine: whether an attempt
//! may go out, and what each attempt's outcome says about whether the provider can be
//! reached. Never reads a clock, sleeps, sends or logs; the transport holds it behind a lock
//! (`circuit.rs`) and acts on its answers.
//!
//! The rule: the breaker opens after [`THRESHOLD`] connection failures in a row (refused, the
//! name does not resolve, no connection within the connect timeout, TLS handshake failed:
//! the request was never sent), where a failure counts only if its attempt started after the
//! previous outcome that counted. So calls in flight together that all fail on one blip count
//! once, and a late answer to a request sent before the failures began does not reset them.
//! Any attempt that reached the server (any HTTP answer, a 500 or a throttle included, or a
//! connection cut after the request was sent) resets the count: a server that answers is
//! reachable. Once open the breaker stays open for the rest of the run: a run is minutes
//! long, and the next one starts closed.

/// Connection failures in a row that open the breaker. One failure can be a blip (a resolver
/// timing out once, a load balancer replacing a node); two rounds of one call are 0.5–1 s
/// apart with the default backoff; three rounds span 1.5–3 s, by which time a blip has
/// passed, and a dead endpoint is recognised within a few seconds instead of after a minute
/// of backoff.
pub const THRESHOLD: u32 = 3;

/// What one attempt says about whether the provider can be reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// A connection was made: the server answered (with any status, errors included) or the
    /// connection broke after the request was sent.
    Reached,
    /// No connection was made, so nothing was sent; `cause` in a few words.
    NotConnected { cause: String },
    /// Says nothing either way: no answer in time on an open connection, or the attempt
    /// failed before anything was sent (a request that cannot be signed).
    Unknown,
}

/// Handed out when an attempt may go: its outcome is weighed against the state it started in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket(u64);

/// Why the breaker is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open {
    /// The last connection failure, such as `connection refused`.
    pub cause: String,
    /// Failures in a row that opened it.
    pub failures: u32,
}

/// What recording an outcome did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Nothing: the outcome was stale, said nothing, or the breaker was already open.
    Unchanged,
    /// A connection failure counted: `streak` in a row now.
    Counted { streak: u32 },
    /// The provider was reached: the failures in a row are forgotten.
    Reset,
    /// This failure opened the breaker.
    Opened(Open),
}

/// The state of one provider's breaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breaker {
    threshold: u32,
    streak: u32,
    /// Bumped by every outcome that counts: a ticket from an earlier generation is stale.
    generation: u64,
    open: Option<Open>,
}

impl Default for Breaker {
    fn default() -> Self {
        Breaker::new(THRESHOLD)
    }
}

impl Breaker {
    /// A closed breaker that opens after `threshold` failures in a row (at least 1).
    pub fn new(threshold: u32) -> Breaker {
        Breaker {
            threshold: threshold.max(1),
            streak: 0,
            generation: 0,
            open: None,
        }
    }

    /// Whether an attempt may go out now: a ticket for its outcome, or why not.
    pub fn admit(&self) -> Result<Ticket, Open> {
        match &self.open {
            Some(open) => Err(open.clone()),
            None => Ok(Ticket(self.generation)),
        }
    }

    /// Weighs the outcome of the attempt that got `ticket`.
    pub fn record(&mut self, ticket: Ticket, evidence: Evidence) -> Step {
        if self.open.is_some() || ticket.0 != self.generation {
            return Step::Unchanged;
        }
        match evidence {
            Evidence::Unknown => Step::Unchanged,
            Evidence::Reached if self.streak == 0 => Step::Unchanged,
            Evidence::Reached => {
                self.streak = 0;
                self.generation += 1;
                Step::Reset
            }
            Evidence::NotConnected { cause } => {
                self.streak += 1;
                self.generation += 1;
                if self.streak < self.threshold {
                    return Step::Counted {
                        streak: self.streak,
                    };
                }
                let open = Open {
                    cause,
                    failures: self.streak,
                };
                self.open = Some(open.clone());
                Step::Opened(open)
            }
        }
    }

    /// Why the breaker is open, if it is.
    pub fn open(&self) -> Option<&Open> {
        self.open.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused() -> Evidence {
        Evidence::NotConnected {
            cause: "connection refused".into(),
        }
    }

    /// One attempt after another: admitted, then its outcome recorded.
    fn one_by_one(breaker: &mut Breaker, outcomes: Vec<Evidence>) -> Vec<Step> {
        outcomes
            .into_iter()
            .map(|evidence| {
                let ticket = breaker.admit().expect("admitted");
                breaker.record(ticket, evidence)
            })
            .collect()
    }

    #[test]
    fn three_connection_failures_in_a_row_open_it_and_it_stays_open() {
        let mut breaker = Breaker::default();
        let steps = one_by_one(&mut breaker, vec![refused(), refused(), refused()]);
        let open = Open {
            cause: "connection refused".into(),
            failures: 3,
        };
        assert_eq!(
            steps,
            [
                Step::Counted { streak: 1 },
                Step::Counted { streak: 2 },
                Step::Opened(open.clone())
            ]
        );
        assert_eq!(breaker.admit(), Err(open.clone()));
        assert_eq!(breaker.open(), Some(&open));
    }

    #[test]
    fn any_answer_in_between_resets_the_count() {
        let mut breaker = Breaker::default();
        let steps = one_by_one(
            &mut breaker,
            vec![
                refused(),
                refused(),
                Evidence::Reached, // a 500, a throttle or a success: the server is there
                refused(),
                refused(),
                Evidence::Reached,
                refused(),
            ],
        );
        assert!(
            !steps.iter().any(|s| matches!(s, Step::Opened(_))),
            "{steps:?}"
        );
        assert_eq!(steps[2], Step::Reset);
        assert_eq!(steps[6], Step::Counted { streak: 1 });
        assert!(breaker.admit().is_ok());
    }

    #[test]
    fn answers_without_failures_and_unknown_outcomes_change_nothing() {
        let mut breaker = Breaker::default();
        let steps = one_by_one(
            &mut breaker,
            vec![
                Evidence::Reached,
                Evidence::Reached,
                refused(),
                Evidence::Unknown, // a request timeout: neither reached nor refused
                refused(),
            ],
        );
        assert_eq!(
            steps,
            [
                Step::Unchanged,
                Step::Unchanged,
                Step::Counted { streak: 1 },
                Step::Unchanged,
                Step::Counted { streak: 2 },
            ]
        );
    }

    #[test]
    fn attempts_in_flight_together_count_once() {
        // Sixteen calls in flight when the network blips: their failures are one event.
        let mut breaker = Breaker::default();
        let tickets: Vec<Ticket> = (0..16).map(|_| breaker.admit().expect("closed")).collect();
        let steps: Vec<Step> = tickets
            .into_iter()
            .map(|ticket| breaker.record(ticket, refused()))
            .collect();
        assert_eq!(steps[0], Step::Counted { streak: 1 });
        assert!(steps[1..].iter().all(|step| *step == Step::Unchanged));
        // The next round (their retries, started after the failure) counts again.
        let retries: Vec<Ticket> = (0..16).map(|_| breaker.admit().expect("closed")).collect();
        assert_eq!(
            breaker.record(retries[3], refused()),
            Step::Counted { streak: 2 }
        );
        assert_eq!(breaker.record(retries[0], refused()), Step::Unchanged);
        assert!(breaker.admit().is_ok(), "two rounds do not open it");
    }

    #[test]
    fn a_late_answer_to_a_request_sent_before_the_failures_does_not_reset_them() {
        // The server dies with a request in flight: its cut connection arrives after the
        // first refused connection and says nothing about now.
        let mut breaker = Breaker::default();
        let in_flight = breaker.admit().expect("closed");
        one_by_one(&mut breaker, vec![refused()]);
        assert_eq!(
            breaker.record(in_flight, Evidence::Reached),
            Step::Unchanged
        );
        let steps = one_by_one(&mut breaker, vec![refused(), refused()]);
        assert!(matches!(steps[1], Step::Opened(_)), "{steps:?}");
    }

    #[test]
    fn outcomes_after_it_opened_change_nothing() {
        let mut breaker = Breaker::new(1);
        let late = breaker.admit().expect("closed");
        let ticket = breaker.admit().expect("closed");
        assert!(matches!(
            breaker.record(ticket, refused()),
            Step::Opened(Open { failures: 1, .. })
        ));
        assert_eq!(breaker.record(late, Evidence::Reached), Step::Unchanged);
        assert!(breaker.admit().is_err());
    }

    #[test]
    fn a_threshold_of_zero_means_one() {
        let mut breaker = Breaker::new(0);
        let steps = one_by_one(&mut breaker, vec![refused()]);
        assert!(matches!(steps[0], Step::Opened(_)));
    }
}
