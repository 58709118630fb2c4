//! Alibaba CCC and EIAM through the recording server.

use serde_json::json;
use usersync::model::{AccountKey, Field, FieldKind, ProviderType, Value};
use usersync::state::FetchNeeds;

use super::connect;
use super::server::{Answer, Server, verify_alibaba};

const CCC_USERS: &str = include_str!("../../fixtures/wire/alibaba_ccc/ListUsers-ok.json");
const CCC_USER: &str = include_str!("../../fixtures/wire/alibaba_ccc/GetUser-ok.json");
const ROLES: &str = include_str!("../../fixtures/wire/alibaba_ccc/ListRoles-ok.json");

/// An EIAM instance of `total` users, `user_000`…, paged as the API does.
fn eiam_page(page: u64, size: u64, total: u64) -> serde_json::Value {
    let first = (page - 1) * size;
    let users: Vec<_> = (first..total.min(first + size))
        .map(|n| {
            json!({"UserId": format!("user_{n:03}"), "Username": format!("u{n:03}"),
                   "DisplayName": format!("User {n}"), "PhoneRegion": "", "PhoneNumber": "",
                   "Email": format!("u{n:03}@example.com")})
        })
        .collect();
    json!({"RequestId": format!("LIST-{page}"), "TotalCount": total, "Users": users})
}

#[tokio::test]
async fn eiam_walks_250_users_in_3_pages_and_gets_custom_fields_for_managed_users_only() {
    let server = Server::start(|request, _| match request.action() {
        "ListUsers" => {
            let page: u64 = request.param("PageNumber").unwrap().parse().unwrap();
            let size: u64 = request.param("PageSize").unwrap().parse().unwrap();
            Answer::ok(eiam_page(page, size, 250))
        }
        "GetUser" => {
            let user_id = request.param("UserId").unwrap();
            Answer::ok(json!({"RequestId": "GET", "User": {"UserId": user_id,
                "CustomFields": [{"FieldName": "nick_name", "FieldValue": format!("nick-{user_id}")},
                                 {"FieldName": "cost_center", "FieldValue": ""}]}}))
        }
        other => panic!("unexpected action {other}"),
    })
    .await;
    let client = connect(ProviderType::AlibabaEiam, &server.endpoint);
    let needs = FetchNeeds::each(
        &[
            AccountKey::UserId("user_007".into()),
            AccountKey::UserName("u201".into()),
            AccountKey::UserName("nobody".into()),
        ],
        [
            Field::custom("nick_name"),
            Field::known(FieldKind::DisplayName),
        ],
    );
    let observed = client.fetch(&needs).await.expect("fetches");

    let received = server.received();
    for request in &received {
        verify_alibaba(request, &server.host);
        assert_eq!(request.header("x-acs-version"), "2021-12-01");
    }
    let mut lists: Vec<String> = received
        .iter()
        .filter(|r| r.action() == "ListUsers")
        .map(|r| r.query.clone())
        .collect();
    lists.sort();
    assert_eq!(
        lists,
        [
            "InstanceId=idaas_ue2jvisn35ea5lmthk267example&PageNumber=1&PageSize=100",
            "InstanceId=idaas_ue2jvisn35ea5lmthk267example&PageNumber=2&PageSize=100",
            "InstanceId=idaas_ue2jvisn35ea5lmthk267example&PageNumber=3&PageSize=100",
        ]
    );
    let mut gets: Vec<String> = received
        .iter()
        .filter(|r| r.action() == "GetUser")
        .map(|r| r.param("UserId").unwrap())
        .collect();
    gets.sort();
    assert_eq!(gets, ["user_007", "user_201"]);
    let nonces: std::collections::BTreeSet<&str> = received
        .iter()
        .map(|r| r.header("x-acs-signature-nonce"))
        .collect();
    assert_eq!(
        nonces.len(),
        received.len(),
        "every request has its own nonce"
    );

    assert_eq!(observed.accounts.len(), 250);
    assert_eq!(observed.read_calls, 5);
    let user_007 = &observed.accounts[7];
    assert_eq!(user_007.remote_id, "user_007");
    assert_eq!(
        user_007.fields.get(&Field::custom("nick_name")),
        Some(&Value::text("nick-user_007"))
    );
    assert!(
        !user_007.fields.contains_key(&Field::custom("cost_center")),
        "empty is absent"
    );
    assert!(
        !user_007
            .fields
            .contains_key(&Field::known(FieldKind::Phone))
    );
    assert!(
        !observed.accounts[8]
            .fields
            .contains_key(&Field::custom("nick_name"))
    );
}

#[tokio::test]
async fn eiam_without_managed_custom_fields_makes_no_get_user() {
    let server = Server::start(|_, _| Answer::ok(eiam_page(1, 100, 2))).await;
    let client = connect(ProviderType::AlibabaEiam, &server.endpoint);
    let needs = FetchNeeds::each(
        &[AccountKey::UserId("user_000".into())],
        [Field::known(FieldKind::Email)],
    );
    let observed = client.fetch(&needs).await.expect("fetches");
    assert_eq!(server.actions(), ["ListUsers"]);
    assert_eq!(observed.read_calls, 1);
}

#[tokio::test]
async fn alibaba_ccc_reads_roles_and_nicknames_when_managed() {
    let server = Server::start(|request, _| match request.action() {
        "ListUsers" => Answer::fixture(CCC_USERS),
        "GetUser" => Answer::fixture(CCC_USER),
        "ListRoles" => Answer::fixture(ROLES),
        other => panic!("unexpected action {other}"),
    })
    .await;
    let client = connect(ProviderType::AlibabaCcc, &server.endpoint);
    let needs = FetchNeeds::each(
        &[AccountKey::UserName("alice".into())],
        [
            Field::known(FieldKind::Role),
            Field::known(FieldKind::Nickname),
        ],
    );
    let observed = client.fetch(&needs).await.expect("fetches");
    assert_eq!(server.actions(), ["ListUsers", "GetUser", "ListRoles"]);
    let received = server.received();
    for request in &received {
        verify_alibaba(request, &server.host);
    }
    assert_eq!(
        received[0].query,
        "InstanceId=ccc-test&PageNumber=1&PageSize=100"
    );
    assert_eq!(
        received[1].query,
        "InstanceId=ccc-test&UserId=alice%40ccc-test"
    );
    assert_eq!(received[2].query, "InstanceId=ccc-test");
    assert_eq!(observed.read_calls, 3);
    let alice = &observed.accounts[0];
    assert_eq!(
        alice.fields.get(&Field::known(FieldKind::Nickname)),
        Some(&Value::text("ali"))
    );
    assert_eq!(
        alice.keys,
        [
            AccountKey::UserId("alice@ccc-test".into()),
            AccountKey::UserName("alice".into())
        ]
    );
    assert_eq!(observed.catalog.roles.len(), 3);
}

#[tokio::test]
async fn only_the_accounts_managing_a_custom_field_are_read_one_by_one() {
    let server = Server::start(|request, _| match request.action() {
        "ListUsers" => {
            let page: u64 = request.param("PageNumber").unwrap().parse().unwrap();
            Answer::ok(eiam_page(page, 100, 250))
        }
        "GetUser" => {
            let user_id = request.param("UserId").unwrap();
            Answer::ok(json!({"RequestId": "GET", "User": {"UserId": user_id,
                "CustomFields": [{"FieldName": "nick_name", "FieldValue": "n"}]}}))
        }
        other => panic!("unexpected action {other}"),
    })
    .await;
    let client = connect(ProviderType::AlibabaEiam, &server.endpoint);
    // 200 managed accounts: two manage a custom field, the rest only their display name.
    let mut needs = FetchNeeds::default();
    for n in 0..200 {
        let key = AccountKey::UserName(format!("U{n:03}").into());
        needs.add(&key, [Field::known(FieldKind::DisplayName)]);
    }
    needs.add(
        &AccountKey::UserId("user_042".into()),
        [Field::custom("nick_name")],
    );
    needs.add(
        &AccountKey::UserName("U199".into()),
        [Field::custom("nick_name")],
    );
    let observed = client.fetch(&needs).await.expect("fetches");
    let mut gets: Vec<String> = server
        .received()
        .iter()
        .filter(|r| r.action() == "GetUser")
        .map(|r| r.param("UserId").unwrap())
        .collect();
    gets.sort();
    assert_eq!(gets, ["user_042", "user_199"]);
    assert_eq!(observed.read_calls, 3 + 2);
}
