//! The CI examples cannot break unnoticed. Every file in `examples/ci/` is valid against the
//! published schema of its CI (SchemaStore's GitHub workflow schema, GitLab's CI schema;
//! vendored in `tests/fixtures/ci/schemas/`), every usersync flag it passes exists, and the
//! script the workflows run (`examples/ci/usersync-ci.sh`) runs here against the emulator and a
//! stand-in for the GitHub and GitLab APIs: exit codes, the sticky comment found by its marker,
//! the drift issue, the apply summary. Annotations are checked at the manifest line. `.ci/run`
//! also runs actionlint on the GitHub workflows.

mod fake_api;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use super::emulator_process::{ACS_ID, ACS_SECRET, Emulator, TC_ID, TC_KEY};
use fake_api::{FakeApi, Flavour, TOKEN};

const GITHUB_WORKFLOWS: &[&str] = &["apply.yml", "drift.yml", "pull-request.yml"];
const GITLAB_CI: &str = "gitlab-ci.yml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ci_file(name: &str) -> Value {
    let path = root().join("examples/ci").join(name);
    serde_saphyr::from_str(&read(&path)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What the schema `schema` (a file in `tests/fixtures/ci/schemas/`) says is wrong in `document`.
fn check_schema(schema: &str, document: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(&read(&super::fixtures("ci/schemas").join(schema)))
        .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(document)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[test]
fn github_workflows_match_the_published_schema() {
    for name in GITHUB_WORKFLOWS {
        let errors = check_schema("github-workflow.json", &ci_file(name));
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    }
}

#[test]
fn gitlab_ci_matches_the_published_schema() {
    let errors = check_schema("gitlab-ci.json", &ci_file(GITLAB_CI));
    assert!(errors.is_empty(), "{GITLAB_CI}:\n{}", errors.join("\n"));
}

#[test]
fn the_schemas_catch_a_broken_workflow() {
    let mut workflow = ci_file("pull-request.yml");
    let job = workflow["jobs"]["validate"].as_object_mut().expect("a job");
    let runner = job.remove("runs-on").expect("runs-on");
    job.insert("run-on".into(), runner);
    assert!(!check_schema("github-workflow.json", &workflow).is_empty());

    let mut pipeline = ci_file(GITLAB_CI);
    pipeline["usersync-apply"]["resource_group"] = json!(["not", "a", "string"]);
    assert!(!check_schema("gitlab-ci.json", &pipeline).is_empty());
}

#[test]
fn every_ci_file_in_examples_is_checked() {
    let mut found: Vec<String> = std::fs::read_dir(root().join("examples/ci"))
        .expect("examples/ci")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yml") || name.ends_with(".yaml"))
        .collect();
    found.sort();
    let mut checked: Vec<String> = GITHUB_WORKFLOWS.iter().map(|s| s.to_string()).collect();
    checked.push(GITLAB_CI.into());
    checked.sort();
    assert_eq!(found, checked, "add the new file to this test's lists");
}

/// Every string in a parsed CI file (the `run:` and `script:` lines among them).
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.replace("\\\n", " ")),
        Value::Array(items) => items.iter().for_each(|item| strings(item, out)),
        Value::Object(map) => map.values().for_each(|item| strings(item, out)),
        _ => {}
    }
}

/// (subcommand, flag) for every flag a CI file passes to usersync, directly or through
/// `usersync-ci.sh plan|apply` (whose flags after `--` go to `apply`).
fn usersync_flags(file: &Value) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    strings(file, &mut texts);
    let mut flags = Vec::new();
    for line in texts.iter().flat_map(|text| text.lines()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (at, word) in words.iter().enumerate() {
            let script = word.ends_with("usersync-ci.sh");
            if !(*word == "usersync" || script) {
                continue;
            }
            let Some(mut command) = words.get(at + 1).map(|c| c.to_string()) else {
                continue;
            };
            if !["validate", "plan", "apply"].contains(&command.as_str()) {
                continue;
            }
            for word in &words[at + 2..] {
                match *word {
                    "||" | "&&" | ";" | "|" => break,
                    "--" if script && command == "apply" => command = "apply-plan".into(),
                    flag if flag.starts_with("--") => {
                        let flag = flag.split('=').next().unwrap_or(flag);
                        let target = match command.as_str() {
                            "apply" if script => "plan", // before `--`
                            "apply-plan" => "apply",
                            other => other,
                        };
                        flags.push((target.to_string(), flag.to_string()));
                    }
                    _ => {}
                }
            }
        }
    }
    flags
}

#[test]
fn workflows_pass_usersync_only_flags_it_has() {
    let help = |command: &str| {
        let output = super::usersync()
            .args([command, "--help"])
            .output()
            .expect("usersync runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let mut all = Vec::new();
    for name in GITHUB_WORKFLOWS.iter().chain([&GITLAB_CI]) {
        for (command, flag) in usersync_flags(&ci_file(name)) {
            let text = help(&command);
            let known = [" ", "\n", ","]
                .iter()
                .any(|after| text.contains(&format!("{flag}{after}")));
            assert!(known, "{name}: `usersync {command}` has no `{flag}`");
            all.push(format!("{command} {flag}"));
        }
    }
    for expected in [
        "validate --annotations",
        "validate --codequality",
        "plan --out",
        "plan --annotations",
        "apply --annotations",
        "apply --codequality",
    ] {
        assert!(
            all.iter().any(|seen| seen == expected),
            "{expected} not seen in {all:?}"
        );
    }
}

/// How a command ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `usersync-ci.sh ARGS` in `dir` with the emulator's credentials, `usersync` built by
/// this test run, and `env`; nothing else from the environment but PATH (bash, curl, jq).
fn script(dir: &Path, env: &[(&str, String)], args: &[&str]) -> Run {
    #[allow(clippy::disallowed_methods)] // the tests' own PATH, to find bash, curl and jq
    let path = std::env::var_os("PATH").unwrap_or_default();
    let tools = Command::new("bash")
        .args(["-c", "command -v curl && command -v jq"])
        .env("PATH", &path)
        .output()
        .expect("bash runs");
    assert!(
        tools.status.success(),
        "examples/ci/usersync-ci.sh needs curl and jq on PATH\nhint: install them (`.ci/run` does)"
    );
    let output = Command::new("bash")
        .arg(root().join("examples/ci/usersync-ci.sh"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("USERSYNC", env!("CARGO_BIN_EXE_usersync"))
        .env("TENCENTCLOUD_SECRET_ID", TC_ID)
        .env("TENCENTCLOUD_SECRET_KEY", TC_KEY)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", ACS_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ACS_SECRET)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("bash runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN),
        "the token was printed"
    );
    run
}

fn github_env(api: &FakeApi) -> Vec<(&'static str, String)> {
    vec![
        ("GITHUB_ACTIONS", "true".into()),
        ("GITHUB_API_URL", api.url.clone()),
        ("GITHUB_TOKEN", TOKEN.into()),
        ("GITHUB_REPOSITORY", "acme/users".into()),
        ("PR_NUMBER", "7".into()),
        ("USERSYNC_MARKER", "production".into()),
    ]
}

fn gitlab_env(api: &FakeApi) -> Vec<(&'static str, String)> {
    vec![
        ("GITLAB_CI", "true".into()),
        ("CI_API_V4_URL", api.url.clone()),
        ("USERSYNC_GITLAB_TOKEN", TOKEN.into()),
        ("CI_PROJECT_ID", "42".into()),
        ("CI_MERGE_REQUEST_IID", "3".into()),
    ]
}

/// `usersync plan -f users.yaml --format markdown` in `dir`, written to `file`; its exit code.
fn markdown_plan(emulator: &Emulator, dir: &Path, file: &str) -> i32 {
    let output = emulator
        .usersync()
        .current_dir(dir)
        .args([
            "plan",
            "-f",
            "users.yaml",
            "--format",
            "markdown",
            "--marker",
            "production",
        ])
        .output()
        .expect("usersync runs");
    std::fs::write(dir.join(file), &output.stdout).expect("plan written");
    output.status.code().unwrap_or(-1)
}

fn methods_and_paths(api: &FakeApi) -> Vec<String> {
    api.requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[test]
fn plan_step_passes_on_changes_and_fails_on_problems_annotated_at_their_line() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    emulator.quickstart_manifest(dir.path());
    let outputs = dir.path().join("github-output");
    let env = [("GITHUB_OUTPUT", outputs.display().to_string())];

    let changes = script(
        dir.path(),
        &env,
        &[
            "plan",
            "-f",
            "users.yaml",
            "--out",
            "plan.json",
            "--annotations",
            "github",
        ],
    );
    assert_eq!(changes.code, 0, "changes pass:\n{}", changes.stderr);
    assert_eq!(read(&outputs), "exit-code=2\nresult=changes\n");
    assert!(dir.path().join("plan.json").is_file());
    assert!(!changes.stderr.contains("::error"), "{}", changes.stderr);

    // An account that does not exist remotely: a problem, so the check fails.
    let manifest = dir.path().join("users.yaml");
    let text = read(&manifest).replace("user_id: alice@ccc-test", "user_id: alicia@ccc-test");
    std::fs::write(&manifest, &text).expect("manifest written");
    std::fs::remove_file(&outputs).expect("outputs reset");
    let problems = script(
        dir.path(),
        &env,
        &["plan", "-f", "./users.yaml", "--annotations", "github"],
    );
    assert_eq!(problems.code, 1, "problems fail:\n{}", problems.stderr);
    assert_eq!(read(&outputs), "exit-code=1\nresult=failed\n");
    let annotation = problems
        .stderr
        .lines()
        .find(|line| line.starts_with("::error "))
        .unwrap_or_else(|| panic!("no annotation in:\n{}", problems.stderr));
    // The account's place: its `alibaba-ccc:` key, the line above the edited `user_id`.
    let account_line = text
        .lines()
        .position(|line| line.contains("alicia@ccc-test"))
        .expect("the edited line");
    assert!(
        text.lines()
            .nth(account_line - 1)
            .unwrap_or("")
            .contains("alibaba-ccc:")
    );
    assert!(
        annotation.starts_with(&format!("::error file=users.yaml,line={account_line},col=")),
        "{annotation}"
    );
    assert!(
        annotation.contains("title=not-found%3A alibaba-ccc alicia@ccc-test::"),
        "{annotation}"
    );
}

#[test]
fn sticky_comment_is_posted_once_then_edited_in_place() {
    let emulator = Emulator::start(&[]);
    let api = FakeApi::start(Flavour::GitHub);
    let dir = tempfile::tempdir().expect("temp dir");
    emulator.quickstart_manifest(dir.path());
    let comments = "/repos/acme/users/issues/7/comments";
    // A long discussion (the marker must be found past the first page) and the sticky
    // comment of another manifest, which stays as it is.
    for n in 0..120 {
        api.seed(comments, json!({"body": format!("review comment {n}")}));
    }
    let staging = api.seed(
        comments,
        json!({"body": "<!-- usersync plan: staging -->\nstaging plan"}),
    );
    assert_eq!(markdown_plan(&emulator, dir.path(), "plan.md"), 2);

    let first = script(dir.path(), &github_env(&api), &["comment", "plan.md"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let posted: Vec<Value> = api
        .items(comments)
        .into_iter()
        .filter(|c| {
            c["body"]
                .as_str()
                .unwrap_or("")
                .contains("<!-- usersync plan: production -->")
        })
        .collect();
    assert_eq!(posted.len(), 1, "one comment posted");
    assert!(
        posted[0]["body"]
            .as_str()
            .unwrap_or("")
            .contains("ModifyStaff")
    );

    std::fs::write(dir.path().join("plan.md"), "second push: no changes").expect("written");
    let second = script(dir.path(), &github_env(&api), &["comment", "plan.md"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let id = posted[0]["id"].as_u64().expect("an id");
    let sticky: Vec<Value> = api
        .items(comments)
        .into_iter()
        .filter(|c| {
            c["body"]
                .as_str()
                .unwrap_or("")
                .contains("usersync plan: production")
        })
        .collect();
    assert_eq!(sticky.len(), 1, "still one comment");
    assert_eq!(
        sticky[0]["body"],
        "<!-- usersync plan: production -->\nsecond push: no changes"
    );
    let sent = methods_and_paths(&api);
    assert_eq!(
        sent.iter().filter(|r| r.starts_with("POST")).count(),
        1,
        "{sent:?}"
    );
    assert!(sent.contains(&format!("PATCH /repos/acme/users/issues/comments/{id}")));

    // A body that carries its own marker (`plan --marker staging`) edits that comment.
    std::fs::write(
        dir.path().join("staging.md"),
        "<!-- usersync plan: staging -->\nnew staging plan",
    )
    .expect("written");
    let third = script(dir.path(), &github_env(&api), &["comment", "staging.md"]);
    assert_eq!(third.code, 0, "{}", third.stderr);
    let edited = api
        .items(comments)
        .into_iter()
        .find(|c| c["id"] == staging)
        .expect("the staging comment");
    assert_eq!(
        edited["body"],
        "<!-- usersync plan: staging -->\nnew staging plan"
    );
    assert_eq!(api.items(comments).len(), 122);
}

#[test]
fn gitlab_merge_request_note_is_edited_by_its_marker() {
    let api = FakeApi::start(Flavour::GitLab);
    let dir = tempfile::tempdir().expect("temp dir");
    let notes = "/projects/42/merge_requests/3/notes";
    std::fs::write(
        dir.path().join("plan.md"),
        "<!-- usersync plan: production -->\nfirst",
    )
    .expect("written");
    let first = script(dir.path(), &gitlab_env(&api), &["comment", "plan.md"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    std::fs::write(
        dir.path().join("plan.md"),
        "<!-- usersync plan: production -->\nsecond",
    )
    .expect("written");
    let second = script(dir.path(), &gitlab_env(&api), &["comment", "plan.md"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let items = api.items(notes);
    assert_eq!(items.len(), 1);
    let sent = api.requests();
    assert_eq!(
        sent[3].body,
        json!({"body": "<!-- usersync plan: production -->\nsecond"})
    );
    assert_eq!(
        items[0]["body"],
        "<!-- usersync plan: production -->\nsecond"
    );
    let id = items[0]["id"].as_u64().expect("an id");
    assert_eq!(
        methods_and_paths(&api),
        [
            format!("GET {notes}"),
            format!("POST {notes}"),
            format!("GET {notes}"),
            format!("PUT {notes}/{id}"),
        ]
    );
}

#[test]
fn drift_opens_updates_then_closes_one_issue_and_apply_converges() {
    let emulator = Emulator::start(&[]);
    let api = FakeApi::start(Flavour::GitHub);
    let dir = tempfile::tempdir().expect("temp dir");
    emulator.quickstart_manifest(dir.path());
    let env = github_env(&api);
    let issues = "/repos/acme/users/issues";
    api.seed(
        issues,
        json!({"title": "unrelated", "body": "x", "labels": ["bug"]}),
    );

    for _ in 0..2 {
        let code = markdown_plan(&emulator, dir.path(), "drift.md");
        let drift = script(dir.path(), &env, &["drift", "drift.md", &code.to_string()]);
        assert_eq!(
            drift.code, 0,
            "drift keeps the job green:\n{}",
            drift.stderr
        );
    }
    let opened: Vec<Value> = api
        .items(issues)
        .into_iter()
        .filter(|issue| issue["labels"] == json!(["usersync-drift"]))
        .collect();
    assert_eq!(opened.len(), 1, "one issue, updated: {opened:?}");
    assert_eq!(opened[0]["state"], "open");
    assert!(
        opened[0]["body"]
            .as_str()
            .unwrap_or("")
            .contains("ModifyStaff")
    );

    // The scheduled apply: plan, then apply that plan, with its summary.
    let summary = dir.path().join("summary.md");
    let apply = script(
        dir.path(),
        &[("GITHUB_STEP_SUMMARY", summary.display().to_string())],
        &["apply", "-f", "users.yaml", "--", "--max-changes", "10"],
    );
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let summary = read(&summary);
    assert!(
        summary
            .contains("**10 applied**, 0 failed, 0 not sent, 0 skipped, 0 already applied; plan `"),
        "{summary}"
    );
    let writes = emulator
        .log()
        .iter()
        .filter(|entry| {
            entry.to_string().contains("Modify") || entry.to_string().contains("Update")
        })
        .count();
    assert!(writes >= 10, "the emulator received the writes");
    let report: Value =
        serde_json::from_str(&read(&dir.path().join("report.json"))).expect("report");
    assert_eq!(report["calls"].as_array().map(Vec::len), Some(10));

    let code = markdown_plan(&emulator, dir.path(), "drift.md");
    assert_eq!(code, 0, "no drift after the apply");
    let closed = script(dir.path(), &env, &["drift", "drift.md", "0"]);
    assert_eq!(closed.code, 0, "{}", closed.stderr);
    let issue = &api.items(issues)[1];
    assert_eq!(issue["state"], "closed");
    let number = issue["number"].as_u64().expect("a number");
    assert_eq!(api.items(&format!("{issues}/{number}/comments")).len(), 1);
    assert_eq!(
        api.items(issues)[0]["state"],
        "open",
        "other issues untouched"
    );
}

#[test]
fn a_failed_plan_fails_the_job_and_sends_nothing() {
    let emulator = Emulator::start(&[]);
    let api = FakeApi::start(Flavour::GitLab);
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = emulator.quickstart_manifest(dir.path());
    std::fs::write(
        &manifest,
        read(&manifest).replace("version: 1", "version: 9"),
    )
    .expect("manifest written");

    let drift = script(dir.path(), &gitlab_env(&api), &["drift", "drift.md", "1"]);
    assert_eq!(drift.code, 1);
    assert!(
        drift.stderr.contains("the plan exited 1"),
        "{}",
        drift.stderr
    );

    let apply = script(
        dir.path(),
        &gitlab_env(&api),
        &["apply", "-f", "users.yaml"],
    );
    assert_eq!(apply.code, 1);
    assert!(
        apply.stderr.contains("nothing was applied"),
        "{}",
        apply.stderr
    );
    assert!(!dir.path().join("report.json").exists());
    assert!(api.requests().is_empty(), "no API call");
    let writes = emulator
        .log()
        .iter()
        .filter(|entry| {
            entry.to_string().contains("Modify") || entry.to_string().contains("Update")
        })
        .count();
    assert_eq!(writes, 0);
}

/// `usersync validate FILE --annotations github --codequality cq.json` in a copy of the
/// fixture `name`; (stderr annotation lines, the Code Quality report).
fn validate_annotations(name: &str, as_given: impl Fn(&Path) -> String) -> (String, Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join(name);
    std::fs::copy(super::fixtures("ci").join(name), &copy).expect("fixture copied");
    let output = super::usersync()
        .current_dir(dir.path())
        .args(["validate", "-f", &as_given(&copy)])
        .args(["--annotations", "github", "--codequality", "cq.json"])
        .output()
        .expect("usersync runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let annotations: Vec<&str> = stderr.lines().filter(|l| l.starts_with("::")).collect();
    let report = serde_json::from_str(&read(&dir.path().join("cq.json"))).expect("report JSON");
    (annotations.join("\n"), report)
}

#[test]
fn validate_annotates_each_problem_at_its_line_relative_to_the_repository() {
    let name = "bad-phone-and-unknown-key.yaml";
    let (annotations, report) = validate_annotations(name, |_| format!("./{name}"));
    insta::assert_snapshot!(annotations, @r"
    ::error file=bad-phone-and-unknown-key.yaml,line=11,col=12,title=users.alice.phone::found `138 0000 0001`: expected an E.164 number starting with `+`%0Ahint: an E.164 number such as `+8613800000001`
    ::error file=bad-phone-and-unknown-key.yaml,line=15,col=5,title=users.bob.dispaly_name::unknown key `dispaly_name`%0Ahint: did you mean `display_name`? allowed keys: `display_name`, `email`, `phone`, `accounts`
    ");
    let (absolute, same) = validate_annotations(name, |copy| copy.display().to_string());
    assert_eq!(
        absolute, annotations,
        "an absolute path under the cwd is made relative"
    );
    assert_eq!(same, report);
    let entries = report.as_array().expect("an array");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["location"]["path"], name);
    assert_eq!(entries[0]["severity"], "critical");
    assert_eq!(entries[0]["check_name"], "usersync/manifest");
}

#[test]
fn codequality_report_is_written_even_when_the_manifest_is_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = super::usersync()
        .current_dir(dir.path())
        .args(["validate", "-f"])
        .arg(super::fixtures("manifests/ok-four-providers.yaml"))
        .args(["--codequality", "cq.json", "--annotations", "github"])
        .output()
        .expect("usersync runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "no annotation for a valid manifest"
    );
    assert_eq!(read(&dir.path().join("cq.json")), "[]\n");
}
