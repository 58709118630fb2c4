//! Pure. The Jaro-Winkler similarity of one name to many candidates, as `strsim::jaro_winkler`
//! computes it (the same matches and transpositions, the same floating-point formula, so the
//! same scores to the last bit), without allocating per candidate, and skipping the candidates
//! that cannot reach a floor. A did-you-mean over every account of a large directory compares
//! one key with tens of thousands.

/// Buckets of the character counts the bound compares (characters share a bucket by their
/// code point modulo this; sharing only loosens the bound).
const BUCKETS: usize = 128;

/// Scores candidates against one name.
pub struct Similarity {
    found: Vec<char>,
    /// How many of `found`'s characters fall in each bucket.
    counts: [u32; BUCKETS],
    /// How many of the candidate's characters fall in each bucket (zeroed after each bound).
    taken: [u32; BUCKETS],
    /// Reused per candidate.
    candidate: Vec<char>,
    found_flags: Vec<bool>,
    candidate_flags: Vec<bool>,
}

impl Similarity {
    pub fn new(found: &str) -> Similarity {
        let found: Vec<char> = found.chars().collect();
        let mut counts = [0u32; BUCKETS];
        for c in &found {
            counts[bucket(*c)] += 1;
        }
        Similarity {
            counts,
            taken: [0; BUCKETS],
            found_flags: Vec::with_capacity(found.len()),
            found,
            candidate: Vec::new(),
            candidate_flags: Vec::new(),
        }
    }

    /// `strsim::jaro_winkler(found, candidate)` when it is at least `floor`; `None` when it
    /// is certainly below (an upper bound from the characters the two share and their common
    /// prefix says so). A score that is `Some` is the exact score.
    pub fn at_least(&mut self, candidate: &str, floor: f64) -> Option<f64> {
        if floor > 0.0 {
            let bound = self.bound(candidate);
            // The margin keeps rounding in the bound from ever skipping a candidate that
            // reaches the floor.
            if bound + 1e-9 < floor {
                return None;
            }
        }
        self.candidate.clear();
        self.candidate.extend(candidate.chars());
        let score = self.jaro_winkler();
        (score >= floor).then_some(score)
    }

    /// At least the Jaro-Winkler score: as if every shared character matched without a
    /// transposition.
    fn bound(&mut self, candidate: &str) -> f64 {
        let a_len = self.found.len();
        let mut b_len = 0usize;
        let mut shared = 0usize;
        for c in candidate.chars() {
            b_len += 1;
            let bucket = bucket(c);
            self.taken[bucket] += 1;
            if self.taken[bucket] <= self.counts[bucket] {
                shared += 1;
            }
        }
        for c in candidate.chars() {
            self.taken[bucket(c)] = 0;
        }
        if a_len == 0 || b_len == 0 {
            return 1.0; // the exact score decides (1.0 or 0.0)
        }
        if shared == 0 {
            return 0.0;
        }
        let m = shared as f64;
        let jaro = (m / a_len as f64 + m / b_len as f64 + 1.0) / 3.0;
        // The prefix bonus grows with the Jaro score, so the bound takes it at its largest.
        let prefix = prefix(&self.found, candidate.chars());
        jaro + 0.1 * prefix as f64 * (1.0 - jaro)
    }

    /// `strsim::generic_jaro_winkler` on the two character sequences.
    fn jaro_winkler(&mut self) -> f64 {
        let sim = self.jaro();
        if sim > 0.7 {
            sim + 0.1 * prefix(&self.found, self.candidate.iter().copied()) as f64 * (1.0 - sim)
        } else {
            sim
        }
    }

    /// `strsim::generic_jaro`, step for step: the same greedy matching in the same window, the
    /// same count of transpositions, the same formula.
    fn jaro(&mut self) -> f64 {
        let (a, b) = (&self.found, &self.candidate);
        let (a_len, b_len) = (a.len(), b.len());
        if a_len == 0 && b_len == 0 {
            return 1.0;
        } else if a_len == 0 || b_len == 0 {
            return 0.0;
        }
        let search_range = (a_len.max(b_len) / 2).saturating_sub(1);
        let (a_flags, b_flags) = (&mut self.found_flags, &mut self.candidate_flags);
        a_flags.clear();
        a_flags.resize(a_len, false);
        b_flags.clear();
        b_flags.resize(b_len, false);
        let mut matches = 0usize;
        for (i, a_elem) in a.iter().enumerate() {
            let min_bound = i.saturating_sub(search_range);
            let max_bound = b_len.min(i + search_range + 1);
            for j in min_bound..max_bound {
                if *a_elem == b[j] && !b_flags[j] {
                    a_flags[i] = true;
                    b_flags[j] = true;
                    matches += 1;
                    break;
                }
            }
        }
        if matches == 0 {
            return 0.0;
        }
        let mut transpositions = 0usize;
        let mut matched_b = b.iter().zip(b_flags.iter()).filter(|(_, flag)| **flag);
        for (a_elem, _) in a.iter().zip(a_flags.iter()).filter(|(_, flag)| **flag) {
            if let Some((b_elem, _)) = matched_b.next()
                && a_elem != b_elem
            {
                transpositions += 1;
            }
        }
        transpositions /= 2;
        ((matches as f64 / a_len as f64)
            + (matches as f64 / b_len as f64)
            + ((matches - transpositions) as f64 / matches as f64))
            / 3.0
    }
}

/// The common prefix of the two, up to four characters.
fn prefix(found: &[char], candidate: impl Iterator<Item = char>) -> usize {
    found
        .iter()
        .take(4)
        .zip(candidate)
        .take_while(|(a, b)| **a == *b)
        .count()
}

fn bucket(c: char) -> usize {
    c as usize % BUCKETS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs from a small alphabet (so that they share characters, transpose and repeat),
    /// ASCII and not, of every length up to 12.
    fn pairs() -> Vec<(String, String)> {
        let alphabet: Vec<char> = "ab.1王芳x".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
            let len = next(13);
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
        };
        (0..20_000)
            .map(|_| (word(&mut next), word(&mut next)))
            .collect()
    }

    #[test]
    fn scores_as_strsim_does_to_the_last_bit() {
        for (found, candidate) in pairs() {
            let expected = strsim::jaro_winkler(&found, &candidate);
            let score = Similarity::new(&found).at_least(&candidate, 0.0);
            assert_eq!(
                score.map(f64::to_bits),
                Some(expected.to_bits()),
                "{found:?} {candidate:?}"
            );
        }
    }

    #[test]
    fn skips_only_what_cannot_reach_the_floor() {
        for (found, candidate) in pairs() {
            let expected = strsim::jaro_winkler(&found, &candidate);
            for floor in [0.5, 0.8, 0.9, expected, expected + 1e-12] {
                let score = Similarity::new(&found).at_least(&candidate, floor);
                let wanted = (expected >= floor).then_some(expected);
                assert_eq!(score, wanted, "{found:?} {candidate:?} {floor}");
            }
        }
    }
}
