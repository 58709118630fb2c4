//! Alibaba CCC and EIAM: authentication, routing, parameters, business rules, pagination, swaps
//! and throttling, each with the real code, HTTP status and body shape.

use super::{ACCC, ACS_ID, EIAM, EIAM_ID, Reply, quickstart};

fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (Some(status), code),
        "{}",
        reply.body
    );
    assert!(reply.body["RequestId"].is_string());
    assert_eq!(
        reply.header("x-acs-request-id"),
        reply.body["RequestId"].as_str()
    );
}

fn assert_ok(reply: &Reply) {
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (Some(200), ""),
        "{}",
        reply.body
    );
}

/// The EIAM user the quickstart seed names `alice.liu`.
const EIAM_ALICE: &str = "user_d6sbsuumeta4h66ec3il7yexample";

/// Query parameters: a call's fixed `base` followed by those a case adds.
type Params = Vec<(&'static str, &'static str)>;

fn plus(base: &[(&'static str, &'static str)], extra: &[(&'static str, &'static str)]) -> Params {
    [base, extra].concat()
}

const USERS: &[(&str, &str)] = &[
    ("InstanceId", "ccc-test"),
    ("PageNumber", "1"),
    ("PageSize", "10"),
];

#[tokio::test]
async fn authorization_checks() {
    let emulator = quickstart().await;
    let query: Vec<(String, String)> = vec![("InstanceId".into(), "ccc-test".into())];
    let target = "/?InstanceId=ccc-test";
    let signed = emulator.alibaba_headers(ACCC, "ListRoles", &query, None);
    let with = |name: &str, value: &str| {
        let mut headers: Vec<(String, String)> =
            signed.iter().filter(|(n, _)| n != name).cloned().collect();
        headers.push((name.to_string(), value.to_string()));
        headers
    };
    assert_error(
        &emulator
            .raw(
                target,
                &with("authorization", "ACS3-HMAC-SHA256 nonsense"),
                b"",
            )
            .await,
        400,
        "IncompleteSignature",
    );
    let unsigned_extra = with("x-acs-extra", "1");
    assert_error(
        &emulator.raw(target, &unsigned_extra, b"").await,
        400,
        "IncompleteSignature",
    );
    assert_error(
        &emulator
            .raw(target, &with("x-acs-content-sha256", &"0".repeat(64)), b"")
            .await,
        400,
        "SignatureDoesNotMatch",
    );
    let stranger = signed
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
        .replace(ACS_ID, "LTAIunknown");
    assert_error(
        &emulator
            .raw(target, &with("authorization", &stranger), b"")
            .await,
        404,
        "InvalidAccessKeyId.NotFound",
    );
    let mismatch = emulator.raw("/?InstanceId=ccc-tesu", &signed, b"").await;
    assert_error(&mismatch, 400, "SignatureDoesNotMatch");
    assert!(
        mismatch.body["Message"]
            .as_str()
            .unwrap()
            .contains("server string to sign is:ACS3-HMAC-SHA256\n")
    );
    assert_eq!(mismatch.body["HostId"], emulator.host());
    assert!(
        mismatch.body["Recommend"]
            .as_str()
            .unwrap()
            .contains("SignatureDoesNotMatch")
    );
    assert_ok(&emulator.raw(target, &signed, b"").await);
    assert_error(
        &emulator.raw(target, &signed, b"").await,
        400,
        "SignatureNonceUsed",
    );
    emulator.clock.advance_ms(15 * 60 * 1000 + 1);
    let late = emulator
        .alibaba(ACCC, "ListRoles", &[("InstanceId", "ccc-test")])
        .await;
    assert_ok(&late);
    let stale = emulator
        .raw(
            target,
            &emulator.alibaba_headers(ACCC, "ListRoles", &query, Some("feed")),
            b"",
        )
        .await;
    assert_ok(&stale);
    emulator.clock.set_ms((super::NOW + 16 * 60) * 1000);
    let headers = emulator.alibaba_headers(ACCC, "ListRoles", &query, None);
    emulator.clock.set_ms(super::NOW * 1000);
    assert_error(
        &emulator.raw(target, &headers, b"").await,
        400,
        "InvalidTimeStamp.Expired",
    );
}

/// Version, action, parameters, expected status and code.
type Case = (&'static str, &'static str, Params, u16, &'static str);

#[tokio::test]
async fn routing_and_parameter_checks() {
    let emulator = quickstart().await;
    let modify = |extra| {
        plus(
            &[("InstanceId", "ccc-test"), ("UserId", "alice@ccc-test")],
            extra,
        )
    };
    let update = |extra| plus(&[("InstanceId", EIAM_ID), ("UserId", EIAM_ALICE)], extra);
    let cases: Vec<Case> = vec![
        (
            "2099-01-01",
            "ListRoles",
            vec![("InstanceId", "ccc-test")],
            404,
            "InvalidAction.NotFound",
        ),
        (
            ACCC,
            "DeleteUser",
            vec![("InstanceId", "ccc-test")],
            404,
            "InvalidAction.NotFound",
        ),
        (
            ACCC,
            "ListRoles",
            vec![("InstanceId", "ccc-test"), ("Bogus", "1")],
            400,
            "InvalidParameter",
        ),
        (
            ACCC,
            "ModifyUser",
            modify(&[("DisplayName", "A")]),
            400,
            "MissingParameter",
        ),
        (
            ACCC,
            "ModifyUser",
            modify(&[("WorkMode", "AT_HOME")]),
            400,
            "Parameter.Enumeration",
        ),
        (
            ACCC,
            "ModifyUser",
            modify(&[("WorkMode", "ON_SITE"), ("Force", "maybe")]),
            400,
            "InvalidParameter",
        ),
        (
            ACCC,
            "ListUsers",
            vec![("InstanceId", "ccc-test"), ("PageSize", "10")],
            400,
            "MissingParameter",
        ),
        (
            ACCC,
            "ListUsers",
            vec![
                ("InstanceId", "ccc-test"),
                ("PageNumber", "1"),
                ("PageSize", "0"),
            ],
            400,
            "Parameter.Minimum",
        ),
        (
            ACCC,
            "ListUsers",
            vec![
                ("InstanceId", "ccc-test"),
                ("PageNumber", "1"),
                ("PageSize", "101"),
            ],
            400,
            "Parameter.Maximum",
        ),
        (
            ACCC,
            "ListUsers",
            vec![
                ("InstanceId", "ccc-test"),
                ("PageNumber", "0"),
                ("PageSize", "10"),
            ],
            400,
            "Parameter.Minimum",
        ),
        (
            ACCC,
            "ListUsers",
            vec![
                ("InstanceId", "ccc-test"),
                ("PageNumber", "one"),
                ("PageSize", "10"),
            ],
            400,
            "InvalidParameter",
        ),
        (
            EIAM,
            "ListUsers",
            vec![("InstanceId", EIAM_ID), ("PageSize", "101")],
            400,
            "InvalidParameter",
        ),
        (
            EIAM,
            "UpdateUser",
            update(&[
                ("PhoneNumber", "13800000009"),
                ("PhoneNumberVerified", "true"),
            ]),
            400,
            "MissingParameter",
        ),
        (
            EIAM,
            "UpdateUser",
            update(&[("PhoneNumber", "13800000009"), ("PhoneRegion", "86")]),
            400,
            "MissingParameter",
        ),
        (
            EIAM,
            "UpdateUser",
            update(&[("Email", "a@example.com")]),
            400,
            "MissingParameter",
        ),
        (
            EIAM,
            "UpdateUser",
            update(&[("Email", "a@example.com"), ("EmailVerified", "yes")]),
            400,
            "InvalidParameter",
        ),
    ];
    for (version, action, params, status, code) in cases {
        assert_error(
            &emulator.alibaba(version, action, &params).await,
            status,
            code,
        );
    }
    let booleans = [
        ("InstanceId", EIAM_ID),
        ("UserId", EIAM_ALICE),
        ("Email", "a.liu@example.com"),
        ("EmailVerified", "TRUE"),
    ];
    assert_ok(&emulator.alibaba(EIAM, "UpdateUser", &booleans).await);
}

#[tokio::test]
async fn ccc_business_rules() {
    let emulator = quickstart().await;
    let role = emulator
        .alibaba(
            ACCC,
            "ModifyUser",
            &[
                ("InstanceId", "ccc-test"),
                ("UserId", "alice@ccc-test"),
                ("WorkMode", "ON_SITE"),
                ("RoleId", "Admin@ccc-test"),
            ],
        )
        .await;
    assert_error(&role, 404, "NotExists.RoleId");
    assert_eq!(
        (
            role.body["HttpStatusCode"].as_i64(),
            role.body["Params"][0].as_str()
        ),
        (Some(404), Some("Admin@ccc-test"))
    );
    let user = emulator
        .alibaba(
            ACCC,
            "GetUser",
            &[("InstanceId", "ccc-test"), ("UserId", "dave@ccc-test")],
        )
        .await;
    assert_error(&user, 404, "NotExists.UserId");
    assert_error(
        &emulator
            .alibaba(ACCC, "ListRoles", &[("InstanceId", "ccc-none")])
            .await,
        404,
        "NotExists.InstanceId",
    );
    let change = [
        ("InstanceId", "ccc-test"),
        ("UserId", "bob@ccc-test"),
        ("WorkMode", "ON_SITE"),
        ("RoleId", "Manager@ccc-test"),
        ("DisplayName", "Bob Wang Jr"),
    ];
    let ok = emulator.alibaba(ACCC, "ModifyUser", &change).await;
    assert_ok(&ok);
    assert_eq!(
        (ok.body["Code"].as_str(), ok.body["Data"].as_str()),
        (Some("OK"), Some(""))
    );
    let bob = &emulator.state().await["alibaba_ccc"][0]["users"][1];
    assert_eq!(
        (
            bob["role"].as_str(),
            bob["work_mode"].as_str(),
            bob["display_name"].as_str()
        ),
        (Some("Manager"), Some("ON_SITE"), Some("Bob Wang Jr"))
    );
}

#[tokio::test]
async fn eiam_business_rules_and_username_swap() {
    let emulator = quickstart().await;
    let alice = EIAM_ALICE;
    let bob = "user_7k2m9p4q1r8s3t6u5v0w2xexample";
    let rename = |user: &'static str, name: &'static str| {
        vec![
            ("InstanceId", EIAM_ID),
            ("UserId", user),
            ("Username", name),
        ]
    };
    assert_error(
        &emulator
            .alibaba(EIAM, "UpdateUser", &rename(alice, "bob.wang"))
            .await,
        403,
        "ResourceDuplicated.Username",
    );
    for (user, name) in [(bob, "bob.tmp"), (alice, "bob.wang"), (bob, "alice.liu")] {
        assert_ok(
            &emulator
                .alibaba(EIAM, "UpdateUser", &rename(user, name))
                .await,
        );
    }
    let undeclared = [
        ("InstanceId", EIAM_ID),
        ("UserId", alice),
        ("CustomFields.1.FieldName", "shoe_size"),
        ("CustomFields.1.FieldValue", "42"),
        ("CustomFields.1.Operation", "replace"),
    ];
    assert_error(
        &emulator.alibaba(EIAM, "UpdateUser", &undeclared).await,
        404,
        "EntityNotExists.CustomField",
    );
    assert_error(
        &emulator
            .alibaba(
                EIAM,
                "GetUser",
                &[("InstanceId", EIAM_ID), ("UserId", "user_none")],
            )
            .await,
        404,
        "EntityNotExists.User",
    );
    let fields = [
        ("InstanceId", EIAM_ID),
        ("UserId", alice),
        ("CustomFields.1.FieldName", "nick_name"),
        ("CustomFields.1.Operation", "remove"),
        ("CustomFields.2.FieldName", "cost_center"),
        ("CustomFields.2.FieldValue", "CC-7"),
        ("CustomFields.2.Operation", "replace"),
    ];
    assert_ok(&emulator.alibaba(EIAM, "UpdateUser", &fields).await);
    let got = emulator
        .alibaba(
            EIAM,
            "GetUser",
            &[("InstanceId", EIAM_ID), ("UserId", alice)],
        )
        .await;
    assert_eq!(
        got.body["User"]["CustomFields"],
        serde_json::json!([{"FieldName": "cost_center", "FieldValue": "CC-7"}])
    );
    assert_eq!(got.body["User"]["Username"], "bob.wang");
}

#[tokio::test]
async fn pagination_walks_from_page_one() {
    let emulator = quickstart().await;
    for (version, instance, list) in [(ACCC, "ccc-test", "/Data/List"), (EIAM, EIAM_ID, "/Users")] {
        let mut ids = Vec::new();
        for number in 1..=2 {
            let number = number.to_string();
            let reply = emulator
                .alibaba(
                    version,
                    "ListUsers",
                    &[
                        ("InstanceId", instance),
                        ("PageNumber", &number),
                        ("PageSize", "3"),
                    ],
                )
                .await;
            ids.extend(
                reply
                    .body
                    .pointer(list)
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["UserId"].clone()),
            );
        }
        assert_eq!(ids.len(), 4, "{version}");
    }
}

#[tokio::test]
async fn throttling_answers_with_retry_after() {
    let emulator = quickstart().await;
    for _ in 0..10 {
        assert_ok(&emulator.alibaba(ACCC, "ListUsers", USERS).await);
    }
    emulator.clock.advance_ms(400);
    let throttled = emulator.alibaba(ACCC, "ListUsers", USERS).await;
    assert_error(&throttled, 400, "Throttling.User");
    assert_eq!(throttled.header("x-acs-retry-after"), Some("600"));
    assert_ok(
        &emulator
            .alibaba(ACCC, "ListRoles", &[("InstanceId", "ccc-test")])
            .await,
    );
}
