//! The envelope parsers against every wire fixture and odd inputs, and the messages.
//! Classification tables are in `classify`.

mod classify;
mod network;

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::ErrorClass::{Auth, Permanent, Throttled, Transient};
use super::*;

/// Class and retry delay expected from each error fixture; the code and request id are checked
/// against the fixture's own body for every file.
const EXPECTED: &[(&str, ErrorClass, Option<u64>)] = &[
    (
        "tencent_ccc/ModifyStaff-error-account-not-exist.json",
        Permanent,
        None,
    ),
    (
        "tencent_ccc/ModifyStaff-error-phone-bound.json",
        Permanent,
        None,
    ),
    ("tencent_ccc/ModifyStaff-throttled.json", Throttled, None),
    ("tencent_ccc/common-auth-signature-failure.json", Auth, None),
    (
        "tencent_cic/UpdateUser-error-email-exists.json",
        Permanent,
        None,
    ),
    (
        "tencent_cic/UpdateUser-error-synchronized-user.json",
        Permanent,
        None,
    ),
    (
        "tencent_cic/UpdateUser-error-user-not-exist.json",
        Permanent,
        None,
    ),
    ("tencent_cic/UpdateUser-throttled.json", Throttled, None),
    (
        "alibaba_ccc/GetUser-error-user-not-exist.json",
        Permanent,
        None,
    ),
    (
        "alibaba_ccc/ModifyUser-error-role-not-exist.json",
        Permanent,
        None,
    ),
    (
        "alibaba_ccc/ModifyUser-throttled.json",
        Throttled,
        Some(1000),
    ),
    ("alibaba_ccc/common-signature-mismatch.json", Auth, None),
    (
        "alibaba_eiam/UpdateUser-error-username-duplicated.json",
        Permanent,
        None,
    ),
    (
        "alibaba_eiam/UpdateUser-throttled.json",
        Throttled,
        Some(500),
    ),
];

/// Runs the right envelope parser over one fixture file.
/// The answer (as compact JSON) and request id of a fixture, or its error.
fn parse_fixture(envelope: &Value) -> Result<(String, Option<String>), CallError> {
    let provider = envelope["provider"].as_str().expect("provider");
    let action = envelope["action"].as_str().expect("action");
    let status = envelope["http_status"].as_u64().expect("http_status") as u16;
    let body = serde_json::to_vec(&envelope["body"]).expect("body serialises");
    let headers = envelope["headers"].as_object().expect("headers");
    let retry_after = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("x-acs-retry-after"))
        .and_then(|(_, value)| value.as_str());
    let answered = if provider.starts_with("tencent") {
        tencent_envelope(provider, action, status, &body)
    } else {
        alibaba_envelope(provider, action, status, retry_after, &body)
    };
    answered.map(|answered| (answered.answer.to_string(), answered.request_id))
}

#[test]
fn envelope_parsers_agree_with_every_wire_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wire");
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("wire fixtures")
        .flat_map(|dir| {
            std::fs::read_dir(dir.expect("entry").path())
                .into_iter()
                .flatten()
        })
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    for path in &files {
        let name = path
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let envelope: Value = serde_json::from_str(&text).expect("fixture is JSON");
        let body = &envelope["body"];
        let case = envelope["case"].as_str().expect("case");
        match parse_fixture(&envelope) {
            Ok((answer, request_id)) if case == "ok" || case.starts_with("page") => {
                let expected = body.get("Response").unwrap_or(body);
                if answer != serde_json::to_string(expected).expect("JSON") {
                    problems.push(format!("{name}: Ok value is not the response object"));
                }
                if request_id.as_deref() != expected["RequestId"].as_str() {
                    problems.push(format!("{name}: request id {request_id:?}"));
                }
            }
            Ok(_) => problems.push(format!("{name}: parsed as success")),
            Err(error) if case == "ok" || case.starts_with("page") => {
                problems.push(format!("{name}: parsed as error: {error}"));
            }
            Err(error) => {
                let detail = body.pointer("/Response/Error").unwrap_or(body);
                let request_id = body
                    .pointer("/Response/RequestId")
                    .or(body.get("RequestId"));
                if error.code() != detail["Code"].as_str() {
                    problems.push(format!("{name}: code {:?}", error.code()));
                }
                if error.request_id() != request_id.and_then(Value::as_str) {
                    problems.push(format!("{name}: request id {:?}", error.request_id()));
                }
                if !error
                    .to_string()
                    .contains(detail["Message"].as_str().unwrap_or("?"))
                {
                    problems.push(format!("{name}: message missing from `{error}`"));
                }
                match EXPECTED.iter().find(|(file, _, _)| *file == name) {
                    None => problems.push(format!("{name}: no expectation in EXPECTED")),
                    Some((_, class, millis)) => {
                        seen.push(name.clone());
                        if error.class() != *class {
                            problems.push(format!(
                                "{name}: class {:?}, expected {class:?}",
                                error.class()
                            ));
                        }
                        let delay = match &error {
                            CallError::Throttled { retry_after, .. } => *retry_after,
                            _ => None,
                        };
                        if delay != millis.map(Duration::from_millis) {
                            problems.push(format!("{name}: retry_after {delay:?}"));
                        }
                    }
                }
            }
        }
    }
    for (file, _, _) in EXPECTED {
        if !seen.iter().any(|name| name == file) {
            problems.push(format!("{file}: expected fixture not checked"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn tencent_envelope_edge_cases() {
    let http = tencent_envelope(
        "tencent_ccc",
        "ModifyStaff",
        502,
        b"<html>Bad Gateway</html>",
    )
    .unwrap_err();
    assert!(matches!(http, CallError::Http { status: 502, .. }));
    assert_eq!(http.class(), Transient);
    // Tencent never answers an API error with a non-200 status: any other status is a gateway.
    let forbidden = tencent_envelope("tencent_ccc", "ModifyStaff", 403, b"").unwrap_err();
    assert_eq!(forbidden.class(), Transient);
    for body in [
        &b"not json"[..],
        b"[]",
        br#"{"Other":{}}"#,
        br#"{"Response":{"Error":{"Message":"x"}}}"#,
    ] {
        let error = tencent_envelope("tencent_ccc", "ModifyStaff", 200, body).unwrap_err();
        assert!(matches!(error, CallError::Decode { .. }), "{error}");
        assert_eq!(error.class(), Permanent);
    }
    let ok = tencent_envelope(
        "tencent_cic",
        "GetUser",
        200,
        br#"{"Response":{"RequestId":"r1","DeprecatedWarning":"x"}}"#,
    );
    let ok = ok.expect("success");
    assert_eq!(ok.request_id.as_deref(), Some("r1"));
    assert_eq!(
        ok.answer.to_string(),
        r#"{"RequestId":"r1","DeprecatedWarning":"x"}"#
    );
}

#[test]
fn alibaba_envelope_edge_cases() {
    let parse = |status, retry: Option<&str>, body: &str| {
        alibaba_envelope("alibaba_ccc", "ModifyUser", status, retry, body.as_bytes())
            .map(|answered| answered.request_id)
    };
    // lowercase keys, as the SDK accepts
    let lower = parse(
        400,
        None,
        r#"{"code":"InvalidParameter","message":"bad","requestId":"r2"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (lower.code(), lower.request_id(), lower.class()),
        (Some("InvalidParameter"), Some("r2"), Permanent)
    );
    // HTTP 200 with a CCC business code: an error, classified with HttpStatusCode (number or string)
    let business = parse(
        200,
        None,
        r#"{"Code":"InternalService.DB","HttpStatusCode":"500","Message":"db","RequestId":"r3"}"#,
    );
    assert_eq!(business.unwrap_err().class(), Transient);
    let not_found = parse(
        200,
        None,
        r#"{"Code":"NotExists.UserId","HttpStatusCode":404,"RequestId":"r4"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (not_found.code(), not_found.class()),
        (Some("NotExists.UserId"), Permanent)
    );
    assert!(parse(200, None, r#"{"Code":"OK","Data":""}"#).is_ok());
    assert!(parse(200, None, r#"{"RequestId":"r5"}"#).is_ok());
    assert!(matches!(
        parse(200, None, "nope").unwrap_err(),
        CallError::Decode { .. }
    ));
    // retry-after: positive milliseconds, capped at 120 s; anything else is ignored
    let throttled = r#"{"Code":"Throttling.User","Message":"slow down"}"#;
    for (header, expected) in [
        (Some("250"), Some(Duration::from_millis(250))),
        (Some(" 999999 "), Some(Duration::from_secs(120))),
        (Some("0"), None),
        (Some("-5"), None),
        (Some("1.5"), None),
        (None, None),
    ] {
        match parse(429, header, throttled).unwrap_err() {
            CallError::Throttled { retry_after, .. } => {
                assert_eq!(retry_after, expected, "{header:?}")
            }
            other => panic!("{header:?}: {other}"),
        }
    }
    // no code in the body: an HTTP error (5xx transient, 429 throttled, request id kept)
    let gateway = parse(502, None, "").unwrap_err();
    assert_eq!((gateway.class(), gateway.code()), (Transient, None));
    let limited = parse(429, None, r#"{"RequestId":"r6"}"#).unwrap_err();
    assert_eq!(
        (limited.class(), limited.request_id()),
        (Throttled, Some("r6"))
    );
    // XML error bodies
    let xml = "<?xml version='1.0'?><Error><RequestId>r7</RequestId><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>";
    let error = parse(400, None, xml).unwrap_err();
    assert_eq!(
        (error.code(), error.request_id(), error.class()),
        (Some("SignatureDoesNotMatch"), Some("r7"), Auth)
    );
}

#[test]
fn messages_name_provider_action_code_and_request_id() {
    let error = tencent_envelope(
        "tencent_ccc",
        "ModifyStaff",
        200,
        br#"{"Response":{"Error":{"Code":"InvalidParameterValue.AccountNotExist","Message":"Account does not exist."},"RequestId":"1a2b"}}"#,
    )
    .unwrap_err();
    insta::assert_snapshot!(error, @"tencent_ccc `ModifyStaff` failed: `InvalidParameterValue.AccountNotExist`: Account does not exist. (request id `1a2b`)");

    let skew = tencent_envelope(
        "tencent_cic",
        "UpdateUser",
        200,
        br#"{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"Signature expired."},"RequestId":"r1"}}"#,
    )
    .unwrap_err();
    insta::assert_snapshot!(skew, @r"
    tencent_cic `UpdateUser` failed: `AuthFailure.SignatureExpire`: Signature expired. (request id `r1`)
    hint: check the system clock; signed requests are rejected when it is more than a few minutes off
    ");
    let alibaba_skew = alibaba_envelope(
        "alibaba_eiam",
        "UpdateUser",
        400,
        None,
        br#"{"Code":"InvalidTimeStamp.Expired","Message":"late"}"#,
    )
    .unwrap_err();
    assert!(
        alibaba_skew
            .to_string()
            .contains("\nhint: check the system clock")
    );

    let no_field = alibaba_envelope(
        "alibaba_eiam",
        "UpdateUser",
        404,
        None,
        br#"{"Code":"EntityNotExists.CustomField","Message":"The custom field foo does not exist.","RequestId":"9C"}"#,
    )
    .unwrap_err();
    insta::assert_snapshot!(no_field, @r"
    alibaba_eiam `UpdateUser` failed: `EntityNotExists.CustomField`: The custom field foo does not exist. (request id `9C`)
    hint: a custom field must be created in the EIAM console before a manifest can set it; check the name under `custom_fields` (the account's other changes in this call were not made either)
    ");

    let throttled = alibaba_envelope("alibaba_ccc", "ModifyUser", 400, Some("1000"), br#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control.","RequestId":"2F3A"}"#).unwrap_err();
    insta::assert_snapshot!(throttled, @"alibaba_ccc `ModifyUser` was throttled: `Throttling.User`: Request was denied due to user flow control. (request id `2F3A`)");

    let http = alibaba_envelope(
        "alibaba_ccc",
        "ListUsers",
        503,
        None,
        b"<html>\n  busy\n</html>",
    )
    .unwrap_err();
    insta::assert_snapshot!(http, @"alibaba_ccc `ListUsers` failed with http status 503: <html>   busy </html>");

    let network = |sent| CallError::Network {
        provider: "alibaba-eiam".into(),
        action: "UpdateUser".into(),
        host: "eiam.cn-hangzhou.aliyuncs.com".into(),
        message: if sent {
            "connection reset"
        } else {
            "connection refused"
        }
        .into(),
        sent,
    };
    insta::assert_snapshot!(network(true), @"alibaba-eiam `UpdateUser`: the connection to `eiam.cn-hangzhou.aliyuncs.com` failed after the request was sent (connection reset)");
    insta::assert_snapshot!(network(false), @"alibaba-eiam `UpdateUser`: cannot connect to `eiam.cn-hangzhou.aliyuncs.com` (connection refused)");
    assert_eq!(
        (
            network(true).class(),
            network(true).code(),
            network(true).request_id()
        ),
        (Transient, None, None)
    );
    let timeout = CallError::Timeout {
        provider: "cc-prod".into(),
        action: "DescribeStaffInfoList".into(),
        host: "ccc.tencentcloudapi.com".into(),
        after: Duration::from_secs(30),
    };
    insta::assert_snapshot!(timeout, @"cc-prod `DescribeStaffInfoList`: no answer from `ccc.tencentcloudapi.com` within 30 s");
    assert_eq!(timeout.class(), Transient);
}

#[test]
fn unreachable_calls_name_the_host_and_say_whether_they_were_sent() {
    let unreachable = |maybe_sent| CallError::Unreachable {
        provider: "cc-prod".into(),
        action: "ModifyStaff".into(),
        host: "ccc.tencentcloudapi.com".into(),
        cause: "connection refused".into(),
        maybe_sent,
    };
    insta::assert_snapshot!(unreachable(false), @"cc-prod `ModifyStaff`: not sent: `ccc.tencentcloudapi.com` is unreachable (connection refused)");
    insta::assert_snapshot!(unreachable(true), @"cc-prod `ModifyStaff`: gave up: `ccc.tencentcloudapi.com` became unreachable (connection refused); an earlier attempt may have reached it");
    assert_eq!(unreachable(false).class(), ErrorClass::Unreachable);
    assert!(unreachable(false).not_sent());
    assert!(
        !unreachable(true).not_sent(),
        "it may have been sent: a failure"
    );
    let interrupted = CallError::Interrupted {
        provider: "cc-prod".into(),
        action: "ModifyStaff".into(),
    };
    assert!(interrupted.not_sent());
    let refused = CallError::Network {
        provider: "cc-prod".into(),
        action: "ModifyStaff".into(),
        host: "h".into(),
        message: "connection refused".into(),
        sent: false,
    };
    assert!(!refused.not_sent(), "retried: it may still be sent");
}

#[test]
fn long_bodies_are_cut_in_http_errors() {
    let body = "x".repeat(1000);
    let error =
        alibaba_envelope("alibaba_ccc", "ListUsers", 500, None, body.as_bytes()).unwrap_err();
    let CallError::Http { body_excerpt, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(body_excerpt.chars().count(), 201);
    assert!(body_excerpt.ends_with('…'));
}

#[test]
fn call_error_stays_under_the_clippy_threshold() {
    // clippy.toml sets `large-error-threshold = 192` for this type; keep it below that.
    let size = std::mem::size_of::<CallError>();
    assert!(size <= 192, "CallError is {size} bytes");
}

#[test]
fn an_http_error_without_an_api_code_says_where_to_look() {
    let empty = tencent_envelope("tencent_ccc", "DescribeStaffInfoList", 404, b"").unwrap_err();
    insta::assert_snapshot!(empty, @r"
    tencent_ccc `DescribeStaffInfoList` failed with http status 404 and an empty body
    hint: an answer without an API error code comes from something other than the API: check the provider's `endpoint` (or `region`), and any proxy
    ");
    let busy = tencent_envelope("tencent_ccc", "DescribeStaffInfoList", 503, b"busy").unwrap_err();
    insta::assert_snapshot!(busy, @"tencent_ccc `DescribeStaffInfoList` failed with http status 503: busy");
}
