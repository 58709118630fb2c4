//! End-to-end: `plan --base` plans the pull request's manifest and the base branch's from one
//! set of reads, marks what is already pending on the base branch, and exits on what the pull
//! request brings.

use super::emulator_process::Emulator;

fn plan_json(emulator: &Emulator, args: &[&str]) -> (i32, serde_json::Value, String) {
    let output = emulator
        .usersync()
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("usersync runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let plan = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("json: {stdout}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), plan, stderr)
}

#[test]
fn a_pull_request_is_told_apart_from_what_is_pending_on_its_base() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let base = emulator.quickstart_manifest(dir.path());
    let text = std::fs::read_to_string(&base).expect("manifest");
    let head = dir.path().join("head.yaml");
    std::fs::write(
        &head,
        text.replace("        nick: carol\n", "        nick: caro\n"),
    )
    .expect("written");
    let (base, head) = (base.to_str().unwrap(), head.to_str().unwrap());
    let reads_before = emulator.log().len();

    let (code, plan, stderr) = plan_json(&emulator, &["plan", "-f", head, "--base", base]);
    assert_eq!(code, 2, "{stderr}");
    let changes = plan["changes"].as_array().expect("changes");
    let own: Vec<&str> = changes
        .iter()
        .filter(|c| c["pending"] != true)
        .map(|c| c["person"].as_str().unwrap())
        .collect();
    assert_eq!(
        own,
        ["carol"],
        "only carol's nick comes from the pull request"
    );
    assert_eq!(changes.len() - own.len(), 9);
    assert_eq!(plan["base"]["superseded"], 1);
    // One set of reads served both plans: as many requests as planning the head alone.
    let with_base = emulator.log().len() - reads_before;
    let (_, alone, _) = plan_json(&emulator, &["plan", "-f", head]);
    let head_alone = emulator.log().len() - reads_before - with_base;
    assert_eq!(with_base, head_alone);
    assert_eq!(alone["fingerprint"], plan["fingerprint"]);

    // The base branch against itself: everything is pending, nothing is brought: exit 0.
    let (code, plan, stderr) = plan_json(&emulator, &["plan", "-f", base, "--base", base]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        plan["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["pending"] == true)
    );
}

#[test]
fn a_pull_request_that_adds_the_manifest_has_no_base_to_compare_with() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let head = emulator.quickstart_manifest(dir.path());
    let missing = dir.path().join("base/users.yaml");
    let (code, plan, stderr) = plan_json(
        &emulator,
        &[
            "plan",
            "-f",
            head.to_str().unwrap(),
            "--base",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("no base manifest to compare with"),
        "{stderr}"
    );
    assert!(plan["base"].is_null());
}

/// A base manifest with problems is not compared with, and the plan says so where reviewers
/// read it: in the JSON, and in the pull request's Markdown comment (which would otherwise
/// present every change as the pull request's own).
#[test]
fn a_base_that_cannot_be_compared_is_said_in_the_json_and_the_comment() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let head = emulator.quickstart_manifest(dir.path());
    let base = dir.path().join("base.yaml");
    std::fs::write(
        &base,
        "version: 1\nusers: {alice: {emial: a@example.com}}\n",
    )
    .expect("base");
    let comment = dir.path().join("comment.md");
    let args = [
        "plan",
        "-f",
        head.to_str().unwrap(),
        "--base",
        base.to_str().unwrap(),
        "--markdown",
        comment.to_str().unwrap(),
    ];
    let (code, plan, stderr) = plan_json(&emulator, &args);
    assert_eq!(code, 2, "{stderr}");
    let warning = format!(
        "the base manifest has 1 problem (`{}:2:17`: unknown key `emial`); planned without \
         comparing with it, so every change and problem is shown as this pull request's",
        base.display()
    );
    assert_eq!(plan["warnings"], serde_json::json!([warning]), "{stderr}");
    assert!(stderr.contains(&warning), "{stderr}");
    let markdown = std::fs::read_to_string(&comment).expect("comment written");
    assert!(
        markdown.contains("> [!WARNING]\n> The base manifest has 1 problem ("),
        "{markdown}"
    );
    assert!(markdown.contains(", with 1 warning:**"), "{markdown}");
    let (_, alone, _) = plan_json(&emulator, &["plan", "-f", head.to_str().unwrap()]);
    assert_eq!(
        alone["fingerprint"], plan["fingerprint"],
        "warnings are not content"
    );
    assert!(alone.get("warnings").is_none(), "no warnings, no field");
}
