//! End-to-end: an apply with problems sends every call no problem holds back, reports the held
//! accounts and exits 1; `--all-or-nothing` sends nothing; the report is always written; every
//! output can be redacted; the fingerprint depends only on what the plan does; usage errors
//! exit 1.

use std::path::Path;

use super::emulator_process::{Emulator, Run, find};

/// The quickstart manifest plus two problems: an account that does not exist, and carol's CIC
/// email set to one the unmanaged `break-glass` user holds.
fn manifest_with_problems(emulator: &Emulator, dir: &Path) -> String {
    let path = emulator.quickstart_manifest(dir);
    let text = std::fs::read_to_string(&path).expect("manifest");
    let text = text.replace(
        "        user_name: carol.zhao\n        first_name: Caroline\n",
        "        user_name: carol.zhao\n        first_name: Caroline\n        email: admin@example.com\n",
    );
    let text =
        format!("{text}\n  ghost:\n    accounts:\n      tencent-cic:\n        user_name: ghost\n");
    std::fs::write(&path, text).expect("written");
    path.to_str().expect("utf-8").to_string()
}

#[test]
fn apply_sends_every_call_no_problem_holds_back_and_exits_1() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = manifest_with_problems(&emulator, dir.path());
    let report = dir.path().join("report.json");
    let apply = Run::of(emulator.usersync().args([
        "apply",
        "-f",
        &manifest,
        "--auto-approve",
        "--max-changes",
        "10",
        "--report",
        report.to_str().expect("utf-8"),
    ]));
    assert_eq!(apply.code, 1, "{}\n{}", apply.stdout, apply.stderr);
    assert!(
        apply.stderr.contains("the plan has 2 problems"),
        "{}",
        apply.stderr
    );
    assert!(
        apply
            .stdout
            .contains("9 applied, 0 failed, 0 skipped, 2 accounts held back by problems"),
        "{}",
        apply.stdout
    );
    assert!(apply.stdout.contains("Apply completed with errors"));
    // Carol's CIC account waits for a value it cannot take: not written at all.
    assert_eq!(emulator.writes(), 9);
    let state = emulator.state();
    let cic = &state["tencent_cic"][0]["users"];
    assert_ne!(
        find(cic, "user_name", "carol.zhao")["first_name"],
        "Caroline"
    );
    let staff = &state["tencent_ccc"][0]["staff"];
    assert_eq!(
        find(staff, "mail", "carol@example.com")["name"],
        "Caroline Zhao",
        "carol's other accounts are written"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report written"))
            .expect("json");
    let kinds: Vec<(&str, &str)> = report["problems"]
        .as_array()
        .expect("problems recorded")
        .iter()
        .map(|p| (p["person"].as_str().unwrap(), p["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("carol", "conflict"), ("ghost", "not-found")]);
    let calls = report["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 9);
    assert!(calls.iter().all(|c| c["outcome"]["status"] == "applied"));
}

#[test]
fn all_or_nothing_sends_nothing_when_the_plan_has_a_problem() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = manifest_with_problems(&emulator, dir.path());
    let apply = Run::of(emulator.usersync().args([
        "apply",
        "-f",
        &manifest,
        "--auto-approve",
        "--max-changes",
        "10",
        "--all-or-nothing",
    ]));
    assert_eq!(apply.code, 1);
    assert!(
        apply
            .stderr
            .contains("`--all-or-nothing` was given; nothing was applied"),
        "{}",
        apply.stderr
    );
    assert_eq!(emulator.writes(), 0);
}

#[test]
fn redact_masks_every_address_and_number_including_problem_messages() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = manifest_with_problems(&emulator, dir.path());
    let report = dir.path().join("report.json");
    let plan = Run::of(
        emulator
            .usersync()
            .args(["plan", "-f", &manifest, "--redact"]),
    );
    let apply = Run::of(emulator.usersync().args([
        "apply",
        "-f",
        &manifest,
        "--auto-approve",
        "--max-changes",
        "10",
        "--redact",
        "-v",
        "--report",
        report.to_str().expect("utf-8"),
    ]));
    let report = std::fs::read_to_string(&report).expect("report written");
    for (name, output) in [
        ("plan stdout", &plan.stdout),
        ("plan stderr", &plan.stderr),
        ("apply stdout", &apply.stdout),
        ("apply stderr", &apply.stderr),
        ("report", &report),
    ] {
        for personal in ["admin@example.com", "alice@example.com", "13800000021"] {
            assert!(
                !output.contains(personal),
                "`{personal}` in {name}:\n{output}"
            );
        }
    }
    assert!(plan.stdout.contains("a***@example.com"), "{}", plan.stdout);
}

#[test]
fn the_report_is_written_when_the_apply_fails_before_sending() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let report = dir.path().join("report.json");
    // No credentials in the environment.
    let apply = Run::of(super::usersync().args([
        "apply",
        "-f",
        manifest.to_str().expect("utf-8"),
        "--auto-approve",
        "--report",
        report.to_str().expect("utf-8"),
    ]));
    assert_eq!(apply.code, 1);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report written"))
            .expect("json");
    assert!(report["error"].is_string(), "{report}");
    assert_eq!(report["calls"], serde_json::json!([]));
}

#[test]
fn the_fingerprint_depends_on_what_the_plan_does_not_on_where_the_manifest_is() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(
        dir.path().join("commented.yaml"),
        format!("# reviewed by the on-call team\n\n{text}"),
    )
    .expect("written");
    let fingerprint = |path: &str| {
        let plan = Run::of(
            emulator
                .usersync()
                .current_dir(dir.path())
                .args(["plan", "-f", path, "--format", "json"]),
        );
        assert_eq!(plan.code, 2, "{}", plan.stderr);
        let plan: serde_json::Value = serde_json::from_str(&plan.stdout).expect("json");
        plan["fingerprint"]
            .as_str()
            .expect("fingerprint")
            .to_string()
    };
    let absolute = manifest.to_str().expect("utf-8").to_string();
    let first = fingerprint("users.yaml");
    for other in ["./users.yaml", absolute.as_str(), "commented.yaml"] {
        assert_eq!(fingerprint(other), first, "-f {other}");
    }
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    for args in [&["plan"][..], &["apply", "--bogus"], &["frobnicate"]] {
        let usage = Run::of(super::usersync().args(args));
        assert_eq!(usage.code, 1, "{args:?}: {}", usage.stderr);
        assert!(usage.stderr.contains("error:"), "{}", usage.stderr);
    }
    assert_eq!(Run::of(super::usersync().arg("--help")).code, 0);
    assert_eq!(Run::of(super::usersync().arg("--version")).code, 0);
}

/// The quickstart manifest with Tencent CCC at `ccc` and the other providers at `others`.
fn split_manifest(dir: &Path, ccc: &str, others: &str) -> String {
    let text = std::fs::read_to_string(super::fixtures("../../examples/quickstart/users.yaml"))
        .expect("quickstart manifest");
    let text = text
        .replacen("http://127.0.0.1:18600", &format!("http://{ccc}"), 1)
        .replace("127.0.0.1:18600", others);
    let path = dir.join("users.yaml");
    std::fs::write(&path, text).expect("written");
    path.to_str().expect("utf-8").to_string()
}

#[test]
fn a_provider_that_cannot_be_read_holds_back_only_its_own_calls() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = split_manifest(dir.path(), "127.0.0.1:1", &emulator.addr);
    let report = dir.path().join("report.json");
    let apply = emulator.run(&[
        "apply",
        "-f",
        &manifest,
        "--auto-approve",
        "--max-changes",
        "10",
        "--report",
        report.to_str().expect("utf-8"),
    ]);
    assert_eq!(apply.code, 1, "{}\n{}", apply.stdout, apply.stderr);
    assert!(
        apply
            .stderr
            .contains("reading the current state of `tencent-ccc`"),
        "{}",
        apply.stderr
    );
    // The other three providers' 7 calls went ahead.
    assert_eq!(emulator.writes(), 7, "{}", apply.stdout);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    assert!(
        report["error"]
            .as_str()
            .is_some_and(|e| e.contains("tencent-ccc")),
        "{report}"
    );
    assert!(
        report["calls"]
            .as_array()
            .expect("calls")
            .iter()
            .all(|c| c["provider"] != "tencent-ccc" && c["outcome"]["status"] == "applied")
    );
}

/// The plan of the others is shown, and says which provider it leaves out: in its JSON and in
/// the pull request's Markdown comment, not only in the job's log.
#[test]
fn a_plan_without_a_provider_that_cannot_be_read_says_so_in_the_json_and_the_comment() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = split_manifest(dir.path(), "127.0.0.1:1", &emulator.addr);
    let comment = dir.path().join("comment.md");
    let plan = emulator.run(&[
        "plan",
        "-f",
        &manifest,
        "--format",
        "json",
        "--markdown",
        comment.to_str().expect("utf-8"),
    ]);
    assert_eq!(plan.code, 1, "{}", plan.stderr);
    let json: serde_json::Value = serde_json::from_str(&plan.stdout).expect("plan JSON");
    let warnings = json["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{json}");
    assert!(
        warnings[0]
            .as_str()
            .is_some_and(|w| w.contains("reading the current state of `tencent-ccc`")),
        "{warnings:?}"
    );
    let markdown = std::fs::read_to_string(&comment).expect("comment written");
    assert!(
        markdown.contains("> [!WARNING]") && markdown.contains("`tencent-ccc`"),
        "{markdown}"
    );
    assert!(
        markdown.contains("**7 calls to apply, with 1 warning:** read it below before relying"),
        "the verdict is qualified: {markdown}"
    );
}

#[test]
fn a_saved_plan_whose_provider_cannot_be_read_sends_the_other_providers_calls() {
    let ccc = Emulator::start(&[]);
    let others = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = split_manifest(dir.path(), &ccc.addr, &others.addr);
    let saved = dir.path().join("plan.json");
    let saved = saved.to_str().expect("utf-8");
    assert_eq!(
        others.run(&["plan", "-f", &manifest, "--out", saved]).code,
        2
    );
    drop(ccc);
    let apply = others.run(&[
        "apply",
        "--plan",
        saved,
        "--auto-approve",
        "--max-changes",
        "10",
    ]);
    assert_eq!(apply.code, 1, "{}\n{}", apply.stdout, apply.stderr);
    assert_eq!(others.writes(), 7, "{}", apply.stdout);
    assert!(apply.stdout.contains("3 not sent"), "{}", apply.stdout);
}
