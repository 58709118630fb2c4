//! Tencent CCC and CIC: authentication, routing, parameters, business rules, pagination, swaps
//! and the 20-per-second limit, each with the real code (errors are HTTP 200).

use serde_json::{Value, json};

use super::{CCC, CIC, NOW, Reply, TC_ID, quickstart};

const APP: u64 = 1_400_000_001;
const ZONE: &str = "z-1a2b3c4d5e";

fn assert_code(reply: &Reply, code: &str) {
    assert_eq!(reply.status, Some(200), "{}", reply.body);
    assert_eq!(reply.code(), code, "{}", reply.body);
    assert!(reply.response()["RequestId"].is_string(), "{}", reply.body);
}

/// The JSON object `base` with the fields of `extra` added.
fn merged(mut base: Value, extra: Value) -> Value {
    base.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    base
}

/// A `ModifyStaff` body for `mail` in the quickstart app.
fn staff(mail: &str, extra: Value) -> Value {
    merged(json!({"SdkAppId": APP, "Email": mail}), extra)
}

#[tokio::test]
async fn authorization_checks() {
    let emulator = quickstart().await;
    let body = json!({"SdkAppId": APP, "PageSize": 10, "PageNumber": 0}).to_string();
    let ok = emulator
        .tencent_signed(
            "ccc",
            CCC,
            "DescribeStaffInfoList",
            &body,
            NOW,
            super::TC_KEY,
        )
        .await;
    assert_code(&ok, "");
    let mut headers = vec![
        ("host".to_string(), emulator.host()),
        ("content-type".to_string(), "application/json".to_string()),
        (
            "x-tc-action".to_string(),
            "DescribeStaffInfoList".to_string(),
        ),
        ("x-tc-version".to_string(), CCC.to_string()),
        ("x-tc-timestamp".to_string(), NOW.to_string()),
    ];
    let cases = [
        (
            "TC3-HMAC-SHA256 Credential=x",
            "AuthFailure.InvalidAuthorization",
        ),
        (
            &*format!(
                "TC3-HMAC-SHA256 Credential={TC_ID}/2024-12-31/ccc/tc3_request, SignedHeaders=host, Signature={}",
                "a".repeat(64)
            ),
            "AuthFailure.InvalidAuthorization",
        ),
        (
            &*format!(
                "TC3-HMAC-SHA256 Credential=AKIDunknown/2024-12-31/ccc/tc3_request, SignedHeaders=content-type;host, Signature={}",
                "a".repeat(64)
            ),
            "AuthFailure.SecretIdNotFound",
        ),
        (
            &*format!(
                "TC3-HMAC-SHA256 Credential={TC_ID}/2024-12-31/ccc/tc3_request, SignedHeaders=content-type;host, Signature={}",
                "a".repeat(64)
            ),
            "AuthFailure.SignatureFailure",
        ),
    ];
    for (authorization, code) in cases {
        headers.push(("authorization".to_string(), authorization.to_string()));
        assert_code(&emulator.raw("/", &headers, body.as_bytes()).await, code);
        headers.pop();
    }
    let wrong_key = emulator
        .tencent_signed(
            "ccc",
            CCC,
            "DescribeStaffInfoList",
            &body,
            NOW,
            "not-the-key",
        )
        .await;
    assert_code(&wrong_key, "AuthFailure.SignatureFailure");
    let stale = emulator
        .tencent_signed(
            "ccc",
            CCC,
            "DescribeStaffInfoList",
            &body,
            NOW - 301,
            super::TC_KEY,
        )
        .await;
    assert_code(&stale, "AuthFailure.SignatureExpire");
    let wrong_service = emulator
        .tencent_signed(
            "organization",
            CCC,
            "DescribeStaffInfoList",
            &body,
            NOW,
            super::TC_KEY,
        )
        .await;
    assert_code(&wrong_service, "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn routing_and_parameter_checks() {
    let emulator = quickstart().await;
    let list = json!({"SdkAppId": APP, "PageSize": 10, "PageNumber": 0});
    assert_code(
        &emulator
            .tencent("2099-01-01", "DescribeStaffInfoList", list.clone())
            .await,
        "NoSuchVersion",
    );
    assert_code(
        &emulator.tencent(CCC, "DeleteStaff", list.clone()).await,
        "InvalidAction",
    );
    assert_code(
        &emulator.tencent(CIC, "ModifyStaff", list.clone()).await,
        "InvalidAction",
    );
    let cases = [
        (
            CCC,
            "DescribeStaffInfoList",
            json!({"SdkAppId": APP, "PageSize": 10, "PageNumber": 0, "Bogus": 1}),
            "UnknownParameter",
        ),
        (
            CCC,
            "DescribeStaffInfoList",
            json!({"SdkAppId": APP, "PageNumber": 0}),
            "MissingParameter",
        ),
        (
            CCC,
            "DescribeStaffInfoList",
            json!({"SdkAppId": "1400000001", "PageSize": 10, "PageNumber": 0}),
            "InvalidParameter",
        ),
        (
            CCC,
            "DescribeStaffInfoList",
            json!({"SdkAppId": APP, "PageSize": 10000, "PageNumber": 0}),
            "InvalidParameterValue",
        ),
        (
            CCC,
            "DescribeStaffInfoList",
            json!({"SdkAppId": APP, "PageSize": 10, "PageNumber": -1}),
            "InvalidParameterValue",
        ),
        (
            CCC,
            "DescribeSkillGroupInfoList",
            json!({"SdkAppId": APP, "PageSize": 101, "PageNumber": 0}),
            "InvalidParameterValue",
        ),
        (
            CCC,
            "DescribeStaffInfoList",
            json!({"SdkAppId": 1, "PageSize": 10, "PageNumber": 0}),
            "InvalidParameterValue.InstanceNotExist",
        ),
        (
            CCC,
            "ModifyStaff",
            staff("alice@example.com", json!({"UseMobileAccept": 3})),
            "InvalidParameterValue",
        ),
        (
            CCC,
            "ModifyStaff",
            staff("alice@example.com", json!({"UseMobileCallOut": "true"})),
            "InvalidParameter",
        ),
        (
            CIC,
            "ListUsers",
            json!({"ZoneId": ZONE, "MaxResults": 0}),
            "InvalidParameterValue",
        ),
        (
            CIC,
            "ListUsers",
            json!({"ZoneId": ZONE, "MaxResults": 101}),
            "InvalidParameterValue",
        ),
        (
            CIC,
            "ListUsers",
            json!({"ZoneId": ZONE, "UserType": "Robot"}),
            "InvalidParameterValue",
        ),
        (
            CIC,
            "ListUsers",
            json!({"ZoneId": ZONE, "NextToken": "nt-forged"}),
            "InvalidParameter.NextTokenInvalid",
        ),
        (
            CIC,
            "GetUser",
            json!({"ZoneId": "z-none", "UserId": "u-9f8e7d6c5b"}),
            "FailedOperation.ZoneIdNotExist",
        ),
    ];
    for (version, action, body, code) in cases {
        assert_code(&emulator.tencent(version, action, body).await, code);
    }
}

#[tokio::test]
async fn ccc_business_rules() {
    let emulator = quickstart().await;
    let cases = [
        (
            staff("nobody@example.com", json!({"Name": "X"})),
            "InvalidParameterValue.AccountNotExist",
        ),
        (
            staff("alice@example.com", json!({"Phone": "+8613800000009"})),
            "InvalidParameter.InvalidPhoneNumber",
        ),
        (
            staff("alice@example.com", json!({"Phone": "008613900000002"})),
            "InvalidParameterValue.PhoneNumIsBoundOtherAccount",
        ),
        (
            staff("alice@example.com", json!({"SkillGroupIds": [101, 999]})),
            "InvalidParameterValue.SkillGroupError",
        ),
    ];
    for (body, code) in cases {
        assert_code(&emulator.tencent(CCC, "ModifyStaff", body).await, code);
    }
    let before = emulator.state().await;
    let change = staff(
        "alice@example.com",
        json!({"Name": "Alice Liu-Chen", "SkillGroupIds": [103], "UseMobileAccept": 2}),
    );
    assert_code(&emulator.tencent(CCC, "ModifyStaff", change).await, "");
    let after = emulator.state().await;
    let alice = &after["tencent_ccc"][0]["staff"][0];
    assert_eq!(
        (
            alice["name"].as_str(),
            alice["skill_groups"].clone(),
            alice["use_mobile_accept"].as_i64()
        ),
        (Some("Alice Liu-Chen"), json!([103]), Some(2))
    );
    assert_eq!(
        alice["phone"], before["tencent_ccc"][0]["staff"][0]["phone"],
        "untouched fields stay"
    );
    let read = emulator.tencent(CCC, "DescribeStaffInfoList", json!({"SdkAppId": APP, "PageSize": 1, "PageNumber": 0, "StaffMail": "alice@example.com"})).await;
    assert_eq!(
        read.response()["StaffList"][0]["SkillGroupList"][0]["SkillGroupName"],
        "VIP"
    );
}

#[tokio::test]
async fn a_phone_swap_fails_in_the_wrong_order_and_succeeds_in_the_right_one() {
    let emulator = quickstart().await;
    let (alice, bob) = ("008613800000001", "008613900000002");
    let wrong = emulator
        .tencent(
            CCC,
            "ModifyStaff",
            staff("alice@example.com", json!({"Phone": bob})),
        )
        .await;
    assert_code(&wrong, "InvalidParameterValue.PhoneNumIsBoundOtherAccount");
    for (mail, phone) in [
        ("bob@example.com", "008613999999999"),
        ("alice@example.com", bob),
        ("bob@example.com", alice),
    ] {
        assert_code(
            &emulator
                .tencent(CCC, "ModifyStaff", staff(mail, json!({"Phone": phone})))
                .await,
            "",
        );
    }
    let state = emulator.state().await;
    assert_eq!(state["tencent_ccc"][0]["staff"][0]["phone"], bob);
    assert_eq!(state["tencent_ccc"][0]["staff"][1]["phone"], alice);
}

#[tokio::test]
async fn cic_business_rules_and_email_swap() {
    let emulator = quickstart().await;
    let update = |user: &str, extra: Value| merged(json!({"ZoneId": ZONE, "UserId": user}), extra);
    let cases = [
        (
            update("u-none", json!({"NewDisplayName": "X"})),
            "ResourceNotFound.UserNotExist",
        ),
        (
            update("u-0a1b2c3d4e", json!({"NewDisplayName": "X"})),
            "FailedOperation.SynchronizedUserNotUpdate",
        ),
        (
            update("u-9f8e7d6c5b", json!({"NewEmail": "carol@example.com"})),
            "InvalidParameter.EmailAlreadyExists",
        ),
        (
            update("u-9f8e7d6c5b", json!({"NewDescription": "x".repeat(301)})),
            "InvalidParameter.DescriptionLengthOverlimit",
        ),
    ];
    for (body, code) in cases {
        assert_code(&emulator.tencent(CIC, "UpdateUser", body).await, code);
    }
    for (user, email) in [
        ("u-5e6f7a8b9c", "swap@example.com"),
        ("u-9f8e7d6c5b", "carol@example.com"),
        ("u-5e6f7a8b9c", "alice@example.com"),
    ] {
        let reply = emulator
            .tencent(CIC, "UpdateUser", update(user, json!({"NewEmail": email})))
            .await;
        assert_code(&reply, "");
        assert_eq!(reply.response()["UserInfo"]["Email"], email);
        assert_eq!(
            reply.response()["UserInfo"]["UpdateTime"],
            "2025-01-01 07:33:20",
            "UTC+8 at the pinned clock"
        );
    }
}

#[tokio::test]
async fn pagination_walks() {
    let emulator = quickstart().await;
    let mut mails = Vec::new();
    for number in 0.. {
        let reply = emulator
            .tencent(
                CCC,
                "DescribeStaffInfoList",
                json!({"SdkAppId": APP, "PageSize": 3, "PageNumber": number}),
            )
            .await;
        let page = reply.response()["StaffList"].as_array().unwrap().clone();
        assert_eq!(reply.response()["TotalCount"], 4);
        mails.extend(page.iter().map(|s| s["Mail"].as_str().unwrap().to_string()));
        if (number + 1) * 3 >= 4 {
            break;
        }
    }
    assert_eq!(
        mails,
        [
            "alice@example.com",
            "bob@example.com",
            "carol@example.com",
            "ops-bot@example.com"
        ]
    );
    let (mut ids, mut token, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let mut body = json!({"ZoneId": ZONE, "MaxResults": 3});
        if let Some(token) = &token {
            body["NextToken"] = json!(token);
        }
        let reply = emulator.tencent(CIC, "ListUsers", body).await;
        let response = reply.response();
        pages += 1;
        assert_eq!(response["TotalCounts"], 4);
        ids.extend(
            response["Users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["UserId"].clone()),
        );
        if response["IsTruncated"] == false {
            assert!(
                response.get("NextToken").is_none(),
                "no token on the last page"
            );
            break;
        }
        token = Some(response["NextToken"].as_str().unwrap().to_string());
    }
    assert_eq!((pages, ids.len()), (2, 4));
}

#[tokio::test]
async fn the_twenty_first_request_in_a_second_is_throttled() {
    let emulator = quickstart().await;
    let body = json!({"SdkAppId": APP, "PageSize": 1, "PageNumber": 0});
    for _ in 0..20 {
        assert_code(
            &emulator
                .tencent(CCC, "DescribeStaffInfoList", body.clone())
                .await,
            "",
        );
    }
    let throttled = emulator
        .tencent(CCC, "DescribeStaffInfoList", body.clone())
        .await;
    assert_code(&throttled, "RequestLimitExceeded");
    assert!(
        throttled.response()["Error"]["Message"]
            .as_str()
            .unwrap()
            .contains("`21`")
    );
    assert_code(
        &emulator
            .tencent(CCC, "DescribeSkillGroupInfoList", body.clone())
            .await,
        "",
    );
    emulator.clock.advance_ms(999);
    assert_code(
        &emulator
            .tencent(CCC, "DescribeStaffInfoList", body.clone())
            .await,
        "RequestLimitExceeded",
    );
    emulator.clock.advance_ms(1);
    assert_code(
        &emulator.tencent(CCC, "DescribeStaffInfoList", body).await,
        "",
    );
}
