//! Edge. `usersync validate` and `usersync plan`.

use anyhow::{Context, Result};

use super::observe::{self, Providers};
use super::{ManifestArgs, OutputArgs, PlanArgs, exit, files, output, review};
use crate::manifest::{self, Diagnostic};
use crate::plan::{Plan, redact, render, safety};
use crate::state::DesiredState;

pub fn validate(args: &ManifestArgs) -> Result<u8> {
    let sources = files::read_sources(&args.files)?;
    match manifest::desired_state(&sources) {
        Ok(desired) => {
            output::data(&format!(
                "{} valid: {} providers, {} accounts\n",
                if sources.len() == 1 {
                    "manifest"
                } else {
                    "manifests"
                },
                desired.providers.len(),
                desired.accounts.len()
            ));
            Ok(exit::OK)
        }
        Err(problems) => Ok(report_problems(&problems)),
    }
}

pub async fn plan(args: &PlanArgs) -> Result<u8> {
    let Some((desired, providers)) = load_and_connect(&args.manifest)? else {
        return Ok(exit::ERROR);
    };
    let mut plan = plan_against(&desired, &providers).await?;
    plan.safety = safety::limit(&plan, args.max_changes);
    if let Some(path) = &args.out {
        std::fs::write(path, render::json(&plan))
            .with_context(|| format!("writing the plan to `{}`", path.display()))?;
    }
    show(&plan, &args.output);
    review::write_plan(&plan, &args.output)?;
    if let Some(limit) = plan.safety.as_ref().filter(|limit| limit.exceeded) {
        output::warning(&format!(
            "{}; `apply` will refuse this plan unless `--max-changes {}` allows it",
            safety::describe(&plan, limit),
            plan.changes.len()
        ));
    }
    Ok(if !plan.problems.is_empty() {
        exit::ERROR
    } else if plan.has_changes() {
        exit::CHANGES
    } else {
        exit::OK
    })
}

/// Reads and checks the manifests, then connects their providers. `None` when problems were
/// reported.
pub fn load_and_connect(args: &ManifestArgs) -> Result<Option<(DesiredState, Providers)>> {
    let sources = files::read_sources(&args.files)?;
    let desired = match manifest::desired_state(&sources) {
        Ok(desired) => desired,
        Err(problems) => {
            report_problems(&problems);
            return Ok(None);
        }
    };
    let configs = desired
        .providers
        .iter()
        .map(|(name, p)| (name, &p.config, p.origin.clone()));
    match observe::connect(configs) {
        Ok(providers) => Ok(Some((desired, providers))),
        Err(problems) => {
            report_problems(&problems);
            Ok(None)
        }
    }
}

/// Fetches the providers' state and plans.
pub async fn plan_against(desired: &DesiredState, providers: &Providers) -> Result<Plan> {
    let observed = observe::observe(providers, desired.fetch_needs()).await?;
    Ok(crate::plan::plan(desired, &observed))
}

/// Prints a plan in the chosen format.
pub fn show(plan: &Plan, args: &OutputArgs) {
    let shown = if args.redact {
        redact::redact(plan)
    } else {
        plan.clone()
    };
    output::data(&match args.format {
        render::Format::Markdown => review::plan_markdown(&shown, &args.markdown),
        format => render::render(&shown, format, true),
    });
}

/// Prints every problem and a count; returns the error exit code.
pub fn report_problems(problems: &[Diagnostic]) -> u8 {
    for problem in problems {
        output::error(&problem.to_string());
    }
    output::note(&format!(
        "{} found",
        crate::plan::render::counted(problems.len(), "problem")
    ));
    exit::ERROR
}
