//! Edge. `usersync apply`: plan again (or load a saved plan and check it for drift), show the
//! plan, check the safety limit and the expected fingerprint, confirm, send every call no
//! problem holds back (stopping cleanly on Ctrl-C / SIGTERM), optionally verify, and report
//! (stdout, and `--report` as JSON, written whatever happened once the command started).

use std::borrow::Cow;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use super::observe::{self, Providers};
use super::plan::{load_and_connect, plan_against, report_problems, show};
use super::{ApplyArgs, ManifestArgs, NetworkArgs, exit, output, progress, review, verify};
use crate::engine::report::{ApplyReport, CallReport, Outcome};
use crate::engine::{self, report};
use crate::plan::render::{Format, counted};
use crate::plan::{PLAN_FORMAT_VERSION, Plan, drift, redact, safety};

pub async fn apply(args: &ApplyArgs, verbose: u8) -> Result<u8> {
    let mut report = ApplyReport {
        format_version: PLAN_FORMAT_VERSION,
        ..ApplyReport::default()
    };
    let mut planned = None;
    let result = run(args, verbose, &mut report, &mut planned).await;
    if let Err(error) = &result {
        report.error = Some(format!("{error:#}"));
    }
    if let Some(path) = &args.report {
        let shown = shown_report(&mut report, args.output.redact);
        let json = serde_json::to_string_pretty(&shown)? + "\n";
        std::fs::write(path, json)
            .with_context(|| format!("writing the report to `{}`", path.display()))?;
    }
    review::write_report(&report, planned.as_ref(), &args.output)?;
    result
}

/// What `run` stopped on, for the report, when it printed the reason itself.
const MANIFEST_PROBLEMS: &str = "the manifest or the credentials have problems";

async fn run(
    args: &ApplyArgs,
    verbose: u8,
    report: &mut ApplyReport,
    planned: &mut Option<Plan>,
) -> Result<u8> {
    let Some((mut plan, providers, settled, unread)) = (match &args.plan {
        Some(path) => saved_plan(path, &args.network).await?,
        None => fresh_plan(&args.files, &args.network).await?,
    }) else {
        report.error = Some(MANIFEST_PROBLEMS.into());
        return Ok(exit::ERROR);
    };
    report.plan_fingerprint = plan.fingerprint.clone();
    report.calls = settled;
    // What could not be read is the report's error; what could be read still goes ahead.
    report.error = unread;
    plan.safety = safety::limit(&plan, args.max_changes);
    super::annotate::plan(&plan);
    // Kept for the report's Markdown at the end (not copied: the plan of a large directory
    // is megabytes).
    let plan: &Plan = planned.insert(plan);
    // With `--format json` or `markdown` stdout carries one document: the report once calls
    // were sent, else the plan (which says why nothing was sent).
    let one_document = args.output.format != Format::Text;
    if !one_document || !ready_to_send(plan, args) {
        show(plan, &args.output);
    }
    let problems = counted(plan.problems.len(), "problem");
    if !plan.problems.is_empty() {
        if args.all_or_nothing {
            bail!(
                "the plan has {problems} and `--all-or-nothing` was given; nothing was applied\nhint: fix the manifest (or the remote accounts) until `usersync plan` shows no problems"
            );
        }
        report.problems = plan.problems.clone();
    }
    if !plan.has_changes() {
        output::note("nothing to apply");
        return finish(report, args, plan);
    }
    if let Some(expected) = &args.expect
        && !plan.fingerprint.starts_with(expected.as_str())
    {
        bail!(
            "the plan's fingerprint is `{}`, not the expected `{expected}`; nothing was applied",
            plan.fingerprint
        );
    }
    if let Err(message) = safety::check(plan, args.max_changes) {
        bail!(
            "{message}; nothing was applied\nhint: review the plan, then raise the limit with `--max-changes N`"
        );
    }
    if !plan.problems.is_empty() {
        output::warning(&format!(
            "the plan has {problems}: those accounts are not written; the other {} go ahead",
            counted(plan.changes.len(), "call")
        ));
    }
    if !args.auto_approve && !confirmed(plan)? {
        bail!("apply cancelled; nothing was applied");
    }
    let options = engine::apply::Options {
        concurrency: args.concurrency,
    };
    let feedback = progress::feedback(verbose);
    let sent = engine::apply::apply_with(
        plan,
        &observe::senders(&providers),
        &options,
        interrupted(),
        feedback.as_ref(),
    )
    .await;
    report.interrupted = sent.interrupted;
    report.elapsed_seconds = sent.elapsed_seconds;
    report.calls.extend(sent.calls);
    report.calls.sort_by_key(|call| call.id);
    if args.verify && !report.interrupted {
        report.verify_differences = Some(verify::verify(plan, report, &providers).await?);
    }
    finish(report, args, plan)
}

/// Prints the report and gives the exit code.
fn finish(report: &mut ApplyReport, args: &ApplyArgs, plan: &Plan) -> Result<u8> {
    let shown = shown_report(report, args.output.redact);
    match args.output.format {
        Format::Json => output::data(&(serde_json::to_string_pretty(&shown)? + "\n")),
        _ if shown.calls.is_empty() && shown.problems.is_empty() => {}
        Format::Markdown => {
            let plan = shown_plan(plan, args.output.redact);
            output::data(&review::report_markdown(
                &shown,
                &plan,
                &args.output.markdown,
            ));
        }
        _ => output::data(&report::text(&shown)),
    }
    Ok(if report.succeeded() {
        exit::OK
    } else {
        exit::ERROR
    })
}

/// The report as shown (the file and stdout alike): its summary made from what it holds now,
/// masked with `--redact`.
fn shown_report(report: &mut ApplyReport, redacted: bool) -> Cow<'_, ApplyReport> {
    report.summarise();
    if redacted {
        Cow::Owned(redact::redact_value(report))
    } else {
        Cow::Borrowed(report)
    }
}

/// The plan as shown: masked with `--redact`.
fn shown_plan(plan: &Plan, redacted: bool) -> Cow<'_, Plan> {
    if redacted {
        Cow::Owned(redact::redact(plan))
    } else {
        Cow::Borrowed(plan)
    }
}

/// Whether calls will be sent if confirmed: something to send, and every check passes.
fn ready_to_send(plan: &Plan, args: &ApplyArgs) -> bool {
    (plan.problems.is_empty() || !args.all_or_nothing)
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

/// A plan, its connected providers, the calls already settled before sending (a saved plan's
/// accounts that already hold the planned values, or whose provider could not be read), and
/// which providers could not be read.
type Ready = (Plan, Providers, Vec<CallReport>, Option<String>);

async fn fresh_plan(files: &[std::path::PathBuf], network: &NetworkArgs) -> Result<Option<Ready>> {
    let args = ManifestArgs {
        files: files.to_vec(),
    };
    let Some((desired, providers)) = load_and_connect(&args, network)? else {
        return Ok(None);
    };
    let (plan, unread) = plan_against(desired, &providers).await?;
    Ok(Some((plan, providers, Vec::new(), unread)))
}

/// Loads a saved plan and refuses it when edited, from another format, or drifted. Changes
/// whose accounts already hold the planned values are not sent again.
async fn saved_plan(path: &Path, network: &NetworkArgs) -> Result<Option<Ready>> {
    let plan = read_plan(path)?;
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
    // The calls of a provider that could not be read are not sent (nothing says they still
    // hold); the others go ahead.
    let unread = observed.unread_message();
    if let Some(message) = &unread {
        output::error(message);
    }
    let cut: std::collections::BTreeSet<usize> = plan
        .changes
        .iter()
        .filter(|change| observed.unread.contains_key(&change.provider))
        .map(|change| change.id)
        .collect();
    let (cut, plan) = plan.without(&cut);
    let mut settled: Vec<CallReport> = cut
        .iter()
        .map(|change| {
            let reason = format!(
                "the current state of `{}` could not be read, so the call was not checked for drift",
                change.provider
            );
            CallReport::of(change, Outcome::NotSent { reason }, 0, None)
        })
        .collect();
    let drift = drift::check(&plan, &observed.state);
    if !drift.drifted.is_empty() {
        for line in &drift.drifted {
            output::error(line);
        }
        return Err(anyhow!(
            "{} changed since the plan was made; nothing was applied\nhint: plan again and review the new plan",
            counted(drift.drifted.len(), "account")
        ));
    }
    let (done, plan) = plan.without(&drift.already_applied);
    if !done.is_empty() {
        output::note(&format!(
            "{} already applied: {} the planned values",
            counted(done.len(), "call"),
            if done.len() == 1 {
                "its account holds"
            } else {
                "their accounts hold"
            }
        ));
    }
    settled.extend(
        done.iter()
            .map(|change| CallReport::of(change, Outcome::AlreadyApplied, 0, None)),
    );
    Ok(Some((plan, providers, settled, unread)))
}

/// Reads a saved plan, refusing another format or an edited one.
fn read_plan(path: &Path) -> Result<Plan> {
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
    Ok(plan)
}
