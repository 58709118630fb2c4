//! End-to-end against the emulator: one `plan` run prints text for the log, writes the
//! pull-request comment (`--markdown`), appends the job summary (`--summary`) and saves the
//! plan document (`--out`), from one fetch; `apply --format markdown` prints its report as
//! Markdown and appends it to the job summary.

use std::path::Path;

use super::emulator_process::Emulator;

const LINK_BASE: &str = "https://github.com/acme/people/blob/0a1b2c/";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn plan_writes_the_comment_and_the_job_summary_beside_its_text_output() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    // dave has no CIC user: a problem whose manifest line the comment links to.
    let text =
        read(&manifest) + "  dave:\n    accounts:\n      tencent-cic: {user_name: dave.nobody}\n";
    std::fs::write(&manifest, &text).expect("manifest written");
    let dave_line = text.lines().count();
    std::fs::write(dir.path().join("summary.md"), "# an earlier step\n").expect("summary");

    let output = emulator
        .usersync()
        .current_dir(dir.path())
        .args(["plan", "-f", "users.yaml", "--format", "text", "--redact"])
        .args([
            "--markdown",
            "comment.md",
            "--summary",
            "summary.md",
            "--out",
            "plan.json",
        ])
        .args(["--marker", "people", "--link-base", LINK_BASE])
        .output()
        .expect("usersync runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a problem exits 1:\n{stdout}"
    );
    assert!(
        stdout.contains("Plan:") && !stdout.contains("<!--"),
        "text on stdout:\n{stdout}"
    );

    let comment = read(&dir.path().join("comment.md"));
    assert!(
        comment.starts_with(
            "<!-- usersync plan: people -->\n## usersync plan · `people`\n\n**1 problem and "
        ),
        "{comment}"
    );
    assert!(comment.contains("| **total** | | **"), "{comment}");
    assert!(
        comment.contains(&format!(
            "· `not-found` · [users.yaml:{dave_line}]({LINK_BASE}users.yaml#L{dave_line})<br>"
        )),
        "{comment}"
    );
    assert!(
        comment.contains("<details open>\n<summary><b>tencent-ccc</b>"),
        "{comment}"
    );
    let plan: serde_json::Value =
        serde_json::from_str(&read(&dir.path().join("plan.json"))).expect("plan document");
    let fingerprint = plan["fingerprint"].as_str().expect("fingerprint");
    assert!(
        comment.contains(&format!("--expect {fingerprint}`")),
        "{comment}"
    );
    for personal in ["alice@example.com", "13800000021"] {
        assert!(
            !comment.contains(personal),
            "`{personal}` not redacted:\n{comment}"
        );
    }
    assert!(read(&dir.path().join("plan.json")).contains("alice@example.com"));

    let summary = read(&dir.path().join("summary.md"));
    assert_eq!(summary, format!("# an earlier step\n\n{comment}"));
    assert_eq!(emulator.writes(), 0, "plan never writes");
}

#[test]
fn apply_reports_in_markdown_and_appends_it_to_the_job_summary() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    emulator.quickstart_manifest(dir.path());
    let output = emulator
        .usersync()
        .current_dir(dir.path())
        .args([
            "apply",
            "-f",
            "users.yaml",
            "--auto-approve",
            "--max-changes",
            "10",
        ])
        .args(["--format", "markdown", "--summary", "summary.md"])
        .output()
        .expect("usersync runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("<!-- usersync apply: default -->\n## usersync apply\n\n**Applied:** "),
        "one Markdown document, the report:\n{stdout}"
    );
    assert!(!stdout.contains("## usersync plan"), "{stdout}");
    assert!(
        stdout.contains("**The plan**\n\n| provider | type | calls |"),
        "{stdout}"
    );
    let applied = stdout.lines().filter(|l| l.contains("request id")).count();
    assert!(applied > 0, "{stdout}");
    assert_eq!(
        applied,
        emulator.writes(),
        "a row per call the emulator received"
    );
    assert_eq!(read(&dir.path().join("summary.md")), stdout);
}
