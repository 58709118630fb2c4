//! Pure. The Jaro-Winkler similarity of one name to many candidates, as `strsim::jaro_winkler`
//! computes it (the same matches and transpositions, the same floating-point formula, so the
//! same scores to the last bit), without allocating per candidate, and skipping the candidates
//! that cannot reach a floor (most do not: exact scores are rare), ASCII text compared byte by
//! byte. A did-you-mean over every account of a large directory compares one key with tens of
//! thousands.

/// Buckets of the character counts the bound compares (characters share a bucket by their
/// code point modulo this; sharing only loosens the bound).
const BUCKETS: usize = 128;

/// A candidate's characters counted by bucket, made once for a candidate scored against many
/// names (every remote account against each missing key): the bound then adds up the few
/// buckets the candidate uses instead of passing over it twice.
#[derive(Clone, Debug)]
pub struct Bag {
    /// The buckets used, each with its count.
    counts: Box<[(u8, u8)]>,
    /// Characters in all.
    len: usize,
    ascii: bool,
}

impl Bag {
    /// The bag of `text`; `None` past 255 characters, which a byte count might not hold.
    pub fn of(text: &str) -> Option<Bag> {
        let mut buckets: Vec<u8> = Vec::with_capacity(text.len());
        for c in text.chars() {
            if buckets.len() == usize::from(u8::MAX) {
                return None;
            }
            buckets.push(bucket(c) as u8);
        }
        let len = buckets.len();
        buckets.sort_unstable();
        let mut counts: Vec<(u8, u8)> = Vec::new();
        for bucket in buckets {
            match counts.last_mut() {
                Some((last, count)) if *last == bucket => *count += 1,
                _ => counts.push((bucket, 1)),
            }
        }
        let ascii = text.is_ascii();
        Some(Bag {
            counts: counts.into(),
            len,
            ascii,
        })
    }
}

/// Scores candidates against one name.
pub struct Similarity {
    found: Vec<char>,
    /// `found`'s bytes when it is ASCII: an ASCII candidate is then compared byte by byte,
    /// without being copied (most keys are ASCII emails and ids).
    found_ascii: Option<Vec<u8>>,
    /// How many of `found`'s characters fall in each bucket.
    counts: [u32; BUCKETS],
    /// How many of the candidate's characters fall in each bucket (zeroed after each bound).
    taken: [u32; BUCKETS],
    /// Reused per candidate.
    candidate: Vec<char>,
    flags: Flags,
}

/// Which characters of each side matched (reused per candidate).
#[derive(Default)]
struct Flags {
    found: Vec<bool>,
    candidate: Vec<bool>,
}

impl Similarity {
    pub fn new(found: &str) -> Similarity {
        let chars: Vec<char> = found.chars().collect();
        let mut counts = [0u32; BUCKETS];
        for c in &chars {
            counts[bucket(*c)] += 1;
        }
        Similarity {
            counts,
            taken: [0; BUCKETS],
            found_ascii: found.is_ascii().then(|| found.as_bytes().to_vec()),
            found: chars,
            candidate: Vec::new(),
            flags: Flags::default(),
        }
    }

    /// `strsim::jaro_winkler(found, candidate)` when it is at least `floor`; `None` when it
    /// is certainly below (an upper bound from the characters the two share and their common
    /// prefix says so; from the candidate's [`Bag`] when it has one). A score that is `Some` is
    /// the exact score.
    pub fn at_least(&mut self, candidate: &str, bag: Option<&Bag>, floor: f64) -> Option<f64> {
        let ascii = bag.map_or_else(|| candidate.is_ascii(), |bag| bag.ascii);
        if floor > 0.0 {
            let bound = match bag {
                Some(bag) => self.bag_bound(candidate, bag, floor),
                None if ascii => self.bound(candidate.bytes().map(char::from)),
                None => self.bound(candidate.chars()),
            };
            // The margin keeps rounding in the bound from ever skipping a candidate that
            // reaches the floor.
            if bound + 1e-9 < floor {
                return None;
            }
        }
        let score = match self.found_ascii.as_deref() {
            Some(found) if ascii => jaro_winkler(found, candidate.as_bytes(), &mut self.flags),
            _ => {
                self.candidate.clear();
                self.candidate.extend(candidate.chars());
                jaro_winkler(&self.found, &self.candidate, &mut self.flags)
            }
        };
        (score >= floor).then_some(score)
    }

    /// [`Similarity::bound`] from the candidate's bag (the same bound, or a looser one that is
    /// already below `floor`).
    fn bag_bound(&self, candidate: &str, bag: &Bag, floor: f64) -> f64 {
        // First as if every character of the shorter were shared: enough when the lengths
        // alone keep the candidate below the floor.
        let most = self.found.len().min(bag.len);
        let loose = jaro_bound(&self.found, candidate.chars(), bag.len, most);
        if loose + 1e-9 < floor {
            return loose;
        }
        let shared: u32 = bag
            .counts
            .iter()
            .map(|(bucket, count)| self.counts[usize::from(*bucket)].min(u32::from(*count)))
            .sum();
        let shared = shared as usize;
        jaro_bound(&self.found, candidate.chars(), bag.len, shared)
    }

    /// At least the Jaro-Winkler score: as if every shared character matched without a
    /// transposition.
    fn bound(&mut self, candidate: impl Iterator<Item = char> + Clone) -> f64 {
        let mut b_len = 0usize;
        let mut shared = 0usize;
        for c in candidate.clone() {
            b_len += 1;
            let bucket = bucket(c);
            self.taken[bucket] += 1;
            if self.taken[bucket] <= self.counts[bucket] {
                shared += 1;
            }
        }
        for c in candidate.clone() {
            self.taken[bucket(c)] = 0;
        }
        jaro_bound(&self.found, candidate, b_len, shared)
    }
}

/// The bound of [`Similarity::bound`] from the characters `found` and a candidate of `b_len`
/// characters share (by bucket).
fn jaro_bound(
    found: &[char],
    candidate: impl Iterator<Item = char>,
    b_len: usize,
    shared: usize,
) -> f64 {
    let a_len = found.len();
    if a_len == 0 || b_len == 0 {
        return 1.0; // the exact score decides (1.0 or 0.0)
    }
    if shared == 0 {
        return 0.0;
    }
    let m = shared as f64;
    let jaro = (m / a_len as f64 + m / b_len as f64 + 1.0) / 3.0;
    // The prefix bonus grows with the Jaro score, so the bound takes it at its largest.
    let prefix = prefix(found, candidate);
    jaro + 0.1 * prefix as f64 * (1.0 - jaro)
}

/// `strsim::generic_jaro_winkler` on two sequences (characters, or the bytes of ASCII text).
fn jaro_winkler<T: Copy + PartialEq>(a: &[T], b: &[T], flags: &mut Flags) -> f64 {
    let sim = jaro(a, b, flags);
    if sim > 0.7 {
        sim + 0.1 * prefix(a, b.iter().copied()) as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// `strsim::generic_jaro`, step for step: the same greedy matching in the same window, the
/// same count of transpositions, the same formula.
fn jaro<T: Copy + PartialEq>(a: &[T], b: &[T], flags: &mut Flags) -> f64 {
    let (a_len, b_len) = (a.len(), b.len());
    if a_len == 0 && b_len == 0 {
        return 1.0;
    } else if a_len == 0 || b_len == 0 {
        return 0.0;
    }
    let search_range = (a_len.max(b_len) / 2).saturating_sub(1);
    let (a_flags, b_flags) = (&mut flags.found, &mut flags.candidate);
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

/// The common prefix of the two, up to four characters.
fn prefix<T: PartialEq>(found: &[T], candidate: impl Iterator<Item = T>) -> usize {
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
        words("ab.1王芳x", 13)
    }

    /// Pairs of ASCII words up to 70 bytes (scored byte by byte).
    fn ascii_pairs() -> Vec<(String, String)> {
        words("abc.1@", 71)
    }

    fn words(alphabet: &str, longest: usize) -> Vec<(String, String)> {
        let alphabet: Vec<char> = alphabet.chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
            let len = next(longest);
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
        };
        (0..20_000)
            .map(|_| (word(&mut next), word(&mut next)))
            .collect()
    }

    #[test]
    fn scores_as_strsim_does_to_the_last_bit() {
        for (found, candidate) in pairs().into_iter().chain(ascii_pairs()) {
            let expected = strsim::jaro_winkler(&found, &candidate);
            let score = Similarity::new(&found).at_least(&candidate, None, 0.0);
            assert_eq!(
                score.map(f64::to_bits),
                Some(expected.to_bits()),
                "{found:?} {candidate:?}"
            );
        }
    }

    #[test]
    fn skips_only_what_cannot_reach_the_floor() {
        for (found, candidate) in pairs().into_iter().chain(ascii_pairs()) {
            let expected = strsim::jaro_winkler(&found, &candidate);
            let bag = Bag::of(&candidate);
            for floor in [0.5, 0.8, 0.9, expected, expected + 1e-12] {
                let score = Similarity::new(&found).at_least(&candidate, None, floor);
                let wanted = (expected >= floor).then_some(expected);
                assert_eq!(score, wanted, "{found:?} {candidate:?} {floor}");
                let bagged = Similarity::new(&found).at_least(&candidate, bag.as_ref(), floor);
                assert_eq!(bagged, wanted, "bagged {found:?} {candidate:?} {floor}");
            }
        }
    }

    #[test]
    fn a_bag_holds_up_to_255_characters_and_bounds_longer_names_as_well() {
        assert!(Bag::of(&"a".repeat(256)).is_none());
        let found = "a".repeat(300);
        for candidate in ["a".repeat(255), format!("{}b", "a".repeat(200))] {
            let bag = Bag::of(&candidate).expect("a bag");
            let expected = strsim::jaro_winkler(&found, &candidate);
            let score = Similarity::new(&found).at_least(&candidate, Some(&bag), expected);
            assert_eq!(score, Some(expected));
        }
    }
}
