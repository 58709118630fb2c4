//! Edge. `usersync validate` and `usersync plan`.

use anyhow::{Context, Result};

use super::observe::{self, Providers};
use super::{ManifestArgs, NetworkArgs, OutputArgs, PlanArgs, exit, files, output, review};
use crate::manifest::{self, Diagnostic};
use crate::plan::{Plan, redact, render, safety};
use crate::state::DesiredState;

pub fn validate(args: &ManifestArgs) -> Result<u8> {
    let sources = files::read_sources(&args.files)?;
    // The same checks as `desired_state`, without keeping every account's desired state.
    match manifest::validate(&sources) {
        Ok(summary) => {
            output::data(&format!(
                "{} valid: {} providers, {} accounts\n",
                if sources.len() == 1 {
                    "manifest"
                } else {
                    "manifests"
                },
                summary.providers,
                summary.accounts
            ));
            Ok(exit::OK)
        }
        Err(problems) => {
            // The problems are the log (stderr); the verdict is the answer (stdout), as when
            // the manifest is valid.
            print_problems(&problems);
            output::data(&format!("{}\n", problems_found(&problems)));
            Ok(exit::ERROR)
        }
    }
}

pub async fn plan(args: &PlanArgs) -> Result<u8> {
    let Some((desired, providers)) = load_and_connect(&args.manifest, &args.network)? else {
        return Ok(exit::ERROR);
    };
    let (base, base_warning) = base_state(&args.base, &desired)?;
    let mut needs = desired.fetch_needs();
    if let Some(base) = &base {
        for (name, need) in base.fetch_needs() {
            needs.entry(name).or_default().merge(need);
        }
    }
    let observed = observe::observe(&providers, needs).await?;
    // A provider that cannot be read is reported, and the others are planned.
    let unread = observed.unread_message();
    if let Some(message) = &unread {
        output::error(message);
    }
    let desired = observed.readable(desired);
    let mut plan = crate::plan::plan(&desired, &observed.state);
    plan.warnings.extend(unread.clone());
    plan.warnings.extend(base_warning);
    if let Some(base) = base {
        let base = observed.readable(base);
        plan = crate::plan::base::mark_pending(plan, &crate::plan::plan(&base, &observed.state));
    }
    // What the plan was made of is not needed to show it: the memory goes back before the
    // plan is rendered.
    drop((observed, desired));
    plan.safety = safety::limit(&plan, args.max_changes);
    if let Some(path) = &args.out {
        write_json(&plan, path)
            .with_context(|| format!("writing the plan to `{}`", path.display()))?;
    }
    show(&plan, &args.output);
    super::annotate::plan(&plan);
    review::write_plan(&plan, &args.output)?;
    // Text and Markdown carry the warning themselves; JSON carries it as data, so the log
    // gets it here.
    if let Some(limit) = plan.safety.as_ref().filter(|limit| limit.exceeded)
        && args.output.format == render::Format::Json
    {
        output::warning(&format!(
            "{}; `apply` will refuse this plan unless `--max-changes {}` allows it",
            safety::describe(&plan, limit),
            plan.changes.len()
        ));
    }
    // Without `--base` nothing is pending, so this is: problems 1, changes 2, else 0.
    Ok(if plan.has_own_problems() || unread.is_some() {
        exit::ERROR
    } else if plan.has_own_changes() {
        exit::CHANGES
    } else {
        exit::OK
    })
}

/// The base branch's desired state, restricted to this manifest's providers; `None` without
/// `--base`, or with a warning (printed, and returned for the plan to carry) when there is no
/// base manifest or it does not validate: the pull request may be what adds or fixes it.
fn base_state(
    paths: &[std::path::PathBuf],
    desired: &DesiredState,
) -> Result<(Option<DesiredState>, Option<String>)> {
    if paths.is_empty() {
        return Ok((None, None));
    }
    let warning = match files::read_sources(paths) {
        // The pull request that adds the manifest (or moves it) has no base manifest yet.
        Err(error) => format!("no base manifest to compare with ({error:#}); planned without it"),
        Ok(sources) => match manifest::desired_state(&sources) {
            Ok(base) => {
                return Ok((Some(crate::plan::base::restricted(&base, desired)), None));
            }
            Err(problems) => {
                let first = &problems[0];
                let more = match problems.len() {
                    1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                format!(
                    "the base manifest has {} (`{}`: {}{more}); planned without comparing with \
                     it, so every change and problem is shown as this pull request's",
                    crate::plan::render::counted(problems.len(), "problem"),
                    first.origin,
                    first.message
                )
            }
        },
    };
    output::warning(&warning);
    Ok((None, Some(warning)))
}

/// Reads and checks the manifests, then connects their providers. `None` when problems were
/// reported.
pub fn load_and_connect(
    args: &ManifestArgs,
    network: &NetworkArgs,
) -> Result<Option<(DesiredState, Providers)>> {
    let options = observe::transport_options(network)?;
    let sources = files::read_sources(&args.files)?;
    let desired = match manifest::desired_state(&sources) {
        Ok(desired) => desired,
        Err(problems) => {
            report_problems(&problems);
            return Ok(None);
        }
    };
    // The manifest's text and trees (more than the desired state they made) are gone.
    drop(sources);
    super::memory::release();
    let configs = desired
        .providers
        .iter()
        .map(|(name, p)| (name, &p.config, p.origin.clone()));
    match observe::connect(configs, &options) {
        Ok(providers) => Ok(Some((desired, providers))),
        Err(problems) => {
            report_problems(&problems);
            Ok(None)
        }
    }
}

/// Fetches the providers' state and plans what can be planned: the providers that could not
/// be read are left out, and named in the message returned beside the plan (already printed).
pub async fn plan_against(
    desired: DesiredState,
    providers: &Providers,
) -> Result<(Plan, Option<String>)> {
    let observed = observe::observe(providers, desired.fetch_needs()).await?;
    let unread = observed.unread_message();
    if let Some(message) = &unread {
        output::error(message);
    }
    let mut plan = crate::plan::plan(&observed.readable(desired), &observed.state);
    plan.warnings.extend(unread.clone());
    Ok((plan, unread))
}

/// Writes the plan document to `path`.
fn write_json(plan: &Plan, path: &std::path::Path) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    render::write_json(plan, &mut file)?;
    std::io::Write::flush(&mut file)
}

/// Prints a plan in the chosen format.
pub fn show(plan: &Plan, args: &OutputArgs) {
    if args.redact {
        let shown = redact::redact(plan);
        output::data(&match args.format {
            render::Format::Markdown => review::plan_markdown(&shown, &args.markdown),
            format => render::render(&shown, format, true),
        });
        return;
    }
    match args.format {
        render::Format::Markdown => output::data(&review::plan_markdown(plan, &args.markdown)),
        // Written as it is made: the document of a large plan is megabytes.
        render::Format::Json => output::data_with(|out| render::write_json(plan, out)),
        render::Format::Text => output::data(&render::text(plan, true)),
    }
}

/// Prints every problem and a count; returns the error exit code.
pub fn report_problems(problems: &[Diagnostic]) -> u8 {
    print_problems(problems);
    output::note(&problems_found(problems));
    exit::ERROR
}

/// Every problem on stderr (and as CI annotations).
fn print_problems(problems: &[Diagnostic]) {
    super::annotate::diagnostics(problems);
    for problem in problems {
        output::error(&problem.to_string());
    }
}

/// `3 problems found`.
fn problems_found(problems: &[Diagnostic]) -> String {
    format!(
        "{} found",
        crate::plan::render::counted(problems.len(), "problem")
    )
}
