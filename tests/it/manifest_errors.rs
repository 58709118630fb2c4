//! Every kind of bad input: `usersync validate` exits 1 and names file, line, column, field,
//! what was found and what is allowed.

use super::{fixtures, usersync};

/// Runs `validate` on fixture `name` (relative to the manifests fixture directory) and
/// returns (exit code, stderr).
/// The exit code, the problems (stderr) and the verdict (stdout).
fn validate(name: &str) -> (i32, String, String) {
    let output = usersync()
        .current_dir(fixtures("manifests"))
        .args(["validate", "-f", name])
        .output()
        .expect("usersync runs");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    (output.status.code().unwrap_or(-1), stderr, stdout)
}

/// The problems, then the verdict, which must be the only line on stdout.
fn check_bad(name: &str) -> String {
    let (code, stderr, stdout) = validate(name);
    assert_eq!(code, 1, "{name} should be refused:\n{stderr}");
    assert!(
        stdout.ends_with(" found\n") && stdout.lines().count() == 1,
        "the verdict on stdout: {stdout:?}"
    );
    stderr + &stdout
}

#[test]
fn valid_manifest_passes_with_its_verdict_on_stdout() {
    let output = usersync()
        .current_dir(fixtures("manifests"))
        .args(["validate", "-f", "ok-four-providers.yaml"])
        .output()
        .expect("usersync runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    insta::assert_snapshot!(stdout, @"manifest valid: 4 providers, 4 accounts");
    assert!(output.stderr.is_empty());
}

#[test]
fn unknown_keys_get_a_did_you_mean() {
    insta::assert_snapshot!(check_bad("bad-unknown-key.yaml"));
}

#[test]
fn person_defined_twice_in_one_file_names_both_places() {
    insta::assert_snapshot!(check_bad("bad-person-twice.yaml"));
}

#[test]
fn person_defined_twice_across_files_names_both_files() {
    insta::assert_snapshot!(check_bad("bad-person-twice-across-files"));
}

#[test]
fn account_claimed_by_two_people_names_both() {
    insta::assert_snapshot!(check_bad("bad-account-twice.yaml"));
}

#[test]
fn account_for_an_undeclared_provider() {
    insta::assert_snapshot!(check_bad("bad-undeclared-provider.yaml"));
}

#[test]
fn field_the_provider_type_cannot_hold() {
    insta::assert_snapshot!(check_bad("bad-field-provider-cannot-hold.yaml"));
}

#[test]
fn bad_enum_value_lists_what_is_allowed() {
    insta::assert_snapshot!(check_bad("bad-enum.yaml"));
}

#[test]
fn malformed_email() {
    insta::assert_snapshot!(check_bad("bad-email.yaml"));
}

#[test]
fn malformed_phones_and_numbers_a_provider_cannot_hold() {
    insta::assert_snapshot!(check_bad("bad-phone.yaml"));
}

#[test]
fn yaml_syntax_error_is_located() {
    insta::assert_snapshot!(check_bad("bad-syntax.yaml"));
}

#[test]
fn provider_configuration_problems() {
    insta::assert_snapshot!(check_bad("bad-provider-config.yaml"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let stderr = check_bad("bad-many-problems.yaml");
    assert!(stderr.contains("5 problems found"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn missing_credential_variable_is_reported_at_plan_time() {
    let output = usersync()
        .current_dir(fixtures("manifests"))
        .args(["plan", "-f", "ok-four-providers.yaml"])
        .output()
        .expect("usersync runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        stderr.contains("ok-four-providers.yaml:4:3: providers.tencent-ccc:"),
        "{stderr}"
    );
    assert!(stderr.contains("TENCENTCLOUD_SECRET_ID"), "{stderr}");
    assert!(stderr.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{stderr}");
}
