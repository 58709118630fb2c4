//! Tencent CCC and CIC through the recording server.

use serde_json::json;
use usersync::model::{AccountKey, Field, FieldKind, ProviderType, Value};
use usersync::state::FetchNeeds;

use super::connect;
use super::server::{Answer, Server, verify_tencent};

const CIC_PAGE1: &str = include_str!("../../fixtures/wire/tencent_cic/ListUsers-page1.json");
const CIC_PAGE2: &str = include_str!("../../fixtures/wire/tencent_cic/ListUsers-page2-last.json");
const STAFF: &str = include_str!("../../fixtures/wire/tencent_ccc/DescribeStaffInfoList-ok.json");
const METRICS: &str =
    include_str!("../../fixtures/wire/tencent_ccc/DescribeStaffStatusMetrics-ok.json");
const GROUPS: &str =
    include_str!("../../fixtures/wire/tencent_ccc/DescribeSkillGroupInfoList-ok.json");
const EMAIL_EXISTS: &str =
    include_str!("../../fixtures/wire/tencent_cic/UpdateUser-error-email-exists.json");

fn needs(fields: &[Field], accounts: &[AccountKey]) -> FetchNeeds {
    FetchNeeds::each(accounts, fields.iter().cloned())
}

#[tokio::test]
async fn cic_follows_the_token_chain_and_signs_every_page() {
    let server = Server::start(|request, _| match request.json().get("NextToken") {
        None => Answer::fixture(CIC_PAGE1),
        Some(_) => Answer::fixture(CIC_PAGE2),
    })
    .await;
    let client = connect(ProviderType::TencentCic, &server.endpoint);
    let observed = client.fetch(&FetchNeeds::default()).await.expect("fetches");

    let received = server.received();
    assert_eq!(server.actions(), ["ListUsers", "ListUsers"]);
    for request in &received {
        verify_tencent(request, "organization", &server.host);
        assert_eq!(request.header("x-tc-version"), "2021-03-31");
    }
    assert_eq!(
        received[0].json(),
        json!({"ZoneId": "z-1a2b3c4d5e", "MaxResults": 100})
    );
    assert_eq!(
        received[1].json(),
        json!({"ZoneId": "z-1a2b3c4d5e", "MaxResults": 100,
               "NextToken": "OTM0YzE4MzY2ZjdhMWM0MYZDhnYaxsiYTLI="})
    );
    assert_ne!(
        received[0].header("x-tc-timestamp"),
        received[1].header("x-tc-timestamp")
    );
    assert_eq!(observed.read_calls, 2);
    let ids: Vec<&str> = observed
        .accounts
        .iter()
        .map(|a| a.remote_id.as_str())
        .collect();
    assert_eq!(ids, ["u-9f8e7d6c5b", "u-0a1b2c3d4e", "u-5e6f7a8b9c"]);
    assert!(observed.accounts[1].locked.is_some(), "bob is Synchronized");
}

fn staff_server() -> impl Fn(&super::server::Received, usize) -> Answer + Send + Sync {
    |request, _| match request.action() {
        "DescribeStaffInfoList" => Answer::fixture(STAFF),
        "DescribeStaffStatusMetrics" => Answer::fixture(METRICS),
        "DescribeSkillGroupInfoList" => Answer::fixture(GROUPS),
        other => panic!("unexpected action {other}"),
    }
}

#[tokio::test]
async fn tencent_ccc_reads_only_the_list_when_no_extra_field_is_managed() {
    let server = Server::start(staff_server()).await;
    let client = connect(ProviderType::TencentCcc, &server.endpoint);
    let alice = AccountKey::Email("alice@example.com".into());
    let needs = needs(&[Field::known(FieldKind::Nick)], &[alice]);
    let observed = client.fetch(&needs).await.expect("fetches");
    assert_eq!(server.actions(), ["DescribeStaffInfoList"]);
    assert_eq!(
        server.received()[0].json(),
        json!({"SdkAppId": 1400000001u64, "PageSize": 9999, "PageNumber": 0})
    );
    assert_eq!(observed.read_calls, 1);
    assert!(observed.catalog.skill_groups.is_empty());
}

#[tokio::test]
async fn tencent_ccc_reads_mobile_switches_for_managed_agents_and_skill_groups() {
    let server = Server::start(staff_server()).await;
    let client = connect(ProviderType::TencentCcc, &server.endpoint);
    let alice = AccountKey::Email("alice@example.com".into());
    let needs = needs(
        &[
            Field::known(FieldKind::UseMobileAccept),
            Field::known(FieldKind::SkillGroups),
        ],
        &[alice],
    );
    let observed = client.fetch(&needs).await.expect("fetches");
    assert_eq!(
        server.actions(),
        [
            "DescribeStaffInfoList",
            "DescribeStaffStatusMetrics",
            "DescribeSkillGroupInfoList"
        ]
    );
    let received = server.received();
    for request in &received {
        verify_tencent(request, "ccc", &server.host);
    }
    assert_eq!(
        received[1].json(),
        json!({"SdkAppId": 1400000001u64, "StaffList": ["alice@example.com"]})
    );
    assert_eq!(
        received[2].json(),
        json!({"SdkAppId": 1400000001u64, "PageSize": 100, "PageNumber": 0})
    );
    assert_eq!(observed.read_calls, 3);
    let alice = &observed.accounts[0];
    assert_eq!(
        alice.fields.get(&Field::known(FieldKind::UseMobileAccept)),
        Some(&Value::text("when-offline"))
    );
    assert_eq!(
        alice.fields.get(&Field::known(FieldKind::UseMobileCallOut)),
        Some(&Value::Bool(true))
    );
    assert_eq!(
        alice.fields.get(&Field::known(FieldKind::Phone)),
        Some(&Value::text("+8613800000001"))
    );
    let bob = &observed.accounts[1];
    assert!(
        !bob.fields
            .contains_key(&Field::known(FieldKind::UseMobileAccept))
    );
    let groups: Vec<(&str, &str)> = observed
        .catalog
        .skill_groups
        .iter()
        .map(|entry| (entry.id.as_str(), entry.name.as_str()))
        .collect();
    assert_eq!(groups, [("101", "Tier-1 Voice"), ("102", "Tier-2 Voice")]);
}

#[tokio::test]
async fn a_tencent_error_in_an_http_200_body_is_detected_and_not_retried() {
    let server = Server::start(|_, _| Answer::fixture(EMAIL_EXISTS)).await;
    let client = connect(ProviderType::TencentCic, &server.endpoint);
    let change = super::retries::change(
        "tencent-cic",
        "UpdateUser",
        json!({"ZoneId": "z-1a2b3c4d5e", "UserId": "u-9f8e7d6c5b", "NewEmail": "bob@example.com"}),
    );
    let error = client.write(&change).await.expect_err("fails").error;
    assert_eq!(error.code(), Some("InvalidParameter.EmailAlreadyExists"));
    assert!(error.request_id().is_some());
    assert_eq!(server.actions(), ["UpdateUser"]);
    assert!(client.sleeps.lock().unwrap().is_empty());
    let request = &server.received()[0];
    verify_tencent(request, "organization", &server.host);
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        r#"{"ZoneId":"z-1a2b3c4d5e","UserId":"u-9f8e7d6c5b","NewEmail":"bob@example.com"}"#
    );
}
