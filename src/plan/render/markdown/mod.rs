//! Pure. The Markdown rendering of a plan, for a pull-request comment and a CI job summary:
//! a hidden marker, the verdict and the summary table first, then the problems, then the
//! changes per provider (split into what the pull request brings and what was already
//! pending on the base branch, with `plan --base`), and the fingerprint. It is fitted to a
//! size budget by showing less detail first and cutting only when that is not enough, always
//! saying what was left out and where the whole plan is.

pub mod budget;
mod changes;
pub(crate) mod escape;
pub(crate) mod problems;
pub(crate) mod summary;

use budget::{Budget, Item, Section, Tally};
use changes::Detail;
use escape::{code, url};
use summary::{count, split, tally};

use crate::plan::{Change, Plan, Problem, ProviderPlan};

/// How the Markdown is made: the marker's name, where links and the whole plan point, and
/// the size budget.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// The name in `<!-- usersync plan: NAME -->` (`--marker`).
    pub marker: &'a str,
    /// Prefix of links to manifest lines, e.g. `https://github.com/ORG/REPO/blob/SHA/`.
    pub link_base: Option<&'a str>,
    /// Where the whole plan is when the Markdown had to leave something out.
    pub plan_url: Option<&'a str>,
    pub budget: Budget,
}

impl Default for Options<'static> {
    fn default() -> Self {
        Options {
            marker: "default",
            link_base: None,
            plan_url: None,
            budget: Budget::COMMENT,
        }
    }
}

/// The plan as GitHub-flavoured Markdown for a pull-request comment (65,536 characters).
pub fn markdown(plan: &Plan) -> String {
    markdown_with(plan, &Options::default())
}

/// The plan as GitHub-flavoured Markdown, within `options.budget`.
pub fn markdown_with(plan: &Plan, options: &Options) -> String {
    let head = summary::head(plan, options);
    let tail = summary::tail(plan);
    let mut body = Body::new(plan, options);
    let size = |text: &str| options.budget.size(text);
    let fixed = size(&head) + size(&tail);
    while fixed + size(&body.note(&Tally::default())) + body.size() > options.budget.limit {
        if !body.show_less() {
            break;
        }
    }
    let sections = body.sections();
    budget::fit(
        &head,
        &|left| body.note(left),
        &sections,
        &tail,
        options.budget,
    )
}

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
struct Body<'a> {
    groups: Vec<Group<'a>>,
    units: Vec<Unit<'a>>,
    options: Options<'a>,
    problem_items: Vec<Vec<Item>>,
}

impl<'a> Body<'a> {
    fn new(plan: &'a Plan, options: &Options<'a>) -> Body<'a> {
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

    fn size(&mut self) -> usize {
        let budget = self.options.budget;
        budget::size(&self.sections(), budget)
    }

    /// Shows less: the largest provider section still listing rows loses a level of detail;
    /// when every one is down to counts, the calls are no longer listed. `false` when nothing
    /// is left to take away.
    fn show_less(&mut self) -> bool {
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

    fn sections(&mut self) -> Vec<Section> {
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
            }
        }
        sections
    }

    /// What was shown with less detail or left out, and where the whole plan is; empty when
    /// everything is shown.
    fn note(&self, left: &Tally) -> String {
        let split = self.groups.len() > 1;
        let mut parts = Vec::new();
        for (detail, what) in [
            (Detail::Plain, "long texts shortened, without word diffs,"),
            (
                Detail::Accounts,
                "one row per account (the fields named, not their values)",
            ),
            (Detail::Counts, "counts per action instead of rows"),
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
