//! End-to-end: a few hundred changes over two providers against the emulator with 10% injected
//! server errors and throttling bursts. The apply converges, the emulator saw no throttling of
//! usersync's own making (only the injected kind), the JSON report accounts for every call, and
//! the accounts hold what the manifest says.

use std::fmt::Write;

use serde_json::Value;

use super::emulator_process::{ACS_ID, ACS_SECRET, Emulator, TC_ID, TC_KEY};

const PEOPLE: usize = 120;
/// Alibaba's limit in the emulator and in the manifest: above the default, to keep it quick.
const ALIBABA_RATE: u32 = 40;
const EIAM: &str = "idaas_ue2jvisn35ea5lmthk267example";

/// The seed: `PEOPLE` Tencent CCC agents and EIAM users, every one with an old display name;
/// the first three agents hold phones the manifest passes along (1's to 2, 2's to 3).
fn seed() -> String {
    let mut seed = format!(
        "credentials:\n  tencent:\n    - {{secret_id: {TC_ID}, secret_key: {TC_KEY}, account: \"100000000001\"}}\n  \
         alibaba:\n    - {{access_key_id: {ACS_ID}, access_key_secret: {ACS_SECRET}, account: \"1234567890123456\"}}\n\
         rate_limits:\n  tencent_per_second: 20\n  alibaba_per_second: {ALIBABA_RATE}\n\
         tencent_ccc:\n  - sdk_app_id: 1400000001\n    staff:\n"
    );
    for n in 1..=PEOPLE {
        let phone = if n <= 3 {
            format!(", phone: \"00861380000{n:04}\"")
        } else {
            String::new()
        };
        let _ = writeln!(
            seed,
            "      - {{mail: p{n}@example.com, name: Person {n}{phone}}}"
        );
    }
    let _ = write!(seed, "alibaba_eiam:\n  - instance_id: {EIAM}\n    users:\n");
    for n in 1..=PEOPLE {
        let _ = writeln!(
            seed,
            "      - {{user_id: user_{n:06}, username: p{n}, display_name: Person {n}, email: p{n}@example.com, email_verified: true}}"
        );
    }
    seed
}

/// The manifest: every display name changes; agent 1 takes a new phone, 2 takes 1's, 3 takes 2's.
fn manifest(addr: &str) -> String {
    let mut manifest = format!(
        "version: 1\nproviders:\n  ccc:\n    type: tencent-ccc\n    sdk_app_id: 1400000001\n    endpoint: http://{addr}\n  \
         eiam:\n    type: alibaba-eiam\n    instance_id: {EIAM}\n    endpoint: http://{addr}\n    \
         rate_limit: {{UpdateUser: {ALIBABA_RATE}, ListUsers: {ALIBABA_RATE}, GetUser: {ALIBABA_RATE}}}\nusers:\n"
    );
    for n in 1..=PEOPLE {
        let phone = match n {
            1 => "\n    phone: \"+8613800009999\"".to_string(),
            2 | 3 => format!("\n    phone: \"+861380000{:04}\"", n - 1),
            _ => String::new(),
        };
        let _ = writeln!(
            manifest,
            "  p{n}:\n    display_name: Person {n} Renamed\n    email: p{n}@example.com{phone}\n    \
             accounts:\n      ccc: {{}}\n      eiam: {{user_name: p{n}}}"
        );
    }
    manifest
}

/// Runs usersync once: every call, reads included, must get through the injected faults on
/// its own retries (up to 8 attempts within 60 s).
fn run(emulator: &Emulator, args: &[&str]) -> (i32, String, String) {
    let output = emulator
        .usersync()
        .args(args)
        .output()
        .expect("usersync runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn is_throttle(entry: &Value) -> bool {
    let code = entry["error_code"].as_str().unwrap_or_default();
    code.starts_with("RequestLimitExceeded") || code.starts_with("Throttling")
}

#[test]
fn hundreds_of_changes_converge_through_faults_without_self_inflicted_throttling() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed_path = dir.path().join("seed.yaml");
    std::fs::write(&seed_path, seed()).expect("seed written");
    let emulator = Emulator::start_with_seed(
        &seed_path,
        &[
            "--error-rate",
            "0.1",
            "--throttle-rate",
            "0.05",
            "--fault-seed",
            "11",
            // Which request meets which fault depends on the order requests arrive in; without
            // a bound, one call in a few hundred runs meets six in a row and usersync rightly
            // gives up on it (seen once in CI). Three in a row at most keeps every call within
            // its retries, so the test asserts convergence, not luck.
            "--max-faults-in-a-row",
            "3",
        ],
    );
    let manifest_path = dir.path().join("users.yaml");
    std::fs::write(&manifest_path, manifest(&emulator.addr)).expect("manifest written");
    let manifest = manifest_path.to_str().expect("utf-8 path");
    let report_path = dir.path().join("report.json");
    let report_arg = report_path.to_str().expect("utf-8 path");

    let (code, stdout, stderr) = run(&emulator, &["plan", "-f", manifest, "--format", "json"]);
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    let plan: Value = serde_json::from_str(&stdout).expect("plan JSON");
    let planned = plan["changes"].as_array().expect("changes").len();
    assert_eq!(planned, 2 * PEOPLE);

    let apply = [
        "apply",
        "-f",
        manifest,
        "--auto-approve",
        "--max-changes",
        "1000",
        "--report",
        report_arg,
    ];
    let (code, stdout, stderr) = run(&emulator, &apply);
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report written"))
            .expect("report JSON");
    check_report(&report, planned);
    let failed: Vec<&Value> = report["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .filter(|c| c["outcome"]["status"] != "applied")
        .collect();
    assert!(
        failed.is_empty(),
        "calls not applied: {failed:#?}\n{stderr}"
    );
    assert_eq!(
        report["summary"],
        serde_json::json!({"succeeded": true, "applied": planned, "already_applied": 0,
            "failed": 0, "not_sent": 0, "skipped": 0, "problems": 0})
    );
    assert_eq!(code, 0, "apply:\n{stdout}\n{stderr}");
    assert!(stdout.contains("applied"), "{stdout}\n{stderr}");

    let (code, stdout, stderr) = run(&emulator, &["plan", "-f", manifest]);
    assert_eq!(code, 0, "converged:\n{stdout}\n{stderr}");

    let log = emulator.log();
    let injected = log.iter().filter(|e| e["fault"] == "throttle").count();
    let errors = log.iter().filter(|e| e["fault"] == "server_error").count();
    assert!(injected > 0 && errors > 0, "faults were injected");
    let own: Vec<&Value> = log
        .iter()
        .filter(|e| is_throttle(e) && e["fault"].is_null())
        .collect();
    assert!(own.is_empty(), "usersync exceeded a limit: {own:?}");
    let state = emulator.state();
    let staff = &state["tencent_ccc"][0]["staff"];
    assert_eq!(staff[1]["phone"], "008613800000001", "2 took 1's phone");
    assert_eq!(
        staff[PEOPLE - 1]["name"],
        format!("Person {PEOPLE} Renamed")
    );
}

/// Every planned call is in the report once, with an outcome; sent calls carry their attempts
/// and the applied ones a request id; retries happened.
fn check_report(report: &Value, planned: usize) {
    let calls = report["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), planned);
    let mut ids: Vec<u64> = calls.iter().filter_map(|c| c["id"].as_u64()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), planned, "each call once");
    for call in calls {
        match call["outcome"]["status"].as_str() {
            Some("applied") => {
                assert!(call["attempts"].as_u64() >= Some(1), "{call}");
                assert!(call["request_id"].is_string(), "{call}");
            }
            Some("failed") => assert!(call["attempts"].as_u64() >= Some(1), "{call}"),
            Some("skipped") => assert!(call["outcome"]["reason"].is_string(), "{call}"),
            other => panic!("unknown outcome {other:?}: {call}"),
        }
    }
    assert!(
        calls.iter().any(|c| c["attempts"].as_u64() > Some(1)),
        "some calls were retried"
    );
}
