//! TC3 behaviour the vectors do not pin: UTC dates, STS tokens, extra signed headers, and the
//! `Authorization` parser's refusals.

use crate::secret::Secret;
use crate::sign::tencent::{
    Credential, Request, parse_authorization, request_headers, scope_date, sign,
};

fn credential(token: Option<&str>) -> Credential {
    Credential {
        secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE".to_string(),
        secret_key: Secret::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE".to_string()),
        token: token.map(|token| Secret::new(token.to_string())),
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

#[test]
fn scope_date_is_utc_not_local() {
    // 2024-12-31T23:33:20Z: already 2025-01-01 in UTC+8.
    assert_eq!(scope_date(1735688000), "2024-12-31");
    assert_eq!(scope_date(1735689600), "2025-01-01");
    assert_eq!(scope_date(0), "1970-01-01");
    assert_eq!(scope_date(-1), "1969-12-31");
}

#[test]
fn token_is_sent_unsigned_and_signature_unchanged() {
    let body = br#"{"ZoneId":"z-1"}"#;
    let args = (
        "organization.tencentcloudapi.com",
        "organization",
        "ListUsers",
        "2021-03-31",
    );
    let plain = request_headers(
        args.0,
        args.1,
        args.2,
        args.3,
        body,
        1735688000,
        &credential(None),
    );
    let with_token = request_headers(
        args.0,
        args.1,
        args.2,
        args.3,
        body,
        1735688000,
        &credential(Some("sts-token-value")),
    );
    assert_eq!(header(&plain, "X-TC-Token"), None);
    assert_eq!(header(&with_token, "X-TC-Token"), Some("sts-token-value"));
    assert_eq!(
        header(&plain, "Authorization"),
        header(&with_token, "Authorization")
    );
    let names: Vec<&str> = with_token.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Host",
            "Content-Type",
            "X-TC-Action",
            "X-TC-Version",
            "X-TC-Timestamp",
            "X-TC-Token",
            "Authorization"
        ]
    );
    assert_eq!(header(&plain, "X-TC-Timestamp"), Some("1735688000"));
}

#[test]
fn request_headers_verify_with_sign() {
    let headers = request_headers(
        "127.0.0.1:8080",
        "ccc",
        "ModifyStaff",
        "2020-02-10",
        b"{}",
        1735688000,
        &credential(None),
    );
    let authorization = header(&headers, "Authorization").expect("authorization sent");
    let parsed = parse_authorization(authorization).expect("own header parses");
    let signed_set: Vec<(String, String)> = parsed
        .signed_headers
        .iter()
        .map(|name| {
            let value = headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.clone())
                .expect("signed header is sent");
            (name.clone(), value)
        })
        .collect();
    let request = Request {
        service: &parsed.service,
        headers: &signed_set,
        body: b"{}",
        timestamp: 1735688000,
    };
    let key = Secret::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE".to_string());
    assert_eq!(
        sign(&request, &parsed.secret_id, &key).signature,
        parsed.signature
    );
    assert_eq!(parsed.date, "2024-12-31");
    assert!(signed_set.contains(&("host".to_string(), "127.0.0.1:8080".to_string())));
}

#[test]
fn extra_signed_headers_sort_by_name_and_values_are_trimmed() {
    let headers = vec![
        (
            "x-tc-action".to_string(),
            "  DescribeInstances ".to_string(),
        ),
        ("host".to_string(), "cvm.tencentcloudapi.com".to_string()),
        ("content-type".to_string(), "application/json".to_string()),
    ];
    let request = Request {
        service: "cvm",
        headers: &headers,
        body: b"",
        timestamp: 1551113065,
    };
    let signed = sign(&request, "AKID", &Secret::new("key".to_string()));
    assert_eq!(signed.signed_headers, "content-type;host;x-tc-action");
    assert_eq!(
        signed.canonical_headers,
        "content-type:application/json\nhost:cvm.tencentcloudapi.com\nx-tc-action:DescribeInstances\n"
    );
    assert!(
        signed
            .authorization
            .contains(", SignedHeaders=content-type;host;x-tc-action, ")
    );
}

#[test]
fn parse_authorization_refuses_malformed_headers() {
    let signature = "a".repeat(64);
    let good = format!(
        "TC3-HMAC-SHA256 Credential=AKID/2024-12-31/ccc/tc3_request, SignedHeaders=content-type;host, Signature={signature}"
    );
    assert!(parse_authorization(&good).is_ok());
    let no_spaces = good.replace(", ", ",");
    assert_eq!(parse_authorization(&no_spaces), parse_authorization(&good));
    for (case, header) in [
        ("empty", String::new()),
        (
            "other algorithm",
            good.replace("TC3-HMAC-SHA256", "ACS3-HMAC-SHA256"),
        ),
        (
            "no space after algorithm",
            good.replace("TC3-HMAC-SHA256 ", "TC3-HMAC-SHA256"),
        ),
        ("bad terminator", good.replace("tc3_request", "tc2_request")),
        (
            "short scope",
            good.replace("/ccc/tc3_request", "/tc3_request"),
        ),
        ("empty id", good.replace("=AKID/", "=/")),
        ("bad date", good.replace("2024-12-31", "20241231")),
        ("short signature", good.replace(&signature, "abc")),
        (
            "non-hex signature",
            good.replace(&signature, &"g".repeat(64)),
        ),
        (
            "missing signature",
            good.replace(&format!(", Signature={signature}"), ""),
        ),
        (
            "missing signed headers",
            good.replace(" SignedHeaders=content-type;host,", ""),
        ),
        (
            "empty signed header",
            good.replace("content-type;host", "content-type;;host"),
        ),
        ("duplicate part", format!("{good}, Signature={signature}")),
        ("unknown part", format!("{good}, Extra=1")),
        ("part without =", format!("{good}, Extra")),
    ] {
        assert!(
            parse_authorization(&header).is_err(),
            "{case}: {header:?} was accepted"
        );
    }
}
