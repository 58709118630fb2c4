//! End-to-end: providers that cannot be reached. A plan against a refused port and an
//! unresolvable host fails with one error per provider naming its host; an emulator killed in
//! the middle of an apply of a few hundred changes makes usersync give up that provider after
//! a bounded number of attempts, report its remaining calls as not sent and finish the other
//! provider's calls. Counts come from the report and the emulators, never from the clock.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

use super::emulator_process::{ACS_ID, ACS_SECRET, Emulator, TC_ID, TC_KEY};

const PEOPLE: usize = 150;
/// The killed provider's pace: its 150 calls would take 7.5 s, so killing it after
/// `KILL_AFTER` applied calls leaves most of them unsent.
const TENCENT_RATE: u32 = 20;
const ALIBABA_RATE: u32 = 40;
const KILL_AFTER: usize = 30;
/// Calls in flight per provider.
const CONCURRENCY: u64 = 4;
const EIAM: &str = "idaas_ue2jvisn35ea5lmthk267example";

/// The credentials both emulators accept, and their limits.
fn seed_head() -> String {
    format!(
        "credentials:\n  tencent:\n    - {{secret_id: {TC_ID}, secret_key: {TC_KEY}, account: \"100000000001\"}}\n  \
         alibaba:\n    - {{access_key_id: {ACS_ID}, access_key_secret: {ACS_SECRET}, account: \"1234567890123456\"}}\n\
         rate_limits:\n  tencent_per_second: {TENCENT_RATE}\n  alibaba_per_second: {ALIBABA_RATE}\n"
    )
}

fn tencent_seed() -> String {
    let mut seed = seed_head() + "tencent_ccc:\n  - sdk_app_id: 1400000001\n    staff:\n";
    for n in 1..=PEOPLE {
        let _ = writeln!(seed, "      - {{mail: p{n}@example.com, name: Person {n}}}");
    }
    seed
}

fn alibaba_seed() -> String {
    let mut seed = seed_head() + &format!("alibaba_eiam:\n  - instance_id: {EIAM}\n    users:\n");
    for n in 1..=PEOPLE {
        let _ = writeln!(
            seed,
            "      - {{user_id: user_{n:06}, username: p{n}, display_name: Person {n}, email: p{n}@example.com, email_verified: true}}"
        );
    }
    seed
}

/// Every display name changes on both providers: `PEOPLE` calls each.
fn manifest(ccc: &str, eiam: &str) -> String {
    let mut manifest = format!(
        "version: 1\nproviders:\n  ccc:\n    type: tencent-ccc\n    sdk_app_id: 1400000001\n    endpoint: http://{ccc}\n    \
         rate_limit: {{ModifyStaff: {TENCENT_RATE}}}\n  \
         eiam:\n    type: alibaba-eiam\n    instance_id: {EIAM}\n    endpoint: http://{eiam}\n    \
         rate_limit: {{UpdateUser: {ALIBABA_RATE}, ListUsers: {ALIBABA_RATE}}}\nusers:\n"
    );
    for n in 1..=PEOPLE {
        let _ = writeln!(
            manifest,
            "  p{n}:\n    display_name: Person {n} Renamed\n    email: p{n}@example.com\n    \
             accounts:\n      ccc: {{}}\n      eiam: {{user_name: p{n}}}"
        );
    }
    manifest
}

/// `usersync` as a child process (assert_cmd runs to the end; this test reads stderr while
/// the apply runs) with the emulators' credentials.
fn usersync(args: &[&str]) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("usersync"));
    command
        .env_clear()
        .env("NO_COLOR", "1")
        .env("TENCENTCLOUD_SECRET_ID", TC_ID)
        .env("TENCENTCLOUD_SECRET_KEY", TC_KEY)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", ACS_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ACS_SECRET)
        .args(args);
    command
}

/// The calls of `provider` in the report.
fn calls<'a>(report: &'a Value, provider: &str) -> Vec<&'a Value> {
    report["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .filter(|call| call["provider"] == provider)
        .collect()
}

fn status(call: &Value) -> &str {
    call["outcome"]["status"].as_str().unwrap_or("?")
}

#[test]
fn a_provider_killed_mid_apply_is_given_up_and_the_other_one_finishes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        path
    };
    let ccc = Emulator::start_with_seed(
        &write("ccc-seed.yaml", tencent_seed()),
        &["--latency-ms", "300"],
    );
    let eiam = Emulator::start_with_seed(&write("eiam-seed.yaml", alibaba_seed()), &[]);
    let ccc_host = ccc.addr.clone();
    let manifest = write("users.yaml", manifest(&ccc.addr, &eiam.addr));
    let report_path = dir.path().join("report.json");
    let concurrency = CONCURRENCY.to_string();
    let mut child = usersync(&[
        "-v",
        "apply",
        "-f",
        manifest.to_str().expect("utf-8"),
        "--auto-approve",
        "--max-changes",
        "1000",
        "--concurrency",
        &concurrency,
        "--report",
        report_path.to_str().expect("utf-8"),
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("usersync starts");

    // `-v` logs every call as it ends: kill the CCC emulator once it has applied KILL_AFTER.
    let stderr = BufReader::new(child.stderr.take().expect("piped"));
    let mut ccc = Some(ccc);
    let mut applied_before_kill = 0;
    let mut log = Vec::new();
    for line in stderr.lines() {
        let line = line.expect("stderr is text");
        if ccc.is_some() && line.contains("applied provider=ccc ") {
            applied_before_kill += 1;
            if applied_before_kill == KILL_AFTER {
                drop(ccc.take()); // kills the process
            }
        }
        log.push(line);
    }
    let log = log.join("\n");
    let code = child.wait().expect("usersync ends").code();
    assert!(ccc.is_none(), "the apply ended before the kill:\n{log}");
    assert_eq!(code, Some(1), "{log}");

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report written"))
            .expect("report JSON");
    let ccc_calls = calls(&report, "ccc");
    let count = |wanted: &str| ccc_calls.iter().filter(|c| status(c) == wanted).count();
    let (applied, failed, not_sent) = (count("applied"), count("failed"), count("not-sent"));
    assert_eq!(ccc_calls.len(), PEOPLE);
    assert_eq!(
        applied + failed + not_sent,
        PEOPLE,
        "nothing skipped: {log}"
    );
    assert!(applied >= KILL_AFTER, "{applied}");
    // Only calls whose request may have gone out before the kill (in flight, or on a
    // connection that was already closing) are failures; the rest were never sent.
    assert!(failed as u64 <= 2 * CONCURRENCY, "{failed} failed\n{log}");
    assert!(
        not_sent >= PEOPLE - KILL_AFTER - 20,
        "{not_sent} not sent\n{log}"
    );
    // The summary says it without scanning the calls (the other provider's are applied).
    let summary = &report["summary"];
    assert_eq!(summary["succeeded"], false, "{summary}");
    assert_eq!(summary["not_sent"], not_sent, "{summary}");
    assert_eq!(summary["failed"], failed, "{summary}");
    for call in ccc_calls.iter().filter(|c| status(c) == "not-sent") {
        let reason = call["outcome"]["reason"].as_str().expect("reason");
        assert!(
            reason.contains(&format!("`{ccc_host}` is unreachable")),
            "{reason}"
        );
    }
    // Bounded attempts: each round of calls in flight fails to connect once until the
    // breaker opens (3 rounds), plus the attempts cut by the kill. Before, every one of the
    // remaining calls made 8 attempts over a minute of backoff.
    let wasted: u64 = ccc_calls
        .iter()
        .filter(|c| status(c) != "applied")
        .map(|c| c["attempts"].as_u64().expect("attempts"))
        .sum();
    assert!(wasted <= CONCURRENCY * 5, "{wasted} attempts\n{log}");

    // The other provider went on to the end.
    let eiam_calls = calls(&report, "eiam");
    assert_eq!(eiam_calls.len(), PEOPLE);
    assert!(eiam_calls.iter().all(|c| status(c) == "applied"), "{log}");
    let state = eiam.state();
    let users = state["alibaba_eiam"][0]["users"].as_array().expect("users");
    assert_eq!(
        users
            .iter()
            .filter(|u| u["display_name"]
                .as_str()
                .is_some_and(|n| n.ends_with("Renamed")))
            .count(),
        PEOPLE
    );

    // One warning for the dead provider, and no flood of retry warnings.
    let opened = log
        .lines()
        .filter(|l| l.contains("provider `ccc` is unreachable"))
        .count();
    assert_eq!(opened, 1, "{log}");
    let retrying = log.lines().filter(|l| l.contains("retrying")).count();
    assert!(retrying <= 2, "{retrying} retry warnings\n{log}");
}

#[test]
fn a_plan_against_unreachable_providers_names_each_host_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("binds")
        .local_addr()
        .expect("address")
        .port();
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = dir.path().join("users.yaml");
    std::fs::write(
        &manifest,
        format!(
            "version: 1\nproviders:\n  cc-prod:\n    type: tencent-ccc\n    sdk_app_id: 1400000001\n    \
             endpoint: http://127.0.0.1:{port}\n  identity:\n    type: alibaba-eiam\n    instance_id: {EIAM}\n    \
             endpoint: http://nonexistent.invalid\nusers:\n  alice:\n    display_name: Alice\n    \
             email: alice@example.com\n    accounts:\n      cc-prod: {{}}\n      identity: {{user_name: alice}}\n"
        ),
    )
    .expect("manifest written");
    let output = usersync(&[
        "plan",
        "-f",
        manifest.to_str().expect("utf-8"),
        "--connect-timeout",
        "2",
    ])
    .output()
    .expect("usersync runs");
    let stderr = String::from_utf8_lossy(&output.stderr).replace(&port.to_string(), "PORT");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert_eq!(
        errors[0],
        "error: reading the current state of `cc-prod`: cc-prod `DescribeStaffInfoList`: not sent: `127.0.0.1:PORT` is unreachable (connection refused)"
    );
    assert!(
        errors[1].starts_with(
            "error: reading the current state of `identity`: identity `ListUsers`: not sent: `nonexistent.invalid` is unreachable (the name"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("\nhint: check the network"), "{stderr}");
    let warnings = stderr.lines().filter(|line| line.contains("WARN")).count();
    assert_eq!(warnings, 2, "one line per provider:\n{stderr}");
}

#[test]
fn a_bad_timeout_is_refused_before_anything_is_sent() {
    let manifest = super::fixtures("../../examples/quickstart/users.yaml");
    let flag = super::usersync()
        .args([
            "plan",
            "-f",
            manifest.to_str().expect("utf-8"),
            "--timeout",
            "0",
        ])
        .output()
        .expect("usersync runs");
    assert_eq!(
        flag.status.code(),
        Some(1),
        "a usage error is an error, not \"changes\""
    );
    let stderr = String::from_utf8_lossy(&flag.stderr);
    assert!(
        stderr.contains("invalid value '0' for '--timeout <SECS>': expected more than 0 seconds"),
        "{stderr}"
    );
    let variable = super::usersync()
        .env("USERSYNC_CONNECT_TIMEOUT", "soon")
        .args(["plan", "-f", manifest.to_str().expect("utf-8")])
        .output()
        .expect("usersync runs");
    assert_eq!(variable.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&variable.stderr), @r"
    error: environment variable `USERSYNC_CONNECT_TIMEOUT`: expected a number of seconds such as `5` or `0.5`, found `soon`
    ");
}
