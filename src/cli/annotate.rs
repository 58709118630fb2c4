//! Edge. `--annotations github` and `--codequality FILE` on `validate`, `plan` and `apply`:
//! collects what the command finds (manifest diagnostics, plan problems, the safety-limit
//! warning, the error that stopped it) and, when the command ends, writes them as GitHub
//! workflow commands on stderr and as a GitLab Code Quality report. Paths are made relative
//! to the repository root (the nearest directory above the current one holding `.git`, else
//! the current directory). The rendering is `plan::render::annotations`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Command, exit, output};
use crate::manifest::Diagnostic;
use crate::plan::Plan;
use crate::plan::redact::mask_text;
use crate::plan::render::annotations::{self, Finding};

/// Where CI shows problems: annotations at the manifest line.
#[derive(Debug, Default, clap::Args)]
pub struct AnnotationArgs {
    /// Also report every problem as a CI annotation at its manifest line: `github` writes
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`) to stderr.
    #[arg(long, value_enum, value_name = "CI")]
    pub annotations: Option<AnnotationFormat>,
    /// Also write every problem to FILE as a GitLab Code Quality report (JSON, for
    /// `artifacts: reports: codequality`), even when there is none.
    #[arg(long, value_name = "FILE")]
    pub codequality: Option<PathBuf>,
}

/// The annotation formats `--annotations` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AnnotationFormat {
    /// GitHub Actions workflow commands.
    Github,
}

/// The findings of the running command and where they go.
struct Collector {
    github: bool,
    codequality: Option<PathBuf>,
    redact: bool,
    findings: Vec<Finding>,
}

static COLLECTOR: Mutex<Option<Collector>> = Mutex::new(None);

/// Starts collecting for `command` when it asks for annotations or a report.
pub fn start(command: &Command) {
    let args = match command {
        Command::Validate(args) => &args.annotations,
        Command::Plan(args) => &args.annotations,
        Command::Apply(args) => &args.annotations,
        Command::Schema { .. } | Command::Export(_) => return,
    };
    if args.annotations.is_none() && args.codequality.is_none() {
        return;
    }
    *lock() = Some(Collector {
        github: args.annotations == Some(AnnotationFormat::Github),
        codequality: args.codequality.clone(),
        redact: super::redacts(command),
        findings: Vec::new(),
    });
}

/// Records manifest (or credential) diagnostics.
pub fn diagnostics(problems: &[Diagnostic]) {
    record(problems.iter().map(Finding::diagnostic));
}

/// Records a plan's problems and its safety-limit warning.
pub fn plan(plan: &Plan) {
    record(annotations::plan_findings(plan));
}

/// Records the error that stopped the command.
pub fn error(message: &str) {
    record([Finding::error(message)]);
}

/// Writes what was collected; returns `code`, or the error code when the report cannot be
/// written.
pub fn finish(code: u8) -> u8 {
    let Some(collector) = lock().take() else {
        return code;
    };
    let findings = shown(collector.findings, collector.redact);
    if collector.github && !findings.is_empty() {
        let lines = annotations::github(&findings);
        output::note(lines.trim_end());
    }
    if let Some(path) = &collector.codequality
        && let Err(error) = std::fs::write(path, annotations::codequality(&findings))
    {
        output::error(&format!(
            "writing the Code Quality report to `{}`: {error}",
            path.display()
        ));
        return exit::ERROR;
    }
    code
}

fn lock() -> std::sync::MutexGuard<'static, Option<Collector>> {
    COLLECTOR
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn record(findings: impl IntoIterator<Item = Finding>) {
    if let Some(collector) = lock().as_mut() {
        collector.findings.extend(findings);
    }
}

/// The findings as CI shows them: repository paths, and masked with `--redact` (before
/// escaping, which would hide a number from the mask).
fn shown(mut findings: Vec<Finding>, redact: bool) -> Vec<Finding> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = repository_root(&cwd);
    for finding in &mut findings {
        if let Some(origin) = &mut finding.location {
            origin.file = annotations::repository_path(
                &origin.file,
                &cwd.to_string_lossy(),
                &root.to_string_lossy(),
            );
        }
        if redact {
            finding.title = mask_text(&finding.title);
            finding.description = mask_text(&finding.description);
            for note in &mut finding.notes {
                *note = mask_text(note);
            }
        }
    }
    findings
}

/// The nearest directory at or above `cwd` holding `.git` (a checkout or a worktree), else `cwd`.
fn repository_root(cwd: &Path) -> &Path {
    cwd.ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(cwd)
}
