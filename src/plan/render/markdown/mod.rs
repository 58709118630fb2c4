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
mod sections;
pub(crate) mod summary;

use budget::{Budget, Tally};
use sections::Body;

use crate::plan::Plan;

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
    let limit = options.budget.limit;
    loop {
        let sections = body.sections();
        let whole =
            fixed + size(&body.note(&Tally::default())) + budget::size(&sections, options.budget);
        // Sample rows under counts fill what is left; what they need is the rest and the note.
        let essential = fixed
            + size(&body.note(&Tally::all(&sections)))
            + budget::essential_size(&sections, options.budget);
        let filled = sections.iter().any(|s| s.filler) && essential <= limit;
        if whole <= limit || filled || !body.show_less() {
            return budget::fit(
                &head,
                &|left| body.note(left),
                &sections,
                &tail,
                options.budget,
            );
        }
    }
}
