//! End-to-end: Tencent CCC extension numbers and call forwarding against the emulator process
//! (`tests/fixtures/forwarding/`). The plan hands Bob's extension to 王芳 (Bob releases it
//! first) and sets a forwarding of every target kind (a person, an email, a skill group by
//! name and by id, an extension given in the same plan, a desk phone kept from before); apply
//! sends them in that order and `--verify` finds them held; the next plan is empty; an export
//! of the result writes them back in the manifest's terms and plans nothing.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::emulator_process::{Emulator, find};

fn manifest(emulator: &Emulator, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(super::fixtures("forwarding/users.yaml")).expect("fixture");
    let path = dir.join("users.yaml");
    std::fs::write(&path, text.replace("127.0.0.1:18600", &emulator.addr)).expect("written");
    path
}

/// The plan's lines for the provider (without the summary, whose fingerprint covers the port).
fn calls(stdout: &str) -> String {
    stdout
        .lines()
        .take_while(|line| !line.starts_with("Plan:"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `ModifyStaff` requests the emulator answered, in order: (agent, parameters).
fn modify_staff(emulator: &Emulator) -> Vec<(String, Value)> {
    emulator
        .log()
        .into_iter()
        .filter(|entry| entry["action"] == "ModifyStaff" && entry["verdict"] == "ok")
        .map(|entry| {
            let email = entry["params"]["Email"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            (email, entry["params"].clone())
        })
        .collect()
}

#[test]
fn extensions_and_forwarding_converge_verify_and_export() {
    let emulator =
        Emulator::start_with_seed(&super::fixtures("forwarding/emulator-seed.yaml"), &[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let users = manifest(&emulator, dir.path());
    let users = users.to_str().expect("utf-8 path");

    let plan = emulator.run(&["plan", "-f", users]);
    assert_eq!(plan.code, 2, "{}\n{}", plan.stdout, plan.stderr);
    insta::assert_snapshot!(calls(&plan.stdout), @"
    agents (tencent-ccc, ModifyStaff at 20/s)
      ~ #1 bob bob@example.com
          extension: `8002` → `8004`
          forwarding: `off` → `conditional to skill group 售前咨询 (101)`
      ~ #2 dan dan@example.com
          forwarding: `off` → `always to agent Ops@Example.com`
      ~ #3 erin erin@example.com
          forwarding: `off (conditional to extension 8101)` → `conditional to extension 8101`
      ~ #4 frank frank@example.com
          forwarding: `off` → `off (conditional to skill group Sales (102))`
      ~ #5 wang.fang alice@example.com after #1
          extension: `8001` → `8002`
          forwarding: `off` → `always to agent bob@example.com`
      ~ #6 carol carol@example.com after #5
          forwarding: `(unset)` → `always to extension 8002`
    ");
    let markdown = emulator.run(&["plan", "-f", users, "--format", "markdown"]);
    let rows: Vec<&str> = markdown
        .stdout
        .lines()
        .filter(|line| line.contains("`forwarding`") || line.contains("`extension`"))
        .collect();
    insta::assert_snapshot!(rows.join("\n"), @"
    | 1 | bob | `bob@example.com` | `extension` | `8002` | `8004` |
    |  |  |  | `forwarding` | `off` | `conditional to skill group 售前咨询 (101)` |
    | 2 | dan | `dan@example.com` | `forwarding` | `off` | `always to agent Ops@Example.com` |
    | 3 | erin | `erin@example.com` | `forwarding` | `off (conditional to extension 8101)` | `conditional to extension 8101` |
    | 4 | frank | `frank@example.com` | `forwarding` | `off` | `off (conditional to skill group Sales (102))` |
    | 5 `after #1` | wang.fang | `alice@example.com` | `extension` | `8001` | `8002` |
    |  |  |  | `forwarding` | `off` | `always to agent bob@example.com` |
    | 6 `after #5` | carol | `carol@example.com` | `forwarding` | *unset* | `always to extension 8002` |
    ");

    let apply = emulator.run(&["apply", "-f", users, "--auto-approve", "--verify"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    assert!(
        apply
            .stdout
            .contains("Verify: every account applied matches the plan"),
        "{}",
        apply.stdout
    );
    let sent = modify_staff(&emulator);
    let position = |email: &str| {
        sent.iter()
            .position(|(agent, _)| agent == email)
            .unwrap_or_else(|| panic!("no ModifyStaff for {email}"))
    };
    assert!(
        position("bob@example.com") < position("alice@example.com"),
        "hand-over order"
    );
    assert!(
        position("alice@example.com") < position("carol@example.com"),
        "target order"
    );
    let alice = &sent[position("alice@example.com")].1;
    assert_eq!(
        alice,
        &json!({"SdkAppId": 1400000001u64, "Email": "alice@example.com", "ExtensionNumber": "8002",
            "ForwardingConfig": {"Enabled": true, "Condition": 1,
                "Target": {"Type": 1, "StaffUserId": "bob@example.com"}}})
    );
    let erin = &sent[position("erin@example.com")].1;
    assert_eq!(
        erin["ForwardingConfig"],
        json!({"Enabled": true, "Condition": 2, "Target": {"Type": 3, "Extension": "8101"}}),
        "the condition and desk-phone target carried as they were"
    );

    let state = emulator.state();
    let staff = &state["tencent_ccc"][0]["staff"];
    assert_eq!(
        find(staff, "mail", "alice@example.com")["extension_number"],
        "8002"
    );
    assert_eq!(
        find(staff, "mail", "bob@example.com")["extension_number"],
        "8004"
    );
    assert_eq!(
        find(staff, "mail", "dan@example.com")["forwarding"],
        json!({"enabled": true, "condition": 1, "target": {"type": 1, "staff_user_id": "Ops@Example.com"}})
    );
    assert_eq!(
        find(staff, "mail", "frank@example.com")["forwarding"],
        json!({"enabled": false, "condition": 2, "target": {"type": 2, "skill_group_id": 102}})
    );

    let again = emulator.run(&["plan", "-f", users]);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
    assert!(
        again
            .stdout
            .contains("no changes (6 unchanged, 1 unmanaged)"),
        "{}",
        again.stdout
    );

    let export = emulator.run(&["export", "-f", users]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    for expected in [
        "extension: \"8002\"",
        "person: bob",
        "person: ops",
        "skill_group: 售前咨询",
        "skill_group: Sales",
        "extension: \"8101\"",
    ] {
        assert!(
            export.stdout.contains(expected),
            "`{expected}` in:\n{}",
            export.stdout
        );
    }
    let exported = dir.path().join("exported.yaml");
    std::fs::write(&exported, &export.stdout).expect("written");
    let plan = emulator.run(&["plan", "-f", exported.to_str().expect("utf-8")]);
    assert_eq!(
        plan.code, 0,
        "{}\n{}\n{}",
        plan.stdout, plan.stderr, export.stdout
    );
    assert!(
        plan.stdout
            .contains("no changes (7 unchanged, 0 unmanaged)"),
        "{}",
        plan.stdout
    );
}
