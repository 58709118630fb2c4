//! Edge. `usersync apply`: plan again (or load a saved plan and check it for drift), show the
//! plan, check the safety limit and the expected fingerprint, confirm, send (stopping cleanly on
//! Ctrl-C / SIGTERM), optionally verify, report (stdout, and `--report` as JSON).

use anyhow::{Context, Result, bail};

use super::observe::{self, Providers};
use super::plan::{load_and_connect, plan_against, report_problems, show};
use super::{ApplyArgs, ManifestArgs, NetworkArgs, exit, output, progress, verify};
use crate::engine::{self, report};
use crate::plan::render::{Format, counted};
use crate::plan::{PLAN_FORMAT_VERSION, Plan, drift, safety};

pub async fn apply(args: &ApplyArgs, verbose: u8) -> Result<u8> {
    let Some((plan, providers)) = (match &args.plan {
        Some(path) => saved_plan(path, &args.network).await?,
        None => fresh_plan(&args.files, &args.network).await?,
    }) else {
        return Ok(exit::ERROR);
    };
    // With `--format json` stdout carries one document: the report once calls were sent,
    // else the plan (which says why nothing was sent).
    let json = args.output.format == Format::Json;
    if !json || !ready_to_send(&plan, args) {
        show(&plan, &args.output);
    }
    if !plan.problems.is_empty() {
        output::error(&format!(
            "the plan has {}; nothing was applied",
            counted(plan.problems.len(), "problem")
        ));
        output::note(
            "hint: fix the manifest (or the remote accounts) until `usersync plan` shows no problems",
        );
        return Ok(exit::ERROR);
    }
    if !plan.has_changes() {
        output::note("nothing to apply");
        return Ok(exit::OK);
    }
    if let Some(expected) = &args.expect
        && !plan.fingerprint.starts_with(expected.as_str())
    {
        output::error(&format!(
            "the plan's fingerprint is `{}`, not the expected `{expected}`; nothing was applied",
            plan.fingerprint
        ));
        return Ok(exit::ERROR);
    }
    if let Err(message) = safety::check(&plan, args.max_changes) {
        output::error(&format!("{message}; nothing was applied"));
        output::note("hint: review the plan, then raise the limit with `--max-changes N`");
        return Ok(exit::ERROR);
    }
    if !args.auto_approve && !confirmed(&plan)? {
        output::note("apply cancelled; nothing was applied");
        return Ok(exit::ERROR);
    }
    let options = engine::apply::Options {
        concurrency: args.concurrency,
    };
    let feedback = progress::feedback(verbose);
    let mut report = engine::apply::apply_with(
        &plan,
        &observe::senders(&providers),
        &options,
        interrupted(),
        feedback.as_ref(),
    )
    .await;
    if args.verify && !report.interrupted {
        report.verify_differences = Some(verify::verify(&plan, &report, &providers).await?);
    }
    if let Some(path) = &args.report {
        let json = serde_json::to_string_pretty(&report)? + "\n";
        std::fs::write(path, json)
            .with_context(|| format!("writing the report to `{}`", path.display()))?;
    }
    match args.output.format {
        Format::Json => output::data(&(serde_json::to_string_pretty(&report)? + "\n")),
        _ => output::data(&report::text(&report)),
    }
    Ok(if report.succeeded() {
        exit::OK
    } else {
        exit::ERROR
    })
}

/// Whether the plan passes every check before confirmation (so calls will be sent if
/// confirmed).
fn ready_to_send(plan: &Plan, args: &ApplyArgs) -> bool {
    plan.problems.is_empty()
        && plan.has_changes()
        && args
            .expect
            .as_deref()
            .is_none_or(|expected| plan.fingerprint.starts_with(expected))
        && safety::check(plan, args.max_changes).is_ok()
}

/// Completes on Ctrl-C or SIGTERM: the executor then starts no new call, lets the calls in
/// flight finish and reports. If the handler cannot be installed it never completes.
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                Ok(()) = tokio::signal::ctrl_c() => {}
                Some(()) = terminate.recv() => {}
                else => std::future::pending::<()>().await,
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

fn confirmed(plan: &Plan) -> Result<bool> {
    if !output::interactive() {
        bail!(
            "refusing to apply without confirmation: stdin is not a terminal\nhint: pass `--auto-approve` in CI"
        );
    }
    let answer = output::ask(&format!(
        "Apply {}? Only `yes` is accepted: ",
        counted(plan.changes.len(), "call")
    ));
    Ok(answer == "yes")
}

async fn fresh_plan(
    files: &[std::path::PathBuf],
    network: &NetworkArgs,
) -> Result<Option<(Plan, Providers)>> {
    let args = ManifestArgs {
        files: files.to_vec(),
    };
    let Some((desired, providers)) = load_and_connect(&args, network)? else {
        return Ok(None);
    };
    let plan = plan_against(&desired, &providers).await?;
    Ok(Some((plan, providers)))
}

/// Loads a saved plan and refuses it when edited, from another format, or drifted.
async fn saved_plan(
    path: &std::path::Path,
    network: &NetworkArgs,
) -> Result<Option<(Plan, Providers)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the plan `{}`", path.display()))?;
    let plan: Plan = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not a usersync plan", path.display()))?;
    if plan.format_version != PLAN_FORMAT_VERSION {
        bail!(
            "`{}` has plan format {}, this usersync reads {PLAN_FORMAT_VERSION}",
            path.display(),
            plan.format_version
        );
    }
    if !plan.is_sealed() {
        bail!(
            "`{}` was edited after it was planned (its fingerprint does not match); plan again",
            path.display()
        );
    }
    let configs = plan.providers.iter().map(|p| {
        (
            &p.name,
            &p.config,
            crate::model::Origin {
                file: path.display().to_string(),
                ..Default::default()
            },
        )
    });
    let providers = match observe::connect(configs, &observe::transport_options(network)?) {
        Ok(providers) => providers,
        Err(problems) => {
            report_problems(&problems);
            return Ok(None);
        }
    };
    let observed = observe::observe(&providers, plan.fetch_needs()).await?;
    let drifted = drift::drifted(&plan, &observed);
    if !drifted.is_empty() {
        for line in &drifted {
            output::error(line);
        }
        bail!(
            "{} changed since the plan was made; nothing was applied\nhint: plan again and review the new plan",
            counted(drifted.len(), "account")
        );
    }
    Ok(Some((plan, providers)))
}
