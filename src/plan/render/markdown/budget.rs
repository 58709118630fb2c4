//! Pure. The size budget of a Markdown document: what it is measured in, and how a document
//! too big for it is cut between list items, with a note saying what was left out and where
//! the whole is. The result never exceeds the budget.
//!
//! GitHub rejects a pull-request comment over 65,536 *characters*: its validation counts
//! Unicode code points (Ruby's `String#length`), so a comment is measured in `char`s; within
//! that count it also stays under the 262,144 UTF-8 bytes some measurements report for
//! comments (a code point is at most 4 bytes). A job summary (`$GITHUB_STEP_SUMMARY`) is a
//! file whose limit, 1 MiB, is in bytes, so it is measured in bytes.

use super::escape::thousands;

/// How big a document may be, and in what unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub limit: usize,
    pub unit: Unit,
}

/// What a [`Budget`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Unicode code points, as GitHub counts a comment's length.
    Chars,
    /// UTF-8 bytes, as a file's size.
    Bytes,
}

impl Budget {
    /// A GitHub pull-request comment: 65,536 characters.
    pub const COMMENT: Budget = Budget {
        limit: 65_536,
        unit: Unit::Chars,
    };
    /// A GitHub job summary: 1 MiB per step.
    pub const SUMMARY: Budget = Budget {
        limit: 1_048_576,
        unit: Unit::Bytes,
    };

    /// The size of `text` in this budget's unit.
    pub fn size(&self, text: &str) -> usize {
        match self.unit {
            Unit::Chars => text.chars().count(),
            Unit::Bytes => text.len(),
        }
    }

    /// `65,536 characters`, `1,048,576 bytes`.
    pub fn describe(&self) -> String {
        let unit = match self.unit {
            Unit::Chars => "characters",
            Unit::Bytes => "bytes",
        };
        format!("{} {unit}", thousands(self.limit))
    }

    /// The longest start of `text` within `size` units, cut on a character boundary.
    pub fn prefix<'a>(&self, text: &'a str, size: usize) -> &'a str {
        let end = match self.unit {
            Unit::Chars => text.char_indices().nth(size).map_or(text.len(), |(i, _)| i),
            Unit::Bytes => {
                let mut end = size.min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                end
            }
        };
        &text[..end]
    }
}

/// A part of a document's body: an opening (a heading, a table header, `<details>`), items
/// that may be left out from the end, and a closing that is always written after the opening.
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub open: String,
    pub items: Vec<Item>,
    pub close: String,
    /// Shown only in the room the other sections leave (e.g. sample rows under counts).
    pub filler: bool,
}

/// One list item or table row, counted under `noun` (plural, e.g. `problems`) when left out.
#[derive(Clone, Debug)]
pub struct Item {
    pub text: String,
    pub noun: String,
}

/// Per noun, how many items were left out of how many.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally(pub Vec<(String, usize, usize)>);

impl Tally {
    /// Every item of `sections` counted as left out.
    pub fn all(sections: &[Section]) -> Tally {
        let mut tally = Tally::default();
        for item in sections.iter().flat_map(|s| &s.items) {
            match tally.0.iter_mut().find(|(noun, ..)| *noun == item.noun) {
                Some((_, left, total)) => {
                    *left += 1;
                    *total += 1;
                }
                None => tally.0.push((item.noun.clone(), 1, 1)),
            }
        }
        tally
    }

    fn shown(&mut self, noun: &str) {
        if let Some((_, left, _)) = self.0.iter_mut().find(|(n, ..)| *n == noun) {
            *left = left.saturating_sub(1);
        }
    }

    /// Whether anything was left out.
    pub fn any(&self) -> bool {
        self.0.iter().any(|(_, left, _)| *left > 0)
    }

    /// `1,234 of 1,500 problems, 3 of 3 failed calls` (only what was left out).
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .filter(|(_, left, _)| *left > 0)
            .map(|(noun, left, total)| {
                format!("{} of {} {noun}", thousands(*left), thousands(*total))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where a section was cut.
pub const CUT: &str =
    "*… the rest is not shown, to fit the size limit (see the note at the top).*\n\n";

/// The whole document when it fits. Otherwise the room left by `head`, the note and `tail` is
/// shared between the sections so that small ones stay whole and the large ones are cut
/// (each gets at most the same share), each cut section ending in [`CUT`]; filler sections
/// share what the others leave. `note` is written
/// after `head`; it is given what was left out (nothing when the document fits) and must not
/// grow when fewer items are left out. When even `head`, the note and `tail` do not fit,
/// `head` is cut short.
pub fn fit(
    head: &str,
    note: &dyn Fn(&Tally) -> String,
    sections: &[Section],
    tail: &str,
    budget: Budget,
) -> String {
    let size = |text: &str| budget.size(text);
    let everything = Tally::all(sections);
    let mut nothing = everything.clone();
    nothing.0.iter_mut().for_each(|(_, left, _)| *left = 0);
    let whole_note = note(&nothing);
    let fixed = size(head) + size(tail);
    if fixed + size(&whole_note) + self::size(sections, budget) <= budget.limit {
        let mut out = format!("{head}{whole_note}");
        for section in sections {
            write_section(&mut out, section, usize::MAX, budget, &mut nothing.clone());
        }
        out.push_str(tail);
        return out;
    }
    let widest_note = note(&everything);
    let reserve = fixed + size(&widest_note);
    if reserve > budget.limit {
        return cut_short(head, &widest_note, budget);
    }
    let room = budget.limit - reserve;
    let essential: Vec<&Section> = sections.iter().filter(|s| !s.filler).collect();
    let first = share(&essential, budget, room);
    let used: usize = essential
        .iter()
        .map(|s| section_size(s, budget).min(first))
        .sum();
    let fillers: Vec<&Section> = sections.iter().filter(|s| s.filler).collect();
    let then = share(&fillers, budget, room - used);
    let mut left = everything;
    let mut body = String::new();
    for section in sections {
        let share = if section.filler { then } else { first };
        write_section(&mut body, section, share, budget, &mut left);
    }
    let out = format!("{head}{}{body}{tail}", note(&left));
    if size(&out) > budget.limit {
        // Only a note that grows as fewer items are left out gets here.
        return cut_short(head, &widest_note, budget);
    }
    out
}

/// The largest share such that every section written within it (whole when smaller) fits
/// `room` together.
fn share(sections: &[&Section], budget: Budget, room: usize) -> usize {
    let sizes: Vec<usize> = sections.iter().map(|s| section_size(s, budget)).collect();
    let total = |share: usize| sizes.iter().map(|&s| s.min(share)).sum::<usize>();
    let (mut low, mut high) = (0, sizes.iter().copied().max().unwrap_or(0));
    while low < high {
        let middle = low + (high - low).div_ceil(2);
        if total(middle) <= room {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    low
}

/// Writes `section` within `share`: whole, or its opening, the items that fit, its closing
/// and [`CUT`]; nothing when not even that fits. Items written are taken off `left`.
fn write_section(
    out: &mut String,
    section: &Section,
    share: usize,
    budget: Budget,
    left: &mut Tally,
) {
    let whole = section_size(section, budget);
    let frame = budget.size(&section.open) + budget.size(&section.close);
    let mut room = if whole <= share {
        usize::MAX
    } else if frame + budget.size(CUT) <= share && !section.items.is_empty() {
        share - frame - budget.size(CUT)
    } else {
        return;
    };
    out.push_str(&section.open);
    let mut cut = false;
    for item in &section.items {
        let needed = budget.size(&item.text);
        if cut || needed > room {
            cut = true;
            continue;
        }
        room -= needed;
        out.push_str(&item.text);
        left.shown(&item.noun);
    }
    out.push_str(&section.close);
    if cut {
        out.push_str(CUT);
    }
}

/// The note, after as much of `head` as fits before it; or as much of the note as fits.
fn cut_short(head: &str, note: &str, budget: Budget) -> String {
    let kept = budget.size(note);
    if kept > budget.limit {
        return budget.prefix(note, budget.limit).to_string();
    }
    format!("{}{note}", budget.prefix(head, budget.limit - kept))
}

/// The size of `sections` written whole.
pub fn size(sections: &[Section], budget: Budget) -> usize {
    sections.iter().map(|s| section_size(s, budget)).sum()
}

/// The size of the sections that are not filler, written whole.
pub fn essential_size(sections: &[Section], budget: Budget) -> usize {
    sections
        .iter()
        .filter(|s| !s.filler)
        .map(|s| section_size(s, budget))
        .sum()
}

fn section_size(section: &Section, budget: Budget) -> usize {
    budget.size(&section.open)
        + budget.size(&section.close)
        + section
            .items
            .iter()
            .map(|i| budget.size(&i.text))
            .sum::<usize>()
}
