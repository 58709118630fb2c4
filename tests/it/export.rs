//! End-to-end `usersync export` against the emulator process, seeded with an estate made in
//! consoles (`tests/fixtures/export/emulator-seed.yaml`). The round trip is the test: what
//! export writes validates, is the same bytes on a second run, and its first plan shows no
//! changes and no problems (with and without `--all-fields`); `--unmanaged` lists exactly
//! the accounts a manifest does not manage, and pasting them in keeps the plan empty.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::emulator_process::{ACS_SECRET, Emulator, TC_KEY};

fn start() -> Emulator {
    Emulator::start_with_seed(&super::fixtures("export/emulator-seed.yaml"), &[])
}

/// `tests/fixtures/export/<name>` in `dir`, its endpoints pointed at `emulator`.
fn fixture(emulator: &Emulator, dir: &Path, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(super::fixtures(&format!("export/{name}")))
        .expect("fixture readable");
    let path = dir.join(name);
    std::fs::write(&path, text.replace("127.0.0.1:18600", &emulator.addr)).expect("written");
    path
}

fn path(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Plans `files` as JSON; asserts exit 0 with no changes, no problems, and returns the plan.
fn assert_empty_plan(emulator: &Emulator, files: &[&Path]) -> Value {
    let mut args = vec!["plan", "--format", "json"];
    for file in files {
        args.extend(["-f", path(file)]);
    }
    let plan = emulator.run(&args);
    assert_eq!(
        plan.code, 0,
        "plan not empty:\n{}\n{}",
        plan.stdout, plan.stderr
    );
    let plan: Value = serde_json::from_str(&plan.stdout).expect("plan JSON");
    assert_eq!(plan["changes"], serde_json::json!([]));
    assert_eq!(plan["problems"], serde_json::json!([]));
    plan
}

/// Read requests the emulator served for `action`, and whether anything was written.
fn reads_of(emulator: &Emulator, action: &str) -> usize {
    let log = emulator.log();
    let writes = ["ModifyStaff", "UpdateUser", "ModifyUser"];
    assert!(
        !log.iter()
            .any(|entry| writes.iter().any(|w| entry["action"] == *w)),
        "export wrote to a provider"
    );
    log.iter().filter(|entry| entry["action"] == action).count()
}

#[test]
fn the_first_plan_of_an_export_is_empty() {
    let emulator = start();
    let dir = tempfile::tempdir().expect("temp dir");
    let providers = fixture(&emulator, dir.path(), "providers.yaml");
    for (all_fields, name) in [(false, "export-list-fields"), (true, "export-all-fields")] {
        let mut args = vec!["export", "-f", path(&providers)];
        if all_fields {
            args.push("--all-fields");
        }
        let extra_reads_before = reads_of(&emulator, "GetUser");
        let first = emulator.run(&args);
        assert_eq!(first.code, 0, "export failed:\n{}", first.stderr);
        let extra_reads = reads_of(&emulator, "GetUser") - extra_reads_before;
        // One GetUser per Alibaba CCC agent (3) and per EIAM user (4), and only when asked.
        assert_eq!(extra_reads, if all_fields { 7 } else { 0 });
        let second = emulator.run(&args);
        assert_eq!(
            first.stdout, second.stdout,
            "a second export gives other bytes"
        );

        let exported = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&exported, &first.stdout).expect("written");
        let validate = emulator.run(&["validate", "-f", path(&exported)]);
        assert_eq!(validate.code, 0, "{}{}", validate.stdout, validate.stderr);
        let plan = assert_empty_plan(&emulator, &[&exported]);
        let unmanaged: u64 = plan["providers"]
            .as_array()
            .expect("providers")
            .iter()
            .map(|p| p["unmanaged"].as_u64().expect("a count"))
            .sum();
        assert_eq!(unmanaged, 0, "every account is in the export");
        let text = emulator.run(&["plan", "-f", path(&exported)]);
        assert!(
            text.stdout.contains("no changes, 0 problems"),
            "{}",
            text.stdout
        );

        assert!(!first.stdout.contains(TC_KEY) && !first.stdout.contains(ACS_SECRET));
        insta::assert_snapshot!(
            name,
            first.stdout.replace(&emulator.addr, "127.0.0.1:18600")
        );
    }
}

#[test]
fn unmanaged_lists_exactly_the_accounts_the_manifest_does_not_manage() {
    let emulator = start();
    let dir = tempfile::tempdir().expect("temp dir");
    let managed = fixture(&emulator, dir.path(), "managed.yaml");
    let before = assert_empty_plan(&emulator, &[&managed]);
    let managed_count: u64 = before["providers"]
        .as_array()
        .expect("providers")
        .iter()
        .map(|p| p["managed"].as_u64().expect("a count"))
        .sum();
    assert_eq!(managed_count, 4, "lina's three accounts and bob's agent");

    let entries = emulator.run(&["export", "-f", path(&managed), "--unmanaged"]);
    assert_eq!(entries.code, 0, "{}", entries.stderr);
    assert!(!entries.stdout.contains("providers:"), "{}", entries.stdout);
    assert!(
        !entries.stdout.contains("lina@ccc-test"),
        "{}",
        entries.stdout
    );
    assert!(
        entries
            .stderr
            .contains("shares an email or a phone with `lina`"),
        "{}",
        entries.stderr
    );
    // Pasted under `users:`, they make a manifest that manages every account and plans nothing.
    let text = std::fs::read_to_string(&managed).expect("readable");
    let pasted = dir.path().join("pasted.yaml");
    std::fs::write(&pasted, format!("{text}\n{}", entries.stdout)).expect("written");
    let plan = assert_empty_plan(&emulator, &[&pasted]);
    for provider in plan["providers"].as_array().expect("providers") {
        assert_eq!(provider["unmanaged"], 0, "{provider}");
    }
    let managed_after: u64 = plan["providers"]
        .as_array()
        .expect("providers")
        .iter()
        .map(|p| p["managed"].as_u64().expect("a count"))
        .sum();
    assert_eq!(
        managed_after,
        4 + 4 + 3 + 4,
        "every account of the seed, once"
    );

    // As a file beside the manifest, it does the same.
    let beside = dir.path().join("adopted.yaml");
    let args = [
        "export",
        "-f",
        path(&managed),
        "--unmanaged",
        "-o",
        path(&beside),
    ];
    let written = emulator.run(&args);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_empty_plan(&emulator, &[&managed, &beside]);
}

#[test]
fn export_writes_files_and_directories_but_never_over_an_existing_file() {
    let emulator = start();
    let dir = tempfile::tempdir().expect("temp dir");
    let providers = fixture(&emulator, dir.path(), "providers.yaml");
    let file = dir.path().join("users.yaml");
    let to_file = ["export", "-f", path(&providers), "-o", path(&file)];
    assert_eq!(emulator.run(&to_file).code, 0);
    let refused = emulator.run(&to_file);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("already exists"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    let forced = [&to_file[..], &["--force"]].concat();
    assert_eq!(emulator.run(&forced).code, 0);
    assert_empty_plan(&emulator, &[&file]);

    let out = dir.path().join("split");
    let to_dir = format!("{}/", path(&out));
    let split = emulator.run(&["export", "-f", path(&providers), "-o", &to_dir]);
    assert_eq!(split.code, 0, "{}", split.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("directory written")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert!(names.contains(&"providers.yaml".to_string()), "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n == "providers.yaml" || n.starts_with("users-"))
    );
    let validate = emulator.run(&["validate", "-f", path(&out)]);
    assert_eq!(validate.code, 0, "{}{}", validate.stdout, validate.stderr);
    assert_empty_plan(&emulator, &[&out]);
    let again = emulator.run(&["export", "-f", path(&providers), "-o", &to_dir]);
    assert_eq!(again.code, 1, "{}", again.stderr);

    // One provider; an undeclared one is an error that names the declared ones.
    let one = emulator.run(&["export", "-f", path(&providers), "--provider", "idaas"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout.contains("idaas:") && !one.stdout.contains("agents:"));
    assert!(
        one.stdout.contains("id_env: ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "names kept"
    );
    let unknown = emulator.run(&["export", "-f", path(&providers), "--provider", "idas"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("did you mean `idaas`?"),
        "{}",
        unknown.stderr
    );
}
