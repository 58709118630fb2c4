//! Fault injection (reproducible from a seed, dropped connections) and the request log.

use serde_json::json;
use usersync_emulator::{FaultOptions, Options, Seed};

use super::{CCC, EIAM, EIAM_ID, QUICKSTART, TC_KEY, quickstart, start, with_faults};

const LIST: fn() -> serde_json::Value =
    || json!({"SdkAppId": 1_400_000_001u64, "PageSize": 1, "PageNumber": 0});

/// What 30 reads met, as (status or "dropped", code).
async fn run(seed: u64) -> Vec<(Option<u16>, String)> {
    let faults = FaultOptions {
        seed,
        error_rate: 0.2,
        throttle_rate: 0.1,
        throttle_burst: 2,
        latency_ms: 0,
        drop_rate: 0.1,
        max_faults_in_a_row: None,
    };
    let emulator = start(Seed::from_yaml(QUICKSTART).unwrap(), with_faults(faults)).await;
    let mut seen = Vec::new();
    for i in 0..30 {
        emulator.clock.advance_ms(100 * i64::from(i > 0));
        let reply = emulator.tencent(CCC, "DescribeStaffInfoList", LIST()).await;
        seen.push((reply.status, reply.code()));
    }
    seen
}

#[tokio::test]
async fn the_same_fault_seed_gives_the_same_faults() {
    let first = run(42).await;
    assert_eq!(first, run(42).await);
    assert_ne!(first, run(43).await);
    for wanted in ["", "InternalError", "RequestLimitExceeded"] {
        assert!(
            first.iter().any(|(_, code)| code == wanted),
            "{wanted}: {first:?}"
        );
    }
    assert!(
        first.iter().any(|(status, _)| status.is_none()),
        "a dropped connection: {first:?}"
    );
}

/// Retries are signed again (new time, new nonce) and still count as the same request; a
/// different request keeps its own count.
#[tokio::test]
async fn a_request_refused_as_often_as_allowed_gets_through_on_its_next_signed_retry() {
    let faults = FaultOptions {
        error_rate: 1.0,
        max_faults_in_a_row: Some(2),
        ..FaultOptions::default()
    };
    let emulator = start(Seed::from_yaml(QUICKSTART).unwrap(), with_faults(faults)).await;
    let mut tencent = Vec::new();
    let mut alibaba = Vec::new();
    for _ in 0..3 {
        emulator.clock.advance_ms(1_000);
        tencent.push(
            emulator
                .tencent(CCC, "DescribeStaffInfoList", LIST())
                .await
                .code(),
        );
        let list = [
            ("InstanceId", EIAM_ID),
            ("PageNumber", "1"),
            ("PageSize", "10"),
        ];
        alibaba.push(emulator.alibaba(EIAM, "ListUsers", &list).await.code());
    }
    assert_eq!(tencent, ["InternalError", "InternalError", ""]);
    assert_eq!(alibaba, ["InternalError", "InternalError", ""]);
}

#[tokio::test]
async fn a_dropped_connection_answers_nothing_and_changes_nothing() {
    let faults = FaultOptions {
        drop_rate: 1.0,
        ..FaultOptions::default()
    };
    let emulator = start(Seed::from_yaml(QUICKSTART).unwrap(), with_faults(faults)).await;
    let before = emulator.state().await;
    let body = json!({"SdkAppId": 1_400_000_001u64, "Email": "alice@example.com", "Name": "Never"});
    let reply = emulator.tencent(CCC, "ModifyStaff", body).await;
    assert_eq!(reply.status, None);
    assert_eq!(emulator.state().await, before);
    let log = emulator.get("/_emulator/log").await;
    assert_eq!(
        (log[0]["verdict"].as_str(), log[0]["fault"].as_str()),
        (Some("dropped"), Some("drop"))
    );
}

#[tokio::test]
async fn the_request_log_holds_calls_and_no_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("requests.jsonl");
    let options = Options {
        log_path: Some(path.clone()),
        ..super::pinned()
    };
    let emulator = start(Seed::from_yaml(QUICKSTART).unwrap(), options).await;
    emulator.tencent(CCC, "DescribeStaffInfoList", LIST()).await;
    emulator
        .tencent(
            CCC,
            "ModifyStaff",
            json!({"SdkAppId": 1_400_000_001u64, "Email": "nobody@example.com"}),
        )
        .await;
    emulator
        .alibaba(super::ACCC, "ListRoles", &[("InstanceId", "ccc-test")])
        .await;
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        (lines[0]["provider"].as_str(), lines[0]["verdict"].as_str()),
        (Some("tencent_ccc"), Some("ok"))
    );
    assert_eq!(
        lines[1]["error_code"],
        "InvalidParameterValue.AccountNotExist"
    );
    assert_eq!(
        (
            lines[2]["provider"].as_str(),
            lines[2]["params"]["InstanceId"].as_str()
        ),
        (Some("alibaba_ccc"), Some("ccc-test"))
    );
    assert_eq!(lines[0]["time"], "2024-12-31T23:33:20Z");
    for secret in [TC_KEY, super::ACS_SECRET, "Signature", "TC3-HMAC"] {
        assert!(!text.contains(secret), "{secret} leaked into the log");
    }
    let quick = quickstart().await;
    assert!(
        !quick.state().await.to_string().contains(TC_KEY),
        "the state holds no keys"
    );
}
