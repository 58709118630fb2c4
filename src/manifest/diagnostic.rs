//! Pure. A located problem in the manifest and how it is shown, and the did-you-mean hints
//! (`similarity.rs`: the score of one name against many).

mod similarity;

use std::fmt;

use similarity::{Bag, Similarity};

use crate::model::Origin;

/// One problem in the manifest: where, which field, what is wrong, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub origin: Origin,
    /// Dotted path of the field, e.g. `users.alice.accounts.cic.phone`.
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
    /// A second place involved (the first definition of something defined twice).
    pub related: Option<Origin>,
}

impl Diagnostic {
    pub fn new(origin: Origin, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            origin,
            path: path.into(),
            message: message.into(),
            hint: None,
            related: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn related(mut self, origin: Origin) -> Self {
        self.related = Some(origin);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.origin, self.message)?;
        } else {
            write!(f, "{}: {}: {}", self.origin, self.path, self.message)?;
        }
        if let Some(related) = &self.related {
            write!(f, "\n  note: first defined at {related}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// One key of a field path as messages write it: as is, or quoted when it holds a `.`
/// (`users."bob.wang".display_name`), so that the path reads back one way.
pub fn path_key(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains('.') {
        std::borrow::Cow::Owned(format!("{key:?}"))
    } else {
        std::borrow::Cow::Borrowed(key)
    }
}

/// `did you mean `x`?` for the closest allowed name ([`nearest`]), if one is close enough.
pub fn did_you_mean<'a>(found: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<String> {
    nearest(found, allowed).map(|candidate| format!("did you mean `{candidate}`?"))
}

/// The allowed name closest to `found`: the highest Jaro-Winkler score above 0.8, the last one
/// of equal scores. Fast over many candidates (every account of a directory): a candidate that
/// cannot reach the best score so far is skipped without being scored.
pub fn nearest<'a>(found: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest_of(found, allowed.into_iter().map(|name| (name, None)))
}

/// Names to suggest from, made once for many look-ups (every remote account of a provider,
/// for each key the manifest names that it does not have).
pub struct Candidates<'a> {
    names: Vec<(&'a str, Option<Bag>)>,
}

impl<'a> Candidates<'a> {
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        Candidates {
            names: names
                .into_iter()
                .map(|name| (name, Bag::of(name)))
                .collect(),
        }
    }

    /// [`nearest`] among these names.
    pub fn nearest(&self, found: &str) -> Option<&'a str> {
        nearest_of(
            found,
            self.names.iter().map(|(name, bag)| (*name, bag.as_ref())),
        )
    }
}

fn nearest_of<'a, 'b>(
    found: &str,
    allowed: impl Iterator<Item = (&'a str, Option<&'b Bag>)>,
) -> Option<&'a str> {
    const ABOVE: f64 = 0.8;
    let mut similarity = Similarity::new(found);
    let mut best: Option<(f64, &str)> = None;
    for (candidate, bag) in allowed {
        // At least the best so far (a later equal one wins), and above the threshold.
        let floor = best.map_or(0.0, |(score, _)| score).max(ABOVE);
        if let Some(score) = similarity.at_least(candidate, bag, floor)
            && score > ABOVE
        {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `did you mean `x`?` for an enumeration's value: a value containing what was written comes
/// first (`offline` → `when-offline`), then the closest spelling.
pub fn did_you_mean_value<'a>(
    found: &str,
    allowed: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    let lower = found.to_lowercase();
    let containing: Vec<&str> = allowed
        .clone()
        .into_iter()
        .filter(|candidate| !lower.is_empty() && candidate.to_lowercase().contains(&lower))
        .collect();
    match containing.as_slice() {
        [one] => Some(format!("did you mean `{one}`?")),
        [] => did_you_mean(found, allowed),
        several => {
            let best = several
                .iter()
                .max_by(|a, b| {
                    strsim::jaro_winkler(found, a).total_cmp(&strsim::jaro_winkler(found, b))
                })
                .expect("not empty");
            Some(format!("did you mean `{best}`?"))
        }
    }
}

/// `` `a`, `b`, `c` `` for messages.
pub fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let allowed = ["display_name", "email", "phone"];
        assert_eq!(
            did_you_mean("dispaly_name", allowed).as_deref(),
            Some("did you mean `display_name`?")
        );
        assert_eq!(did_you_mean("xyz", allowed), None);
    }

    /// The suggestion as it was made before candidates were skipped: the last of the best
    /// scores above 0.8.
    fn reference(found: &str, allowed: &[&str]) -> Option<String> {
        allowed
            .iter()
            .map(|candidate| (strsim::jaro_winkler(found, candidate), *candidate))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
    }

    #[test]
    fn suggests_the_last_of_the_closest_names_among_many() {
        let names: Vec<String> = (0..3000)
            .map(|n| {
                format!(
                    "{}.{}.{}",
                    ["wang", "li", "zhang"][n % 3],
                    ["wei", "fang"][n % 2],
                    n % 500
                )
            })
            .collect();
        let allowed: Vec<&str> = names.iter().map(String::as_str).collect();
        for found in [
            "wang.wei.12",
            "li.fang.1",
            "zhang.wei.499",
            "wnag.wei.3",
            "x",
            "",
            "王芳",
        ] {
            assert_eq!(
                did_you_mean(found, allowed.iter().copied()),
                reference(found, &allowed),
                "{found}"
            );
        }
    }

    #[test]
    fn suggests_a_value_containing_what_was_written_first() {
        let allowed = ["off", "when-offline", "always"];
        assert_eq!(
            did_you_mean_value("offline", allowed).as_deref(),
            Some("did you mean `when-offline`?")
        );
        assert_eq!(
            did_you_mean_value("allways", allowed).as_deref(),
            Some("did you mean `always`?")
        );
        assert_eq!(
            did_you_mean_value("ON-SITE", ["ON_SITE", "OFF_SITE", "OFFICE_PHONE"]).as_deref(),
            Some("did you mean `ON_SITE`?")
        );
    }

    #[test]
    fn renders_location_path_message_note_and_hint() {
        let origin = |line| Origin {
            file: "users.yaml".into(),
            line,
            column: 3,
        };
        let diagnostic = Diagnostic::new(origin(9), "users.alice", "defined twice")
            .related(origin(2))
            .hint("merge the two entries");
        assert_eq!(
            diagnostic.to_string(),
            "users.yaml:9:3: users.alice: defined twice\n  note: first defined at users.yaml:2:3\n  hint: merge the two entries"
        );
    }
}
