//! Fault injection reproducible from a seed: server errors, throttling bursts, added latency and
//! dropped connections, drawn from a splitmix64 sequence in request order, and optionally at
//! most so many faults in a row for one request (its retries then get through, whatever the
//! order requests arrived in). Decides only; the server acts on the decision.

use std::collections::HashMap;

use serde::Serialize;

/// What to inject, as shares of requests (0.0 to 1.0).
#[derive(Debug, Clone, Default)]
pub struct FaultOptions {
    pub seed: u64,
    pub error_rate: f64,
    pub throttle_rate: f64,
    /// How many consecutive requests a throttling burst refuses (at least 1).
    pub throttle_burst: u32,
    /// Upper bound of the latency added to each request, in milliseconds.
    pub latency_ms: u64,
    pub drop_rate: f64,
    /// A request (the same action and parameters, signing aside) already refused this many
    /// times in a row gets through; `None`: no bound.
    pub max_faults_in_a_row: Option<u32>,
}

/// The fault chosen for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    None,
    ServerError,
    Throttle,
    Drop,
}

impl Fault {
    /// The name in the request log.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::ServerError => "server_error",
            Fault::Throttle => "throttle",
            Fault::Drop => "drop",
        }
    }
}

/// The deterministic fault source.
#[derive(Debug)]
pub struct Faults {
    options: FaultOptions,
    rng: SplitMix64,
    burst_left: u32,
    /// Faults in a row per request key, while bounded.
    streaks: HashMap<u64, u32>,
}

impl Faults {
    pub fn new(options: FaultOptions) -> Faults {
        Faults {
            rng: SplitMix64(options.seed),
            options,
            burst_left: 0,
            streaks: HashMap::new(),
        }
    }

    /// The fault and added latency (ms) for the next request, `request` being its key (see
    /// [`FaultOptions::max_faults_in_a_row`]). Always draws four numbers, so the sequence
    /// depends only on the seed and the request order.
    pub fn next(&mut self, request: u64) -> (Fault, u64) {
        let [drop, error, throttle, latency] = [0; 4].map(|_| self.rng.unit());
        let latency_ms = (latency * (self.options.latency_ms as f64 + 1.0)).floor() as u64;
        let latency_ms = latency_ms.min(self.options.latency_ms);
        if let Some(max) = self.options.max_faults_in_a_row
            && self
                .streaks
                .get(&request)
                .is_some_and(|streak| *streak >= max)
        {
            self.streaks.remove(&request);
            return (Fault::None, latency_ms);
        }
        let fault = if self.burst_left > 0 {
            self.burst_left -= 1;
            Fault::Throttle
        } else if drop < self.options.drop_rate {
            Fault::Drop
        } else if error < self.options.error_rate {
            Fault::ServerError
        } else if throttle < self.options.throttle_rate {
            self.burst_left = self.options.throttle_burst.max(1) - 1;
            Fault::Throttle
        } else {
            Fault::None
        };
        if self.options.max_faults_in_a_row.is_some() {
            match fault {
                Fault::None => {
                    self.streaks.remove(&request);
                }
                _ => *self.streaks.entry(request).or_default() += 1,
            }
        }
        (fault, latency_ms)
    }
}

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for test faults.
#[derive(Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(seed: u64) -> Vec<(Fault, u64)> {
        let mut faults = Faults::new(FaultOptions {
            seed,
            error_rate: 0.2,
            throttle_rate: 0.1,
            throttle_burst: 3,
            latency_ms: 50,
            drop_rate: 0.05,
            max_faults_in_a_row: None,
        });
        (0..200).map(|n| faults.next(n)).collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_faults() {
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let faults = run(7);
        for kind in [
            Fault::None,
            Fault::ServerError,
            Fault::Throttle,
            Fault::Drop,
        ] {
            assert!(faults.iter().any(|(fault, _)| *fault == kind), "{kind:?}");
        }
        assert!(faults.iter().all(|(_, latency)| *latency <= 50));
    }

    #[test]
    fn no_rates_means_no_faults() {
        let mut faults = Faults::new(FaultOptions::default());
        assert!((0..100).all(|n| faults.next(n) == (Fault::None, 0)));
    }

    #[test]
    fn a_request_refused_as_often_as_allowed_gets_through_while_others_are_refused() {
        let mut faults = Faults::new(FaultOptions {
            error_rate: 1.0,
            max_faults_in_a_row: Some(2),
            ..FaultOptions::default()
        });
        let (a, b) = (1, 2);
        let seen: Vec<Fault> = [a, b, a, a, b, b, a]
            .into_iter()
            .map(|request| faults.next(request).0)
            .collect();
        let error = Fault::ServerError;
        assert_eq!(
            seen,
            [error, error, error, Fault::None, error, Fault::None, error],
            "each request's third try passes; after a success its count starts again"
        );
    }

    #[test]
    fn without_a_bound_a_request_can_be_refused_every_time() {
        let mut faults = Faults::new(FaultOptions {
            error_rate: 1.0,
            ..FaultOptions::default()
        });
        assert!((0..20).all(|_| faults.next(7).0 == Fault::ServerError));
    }
}
