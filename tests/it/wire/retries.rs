//! Retries: throttled and transient answers are retried, each attempt re-signed with a fresh
//! timestamp and nonce and honouring `x-acs-retry-after`; permanent errors are not; attempts
//! are bounded.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value as Json, json};
use usersync::model::{Origin, ProviderType};
use usersync::plan::Change;

use super::connect;
use super::server::{Answer, Server, verify_alibaba, verify_tencent};

const EIAM_THROTTLED: &str =
    include_str!("../../fixtures/wire/alibaba_eiam/UpdateUser-throttled.json");
const EIAM_OK: &str = include_str!("../../fixtures/wire/alibaba_eiam/UpdateUser-ok.json");
const CCC_THROTTLED: &str =
    include_str!("../../fixtures/wire/tencent_ccc/ModifyStaff-throttled.json");
const CCC_OK: &str = include_str!("../../fixtures/wire/tencent_ccc/ModifyStaff-ok.json");
const ROLE_MISSING: &str =
    include_str!("../../fixtures/wire/alibaba_ccc/ModifyUser-error-role-not-exist.json");

/// A planned write call with these parameters.
pub fn change(provider: &str, action: &str, params: Json) -> Change {
    Change {
        id: 1,
        provider: provider.into(),
        action: action.into(),
        person: "alice".into(),
        account: "alice".into(),
        remote_id: "alice".into(),
        fields: Vec::new(),
        params: params.as_object().cloned().expect("object"),
        after: Vec::new(),
        observed: BTreeMap::new(),
        origin: Origin::default(),
        pending: false,
    }
}

#[tokio::test]
async fn alibaba_throttling_is_retried_after_the_advertised_wait_with_a_fresh_signature() {
    let server = Server::start(|_, index| {
        Answer::fixture(if index == 0 { EIAM_THROTTLED } else { EIAM_OK })
    })
    .await;
    let client = connect(ProviderType::AlibabaEiam, &server.endpoint);
    let change = change(
        "alibaba-eiam",
        "UpdateUser",
        json!({"InstanceId": "idaas_x", "UserId": "user_1",
               "CustomFields": [{"FieldName": "nick_name", "FieldValue": "ali", "Operation": "replace"}]}),
    );
    let outcome = client.write(&change).await.expect("applies");
    assert_eq!(outcome.attempts, 2);
    assert_eq!(
        outcome.request_id.as_deref(),
        Some(
            EIAM_OK
                .split("\"RequestId\": \"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        )
    );
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        verify_alibaba(request, &server.host);
        assert_eq!(
            request.query,
            "CustomFields.1.FieldName=nick_name&CustomFields.1.FieldValue=ali&CustomFields.1.Operation=replace&InstanceId=idaas_x&UserId=user_1"
        );
    }
    assert_ne!(
        received[0].header("x-acs-signature-nonce"),
        received[1].header("x-acs-signature-nonce")
    );
    assert_ne!(
        received[0].header("x-acs-date"),
        received[1].header("x-acs-date")
    );
    assert_ne!(
        received[0].header("authorization"),
        received[1].header("authorization")
    );
    // The fixture's x-acs-retry-after (milliseconds) replaces the backoff delay.
    assert_eq!(*client.sleeps.lock().unwrap(), [Duration::from_millis(500)]);
}

#[tokio::test]
async fn tencent_throttling_in_an_http_200_body_is_retried_and_re_signed() {
    let server =
        Server::start(|_, index| Answer::fixture(if index < 2 { CCC_THROTTLED } else { CCC_OK }))
            .await;
    let client = connect(ProviderType::TencentCcc, &server.endpoint);
    let change = change(
        "tencent-ccc",
        "ModifyStaff",
        json!({"SdkAppId": 1400000001u64, "Email": "alice@example.com", "Nick": "ali"}),
    );
    let outcome = client.write(&change).await.expect("applies");
    assert_eq!(outcome.attempts, 3);
    let received = server.received();
    assert_eq!(received.len(), 3);
    for request in &received {
        verify_tencent(request, "ccc", &server.host);
    }
    let stamps: std::collections::BTreeSet<&str> = received
        .iter()
        .map(|r| r.header("x-tc-timestamp"))
        .collect();
    assert_eq!(stamps.len(), 3, "every attempt is signed at its own time");
    let sleeps = client.sleeps.lock().unwrap().clone();
    assert_eq!(sleeps.len(), 2);
    assert!(
        sleeps
            .iter()
            .all(|d| *d >= Duration::from_millis(100) && *d <= Duration::from_secs(2))
    );
}

#[tokio::test]
async fn server_errors_are_retried_until_the_attempts_run_out() {
    let server = Server::start(|_, _| Answer {
        status: 503,
        headers: Vec::new(),
        body: json!({"RequestId": "R", "Code": "ServiceUnavailable", "Message": "busy"}),
    })
    .await;
    let client = connect(ProviderType::AlibabaCcc, &server.endpoint);
    let change = change(
        "alibaba-ccc",
        "ModifyUser",
        json!({"InstanceId": "ccc-test", "UserId": "alice@ccc-test", "WorkMode": "ON_SITE"}),
    );
    let failure = client.write(&change).await.expect_err("gives up");
    assert_eq!(failure.attempts, 5, "a failure reports its attempts too");
    let error = failure.error;
    assert_eq!(error.code(), Some("ServiceUnavailable"));
    assert_eq!(server.received().len(), 5);
    assert_eq!(client.sleeps.lock().unwrap().len(), 4);
}

#[tokio::test]
async fn a_permanent_alibaba_error_is_not_retried() {
    let server = Server::start(|_, _| Answer::fixture(ROLE_MISSING)).await;
    let client = connect(ProviderType::AlibabaCcc, &server.endpoint);
    let change = change(
        "alibaba-ccc",
        "ModifyUser",
        json!({"InstanceId": "ccc-test", "UserId": "alice@ccc-test", "WorkMode": "ON_SITE",
               "RoleId": "Manager@ccc-test"}),
    );
    let failure = client.write(&change).await.expect_err("fails");
    assert_eq!(failure.attempts, 1);
    let error = failure.error;
    assert_eq!(error.code(), Some("NotExists.RoleId"));
    assert_eq!(server.received().len(), 1);
    assert!(client.sleeps.lock().unwrap().is_empty());
    let message = error.to_string();
    assert!(
        message.contains("alibaba-ccc") && message.contains("ModifyUser"),
        "{message}"
    );
}

#[tokio::test]
async fn a_page_that_cannot_be_read_fails_the_fetch_once_without_a_retry() {
    // A well-formed envelope whose user list is not a list: the read cannot make accounts of
    // it, and asking again would get the same answer.
    let server = Server::start(|_, _| {
        Answer::ok(json!({"Response": {"Users": "nope", "RequestId": "r-bad"}}))
    })
    .await;
    let client = connect(ProviderType::TencentCic, &server.endpoint);
    let error = client
        .fetch(&usersync::state::FetchNeeds::default())
        .await
        .expect_err("an unreadable page");
    assert!(
        matches!(&error, usersync::call_error::CallError::Decode { action, message, .. }
            if action == "ListUsers" && message.contains("`Users` is not an array")),
        "{error}"
    );
    assert_eq!(server.received().len(), 1);
}
