//! Pure. CI annotations: manifest diagnostics, plan problems and the safety-limit warning as
//! findings at their manifest location, rendered as GitHub workflow commands
//! (`::error file=…,line=…,col=…,title=…::…`) or as a GitLab Code Quality report. Findings in,
//! strings out; never prints and never looks at the file system (the caller passes the
//! directories that paths are made relative to).
//!
//! Severity: what fails the check (a manifest diagnostic, a plan problem, an error) is a
//! GitHub `error` and a Code Quality `critical`; the safety-limit warning is a GitHub `warning`
//! and a Code Quality `minor`. A Code Quality fingerprint is the SHA-256 of the path, the
//! check name and the description, which holds no line number: moving a finding to another
//! line keeps its fingerprint, so GitLab shows it as the same finding.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::manifest::Diagnostic;
use crate::model::Origin;
use crate::plan::{Plan, Problem};

/// Annotations GitHub shows per step and per kind (errors, warnings); more go to the log only.
pub const GITHUB_SHOWN_PER_STEP: usize = 10;
/// Annotations GitHub shows per job.
pub const GITHUB_SHOWN_PER_JOB: usize = 50;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Fails the check (`validate` and `plan` exit 1).
    Error,
    /// Worth a look, fails nothing by itself (the safety limit in `plan`).
    Warning,
}

impl Severity {
    fn github(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    fn codequality(self) -> &'static str {
        match self {
            Severity::Error => "critical",
            Severity::Warning => "minor",
        }
    }
}

/// One thing to show at a place in the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The check that found it: `manifest`, a problem kind (`not-found`), `safety-limit`, `error`.
    pub check: String,
    /// The subject, shown as the annotation's title: a field path or an account.
    pub title: String,
    /// What is wrong and how to fix it, without locations (it is fingerprinted).
    pub description: String,
    /// More lines for the annotation only (another location, a note on the base branch).
    pub notes: Vec<String>,
    /// Where in the manifest; `None` for a finding about the whole run.
    pub location: Option<Origin>,
}

impl Finding {
    /// A manifest diagnostic from `validate` (or the checks before a plan).
    pub fn diagnostic(diagnostic: &Diagnostic) -> Finding {
        Finding {
            severity: Severity::Error,
            check: "manifest".into(),
            title: if diagnostic.path.is_empty() {
                "manifest".into()
            } else {
                diagnostic.path.clone()
            },
            description: with_hint(&diagnostic.message, diagnostic.hint.as_deref()),
            notes: diagnostic
                .related
                .iter()
                .map(|related| format!("note: first defined at {related}"))
                .collect(),
            location: located(&diagnostic.origin),
        }
    }

    /// A problem of a plan: something the manifest asks for that cannot be done.
    pub fn problem(problem: &Problem) -> Finding {
        let field = problem
            .field
            .as_ref()
            .map(|field| format!(" {field}"))
            .unwrap_or_default();
        Finding {
            severity: Severity::Error,
            check: problem.kind.as_str().into(),
            title: format!(
                "{}: {} {}{field}",
                problem.kind.as_str(),
                problem.provider,
                problem.account
            ),
            description: with_hint(&problem.message, problem.hint.as_deref()),
            notes: if problem.pending {
                vec!["note: the base branch has this problem too".into()]
            } else {
                Vec::new()
            },
            location: located(&problem.origin),
        }
    }

    /// The warning of a plan over its safety limit, at the top of the manifest file of its
    /// first change (the limit is about the manifest as a whole).
    pub fn safety(plan: &Plan) -> Option<Finding> {
        let warning = super::safety_warning(plan)?;
        Some(Finding {
            severity: Severity::Warning,
            check: "safety-limit".into(),
            title: "safety limit".into(),
            description: warning,
            notes: Vec::new(),
            location: plan.changes.first().and_then(|change| {
                located(&Origin {
                    file: change.origin.file.clone(),
                    line: 1,
                    column: 1,
                })
            }),
        })
    }

    /// An error that stopped the command (no manifest location).
    pub fn error(message: &str) -> Finding {
        Finding {
            severity: Severity::Error,
            check: "error".into(),
            title: "usersync".into(),
            description: message.into(),
            notes: Vec::new(),
            location: None,
        }
    }

    /// The message of the annotation: the description, then the notes, one per line.
    fn message(&self) -> String {
        std::iter::once(self.description.as_str())
            .chain(self.notes.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The findings of a plan: every problem, then the safety-limit warning if it exceeds it.
pub fn plan_findings(plan: &Plan) -> Vec<Finding> {
    let mut findings: Vec<Finding> = plan.problems.iter().map(Finding::problem).collect();
    findings.extend(Finding::safety(plan));
    findings
}

fn with_hint(message: &str, hint: Option<&str>) -> String {
    match hint {
        Some(hint) => format!("{message}\nhint: {hint}"),
        None => message.to_string(),
    }
}

fn located(origin: &Origin) -> Option<Origin> {
    (!origin.file.is_empty()).then(|| origin.clone())
}

/// `file` as CI systems want it: relative to the repository root `root` with `/` separators
/// (`./users.yaml` and `/repo/users.yaml` become `users.yaml`). A relative `file` is taken from
/// `cwd`; `.` and `..` are resolved by name, without following links; both `/` and `\`
/// separate. A file outside `root` is returned as given, with `/` separators.
pub fn repository_path(file: &str, cwd: &str, root: &str) -> String {
    let mut full = if is_absolute(file) {
        Vec::new()
    } else {
        components(cwd)
    };
    full.extend(components(file));
    let full = resolve(full);
    let root = resolve(components(root));
    match full.strip_prefix(root.as_slice()) {
        Some(inside) if !inside.is_empty() && inside[0] != ".." => inside.join("/"),
        _ => file.replace('\\', "/"),
    }
}

fn is_absolute(path: &str) -> bool {
    path.starts_with(['/', '\\']) || path.as_bytes().get(1) == Some(&b':')
}

fn components(path: &str) -> Vec<&str> {
    path.split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != ".")
        .collect()
}

fn resolve(parts: Vec<&str>) -> Vec<&str> {
    let mut resolved: Vec<&str> = Vec::new();
    for part in parts {
        if part == ".." && resolved.last().is_some_and(|last| *last != "..") {
            resolved.pop();
        } else {
            resolved.push(part);
        }
    }
    resolved
}

/// GitHub workflow commands, one line per finding, then a notice when there are more than
/// GitHub shows. Paths must already be repository paths (see [`repository_path`]).
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let mut properties = Vec::new();
        if let Some(origin) = &finding.location {
            properties.push(format!("file={}", escape_property(&origin.file)));
            if origin.line > 0 {
                properties.push(format!("line={}", origin.line));
                if origin.column > 0 {
                    properties.push(format!("col={}", origin.column));
                }
            }
        }
        properties.push(format!("title={}", escape_property(&finding.title)));
        out.push_str(&format!(
            "::{} {}::{}\n",
            finding.severity.github(),
            properties.join(","),
            escape_data(&finding.message())
        ));
    }
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if errors > GITHUB_SHOWN_PER_STEP
        || warnings > GITHUB_SHOWN_PER_STEP
        || findings.len() > GITHUB_SHOWN_PER_JOB
    {
        let notice = format!(
            "usersync emitted {} ({}, {}); GitHub shows {GITHUB_SHOWN_PER_STEP} errors and \
             {GITHUB_SHOWN_PER_STEP} warnings per step and {GITHUB_SHOWN_PER_JOB} per job: \
             this step's log lists every one",
            super::counted(findings.len(), "annotation"),
            super::counted(errors, "error"),
            super::counted(warnings, "warning"),
        );
        out.push_str(&format!(
            "::notice title=usersync::{}\n",
            escape_data(&notice)
        ));
    }
    out
}

/// A workflow command's message: `%`, carriage return and line feed escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One entry of a GitLab Code Quality report.
#[derive(Debug, Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Debug, Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Debug, Serialize)]
struct Lines {
    begin: u64,
}

/// A GitLab Code Quality report (a JSON array, pretty-printed, newline-terminated) of the
/// findings that have a location (the report has no place for the others). Paths must
/// already be repository paths. A finding repeated word for word gets a fingerprint of its
/// own per occurrence.
pub fn codequality(findings: &[Finding]) -> String {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    let issues: Vec<Issue> = findings
        .iter()
        .filter_map(|finding| {
            let origin = finding.location.as_ref()?;
            let check_name = format!("usersync/{}", finding.check);
            let description = format!("{}: {}", finding.title, finding.description);
            let mut fingerprint = fingerprint(&origin.file, &check_name, &description);
            let occurrence = seen.entry(fingerprint.clone()).or_default();
            *occurrence += 1;
            if *occurrence > 1 {
                fingerprint = hex::encode(Sha256::digest(format!("{fingerprint}\0{occurrence}")));
            }
            Some(Issue {
                description,
                check_name,
                fingerprint,
                severity: finding.severity.codequality(),
                location: IssueLocation {
                    path: origin.file.clone(),
                    lines: Lines {
                        begin: origin.line.max(1),
                    },
                },
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).expect("reports always serialise");
    out.push('\n');
    out
}

/// SHA-256 (hex) of the path, the check name and the description: what the finding is and
/// which file it is in, not the line it is on.
pub fn fingerprint(path: &str, check_name: &str, description: &str) -> String {
    hex::encode(Sha256::digest(format!(
        "{path}\0{check_name}\0{description}"
    )))
}

#[cfg(test)]
mod tests;
