//! Pure. The body of the plan's Markdown below the summary: the problems and the calls per
//! provider (for the pull request, and pending on the base branch), each provider's calls at
//! the level of detail the budget allows, and the note saying what was shown with less
//! detail or left out.

use super::Options;
use super::budget::{Item, Section, Tally};
use super::changes::{self, Detail};
use super::escape::{self, code, url};
use super::problems;
use super::summary::{count, split, tally};
use crate::plan::{Change, Plan, Problem, ProviderPlan};

/// The calls and problems of the pull request, or of the base branch (`pending`).
struct Group<'a> {
    pending: bool,
    changes: Vec<&'a Change>,
    problems: Vec<&'a Problem>,
}

/// One provider's calls in one group, rendered at the detail the budget allows.
struct Unit<'a> {
    group: usize,
    provider: &'a ProviderPlan,
    changes: Vec<&'a Change>,
    detail: Detail,
    /// The rendering at each detail, once made.
    rendered: [Option<String>; 5],
    /// Under counts: the calls one row each, for the room the rest leaves.
    sample: Option<Section>,
}

impl Unit<'_> {
    fn text(&mut self) -> &str {
        let slot = Detail::ALL
            .iter()
            .position(|d| *d == self.detail)
            .unwrap_or(0);
        self.rendered[slot]
            .get_or_insert_with(|| changes::section(self.provider, &self.changes, self.detail))
    }

    fn sample(&mut self) -> Section {
        let (provider, changes) = (self.provider, &self.changes);
        self.sample
            .get_or_insert_with(|| {
                let (open, rows) = changes::sample(provider, changes);
                Section {
                    open,
                    items: rows
                        .into_iter()
                        .map(|text| Item {
                            text,
                            noun: "calls".into(),
                        })
                        .collect(),
                    close: "\n</details>\n\n".into(),
                    filler: true,
                }
            })
            .clone()
    }

    fn name(&self, split: bool) -> String {
        let name = code(&self.provider.name);
        if split && self.group == 1 {
            format!("{name} (pending)")
        } else {
            name
        }
    }
}

/// Everything below the summary: the groups' problems and calls.
pub(super) struct Body<'a> {
    groups: Vec<Group<'a>>,
    units: Vec<Unit<'a>>,
    options: Options<'a>,
    problem_items: Vec<Vec<Item>>,
}

impl<'a> Body<'a> {
    pub(super) fn new(plan: &'a Plan, options: &Options<'a>) -> Body<'a> {
        let (ours, pending) = split(plan);
        let groups = if pending.0.is_empty() && pending.1.is_empty() {
            vec![Group {
                pending: false,
                changes: ours.0,
                problems: ours.1,
            }]
        } else {
            vec![
                Group {
                    pending: false,
                    changes: ours.0,
                    problems: ours.1,
                },
                Group {
                    pending: true,
                    changes: pending.0,
                    problems: pending.1,
                },
            ]
        };
        let mut units = Vec::new();
        for (index, group) in groups.iter().enumerate() {
            for provider in &plan.providers {
                let changes: Vec<&Change> = group
                    .changes
                    .iter()
                    .copied()
                    .filter(|c| c.provider == provider.name)
                    .collect();
                if !changes.is_empty() {
                    units.push(Unit {
                        group: index,
                        provider,
                        changes,
                        detail: Detail::Full,
                        rendered: Default::default(),
                        sample: None,
                    });
                }
            }
        }
        let problem_items = groups
            .iter()
            .map(|g| {
                g.problems
                    .iter()
                    .map(|p| Item {
                        text: problems::item(p, options.link_base),
                        noun: "problems".into(),
                    })
                    .collect()
            })
            .collect();
        Body {
            groups,
            units,
            options: *options,
            problem_items,
        }
    }

    /// Shows less: the largest provider section still listing rows loses a level of detail;
    /// when every one is down to counts, the calls are no longer listed. `false` when nothing
    /// is left to take away.
    pub(super) fn show_less(&mut self) -> bool {
        let budget = self.options.budget;
        let mut largest: Option<(usize, usize)> = None;
        for (index, unit) in self.units.iter_mut().enumerate() {
            if unit.detail < Detail::Counts {
                let size = budget.size(unit.text());
                if largest.is_none_or(|(_, most)| size > most) {
                    largest = Some((index, size));
                }
            }
        }
        if let Some((index, before)) = largest {
            let unit = &mut self.units[index];
            unit.detail = unit.detail.less();
            if unit.detail == Detail::Plain && budget.size(unit.text()) == before {
                // No long texts to shorten: showing it "without word diffs" changes nothing.
                unit.detail = Detail::Accounts;
            }
            return true;
        }
        let mut less = false;
        for unit in &mut self.units {
            less |= unit.detail != Detail::Hidden;
            unit.detail = Detail::Hidden;
        }
        less
    }

    pub(super) fn sections(&mut self) -> Vec<Section> {
        let split = self.groups.len() > 1;
        let mut sections = Vec::new();
        for (index, group) in self.groups.iter().enumerate() {
            let (problems, calls) = if split {
                ("####", "####")
            } else {
                ("###", "###")
            };
            if split {
                let title = if group.pending {
                    "Already pending on the base branch (drift or not applied yet)"
                } else {
                    "Changes from this pull request"
                };
                sections.push(open(format!(
                    "### {title}\n\n{}.\n\n",
                    tally(&group.changes, &group.problems)
                )));
            }
            if !group.problems.is_empty() {
                sections.push(Section {
                    open: format!(
                        "{problems} Problems ({})\n\n`apply` holds these accounts back, and the calls that wait for them.\n\n",
                        escape::thousands(group.problems.len())
                    ),
                    items: self.problem_items[index].clone(),
                    close: "\n".into(),
                    filler: false,
                });
            }
            if group.changes.is_empty() {
                continue;
            }
            let units: Vec<&mut Unit> =
                self.units.iter_mut().filter(|u| u.group == index).collect();
            let hidden = units.iter().all(|u| u.detail == Detail::Hidden);
            let mut text = format!(
                "{calls} Changes ({})\n\n",
                count(group.changes.len(), "call")
            );
            if hidden {
                text.push_str(
                    "*Not listed, to fit the size limit: the summary table counts them.*\n\n",
                );
            }
            sections.push(open(text));
            for unit in units {
                sections.push(open(unit.text().to_string()));
                if unit.detail == Detail::Counts {
                    sections.push(unit.sample());
                }
            }
        }
        sections
    }

    /// What was shown with less detail or left out, and where the whole plan is; empty when
    /// everything is shown.
    pub(super) fn note(&self, left: &Tally) -> String {
        let split = self.groups.len() > 1;
        let mut parts = Vec::new();
        for (detail, what) in [
            (Detail::Plain, "long texts shortened, without word diffs,"),
            (
                Detail::Accounts,
                "one row per account (the fields named, not their values)",
            ),
            (
                Detail::Counts,
                "counts per action, then as many rows as fit,",
            ),
        ] {
            let names: Vec<String> = self
                .units
                .iter()
                .filter(|u| u.detail == detail)
                .map(|u| u.name(split))
                .collect();
            if !names.is_empty() {
                parts.push(format!("{what} for {}", names.join(", ")));
            }
        }
        let hidden = self.units.iter().any(|u| u.detail == Detail::Hidden);
        if hidden {
            parts.push("the calls are not listed (the summary table counts them)".into());
        }
        if left.any() {
            parts.push(format!("{} not shown", left.describe()));
        }
        if parts.is_empty() {
            return String::new();
        }
        let kind = if hidden || left.any() {
            "WARNING"
        } else {
            "NOTE"
        };
        let whole = match self.options.plan_url {
            Some(link) => format!("The whole plan: [{}]({}).", escape::text(link), url(link)),
            None => "For the whole plan, run `usersync plan` or see the job log.".into(),
        };
        format!(
            "> [!{kind}]\n> **Shortened to fit {}:** {}. {whole}\n\n",
            self.options.budget.describe(),
            parts.join("; ")
        )
    }
}

fn open(text: String) -> Section {
    Section {
        open: text,
        ..Section::default()
    }
}
