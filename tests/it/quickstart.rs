//! End-to-end against the emulator process: the quickstart converges (plan, apply, plan shows
//! nothing), the emulator's state then equals the manifest, unmanaged accounts are untouched,
//! and it still converges with injected faults.

use super::emulator_process::{Emulator, find};

fn converge(emulator: &Emulator) {
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let manifest = manifest.to_str().expect("utf-8 path");

    let plan = emulator.run(&["plan", "-f", manifest]);
    assert_eq!(
        plan.code, 2,
        "first plan should show changes:\n{}\n{}",
        plan.stdout, plan.stderr
    );
    assert!(
        plan.stdout.contains("after #"),
        "bob's phone waits for alice's:\n{}",
        plan.stdout
    );

    let apply = emulator.run(&[
        "apply",
        "-f",
        manifest,
        "--auto-approve",
        "--max-changes",
        "10",
    ]);
    assert_eq!(
        apply.code, 0,
        "apply failed:\n{}\n{}",
        apply.stdout, apply.stderr
    );

    let again = emulator.run(&["plan", "-f", manifest]);
    assert_eq!(
        again.code, 0,
        "second plan should be empty:\n{}\n{}",
        again.stdout, again.stderr
    );
    assert!(again.stdout.contains("no changes"), "{}", again.stdout);
}

fn assert_state_matches_manifest(emulator: &Emulator) {
    let state = emulator.state();
    let staff = &state["tencent_ccc"][0]["staff"];
    assert_eq!(
        find(staff, "mail", "alice@example.com")["phone"],
        "008613800000021"
    );
    assert_eq!(
        find(staff, "mail", "bob@example.com")["phone"],
        "008613800000001"
    );
    assert_eq!(
        find(staff, "mail", "alice@example.com")["skill_groups"],
        serde_json::json!([101, 103])
    );
    assert_eq!(
        find(staff, "mail", "carol@example.com")["name"],
        "Caroline Zhao"
    );
    assert_eq!(
        find(staff, "mail", "ops-bot@example.com")["name"],
        "Ops Bot",
        "unmanaged agent untouched"
    );

    let cic = &state["tencent_cic"][0]["users"];
    assert_eq!(
        find(cic, "user_name", "carol.zhao")["display_name"],
        "Caroline Zhao"
    );
    assert_eq!(
        find(cic, "user_name", "carol.zhao")["first_name"],
        "Caroline"
    );
    assert_eq!(
        find(cic, "user_name", "break-glass")["display_name"],
        "Break-glass admin"
    );

    let ccc = &state["alibaba_ccc"][0]["users"];
    assert_eq!(find(ccc, "login_name", "alice")["mobile"], "13800000021");
    assert_eq!(
        find(ccc, "login_name", "carol")["display_name"],
        "Caroline Zhao"
    );
    assert_eq!(
        find(ccc, "login_name", "supervisor")["display_name"],
        "Shift Supervisor"
    );

    let eiam = &state["alibaba_eiam"][0]["users"];
    assert_eq!(
        find(eiam, "username", "alice.liu")["custom_fields"]["nick_name"],
        "alice"
    );
    assert_eq!(
        find(eiam, "username", "alice.liu")["custom_fields"]["cost_center"],
        "CC-1001"
    );
    assert_eq!(
        find(eiam, "username", "bob.wang")["phone_number"],
        "13800000001"
    );
    assert_eq!(
        find(eiam, "username", "svc-reporting")["display_name"],
        "Reporting service"
    );
}

#[test]
fn quickstart_converges_and_the_emulator_holds_the_manifest() {
    let emulator = Emulator::start(&[]);
    converge(&emulator);
    assert_state_matches_manifest(&emulator);
    let log = emulator.log();
    let throttled = log
        .iter()
        .filter(|e| {
            e["error_code"]
                .as_str()
                .is_some_and(|c| c.contains("Limit") || c.starts_with("Throttling"))
        })
        .count();
    assert_eq!(throttled, 0, "usersync throttled itself");
    let failed: Vec<_> = log.iter().filter(|e| e["verdict"] != "ok").collect();
    assert!(failed.is_empty(), "requests refused: {failed:#?}");
}

#[test]
fn quickstart_converges_through_injected_faults() {
    let emulator = Emulator::start(&[
        "--fault-seed",
        "7",
        "--error-rate",
        "0.1",
        "--throttle-rate",
        "0.05",
        // Within usersync's retries whatever order the requests arrive in (see apply_engine).
        "--max-faults-in-a-row",
        "3",
    ]);
    converge(&emulator);
    assert_state_matches_manifest(&emulator);
    let log = emulator.log();
    assert!(
        log.iter().any(|e| e["verdict"] != "ok"),
        "the faults should have hit some requests"
    );
}

#[test]
fn saved_plan_applies_only_while_nothing_drifted() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let manifest = manifest.to_str().expect("utf-8 path");
    let saved = dir.path().join("plan.json");
    let saved = saved.to_str().expect("utf-8 path");

    assert_eq!(
        emulator.run(&["plan", "-f", manifest, "--out", saved]).code,
        2
    );
    let stale = dir.path().join("stale.json");
    std::fs::copy(saved, &stale).expect("copied");

    let apply = emulator.run(&[
        "apply",
        "--plan",
        saved,
        "--auto-approve",
        "--max-changes",
        "10",
    ]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    assert_state_matches_manifest(&emulator);

    // The same plan again: every account it touches already holds the planned values, so
    // it says so and sends nothing.
    let writes = emulator.writes();
    let again = emulator.run(&[
        "apply",
        "--plan",
        stale.to_str().expect("utf-8"),
        "--auto-approve",
    ]);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
    assert!(
        again.stderr.contains("10 calls already applied"),
        "{}",
        again.stderr
    );
    assert_eq!(writes, emulator.writes(), "nothing is sent again");
}

#[test]
fn a_saved_plan_is_refused_when_an_account_drifted_and_says_from_what_to_what() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let manifest = manifest.to_str().expect("utf-8 path");
    let saved = dir.path().join("plan.json");
    let saved = saved.to_str().expect("utf-8 path");
    assert_eq!(
        emulator.run(&["plan", "-f", manifest, "--out", saved]).code,
        2
    );
    // Someone else changes one planned account in between (here: another manifest that
    // gives Carol another display name).
    let text = std::fs::read_to_string(manifest).expect("manifest");
    let other = dir.path().join("other.yaml");
    std::fs::write(
        &other,
        text.replace("display_name: Caroline Zhao", "display_name: 赵卡罗 (temp)"),
    )
    .expect("written");
    let other = other.to_str().expect("utf-8 path");
    let first = emulator.run(&[
        "apply",
        "-f",
        other,
        "--auto-approve",
        "--max-changes",
        "10",
    ]);
    assert_eq!(first.code, 0, "{}\n{}", first.stdout, first.stderr);
    let before = emulator.writes();
    let refused = emulator.run(&[
        "apply",
        "--plan",
        saved,
        "--auto-approve",
        "--max-changes",
        "10",
    ]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("was `") && refused.stderr.contains("is `赵卡罗 (temp)` now"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("nothing was applied"),
        "{}",
        refused.stderr
    );
    assert_eq!(before, emulator.writes());
}

#[test]
fn apply_off_a_terminal_requires_auto_approve() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let refused = emulator.run(&[
        "apply",
        "-f",
        manifest.to_str().expect("utf-8"),
        "--max-changes",
        "10",
    ]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("--auto-approve"),
        "{}",
        refused.stderr
    );
    let writes = emulator
        .log()
        .iter()
        .filter(|e| {
            matches!(
                e["action"].as_str(),
                Some("ModifyStaff" | "UpdateUser" | "ModifyUser")
            )
        })
        .count();
    assert_eq!(writes, 0, "nothing may be sent without approval");
}

#[test]
fn safety_limit_refuses_large_plans() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let refused = emulator.run(&[
        "apply",
        "-f",
        manifest.to_str().expect("utf-8"),
        "--auto-approve",
        "--max-changes",
        "2",
    ]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("safety limit of 2"),
        "{}",
        refused.stderr
    );
}

#[test]
fn plan_formats_and_redaction() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let manifest = manifest.to_str().expect("utf-8");
    let json = emulator.run(&["plan", "-f", manifest, "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON plan");
    assert_eq!(plan["format_version"], 2);
    let markdown = emulator.run(&["plan", "-f", manifest, "--format", "markdown", "--redact"]);
    assert!(
        markdown
            .stdout
            .starts_with("<!-- usersync plan: default -->\n## usersync plan"),
        "{}",
        markdown.stdout
    );
    for personal in ["alice@example.com", "13800000021", "8613800000001"] {
        assert!(
            !markdown.stdout.contains(personal),
            "`{personal}` not redacted:\n{}",
            markdown.stdout
        );
    }
    for secret in [
        super::emulator_process::TC_KEY,
        super::emulator_process::ACS_SECRET,
    ] {
        assert!(!json.stdout.contains(secret) && !json.stderr.contains(secret));
    }
}

#[test]
fn apply_json_is_one_report_document_and_verify_finds_nothing_left() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    let apply = emulator.run(&[
        "apply",
        "-f",
        manifest.to_str().expect("utf-8"),
        "--auto-approve",
        "--max-changes",
        "10",
        "--format",
        "json",
        "--verify",
    ]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&apply.stdout).expect("stdout is one JSON document");
    assert_eq!(report["calls"].as_array().map(Vec::len), Some(10));
    assert_eq!(
        report["verify_differences"],
        serde_json::json!([]),
        "{report}"
    );
}
