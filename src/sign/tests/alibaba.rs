//! ACS3 behaviour the vectors do not pin: encoding edge cases, sort order, flattening shapes, dates,
//! STS tokens, and the parsers' handling of odd input.

use serde_json::json;

use crate::secret::Secret;
use crate::sign::alibaba::{
    Credential, EMPTY_BODY_SHA256, Request, canonical_query, decode_query, flatten, format_date,
    parse_authorization, percent_encode, request_headers, sign,
};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

#[test]
fn percent_encode_is_rfc3986_with_uppercase_hex() {
    for (raw, encoded) in [
        ("AZaz09-_.~", "AZaz09-_.~"),
        (" ", "%20"),
        ("*", "%2A"),
        ("@", "%40"),
        ("/", "%2F"),
        ("+", "%2B"),
        ("=&", "%3D%26"),
        ("刘", "%E5%88%98"),
        ("", ""),
    ] {
        assert_eq!(percent_encode(raw), encoded, "{raw:?}");
    }
}

#[test]
fn canonical_query_sorts_by_name_bytes() {
    let query = pairs(&[
        ("CustomFields.2.FieldName", "b"),
        ("CustomFields.10.FieldName", "j"),
        ("A", ""),
        ("CustomFields.1.FieldName", "a b"),
    ]);
    assert_eq!(
        canonical_query(&query),
        "A=&CustomFields.1.FieldName=a%20b&CustomFields.10.FieldName=j&CustomFields.2.FieldName=b"
    );
    assert_eq!(canonical_query(&[]), "");
}

#[test]
fn flatten_covers_every_shape() {
    let params = json!({
        "InstanceId": "ccc-test",
        "PageSize": 100,
        "Force": false,
        "Verified": true,
        "Missing": null,
        "UserIds": ["user_a", "user_b"],
        "CustomFields": [{"FieldName": "nick", "FieldValue": null, "Operation": "remove"}],
        "Target": {"Type": 1, "Extension": "1001"},
        "Empty": "",
        "None": []
    });
    let flat = flatten(params.as_object().expect("object"));
    assert_eq!(
        flat,
        pairs(&[
            ("InstanceId", "ccc-test"),
            ("PageSize", "100"),
            ("Force", "false"),
            ("Verified", "true"),
            ("UserIds.1", "user_a"),
            ("UserIds.2", "user_b"),
            ("CustomFields.1.FieldName", "nick"),
            ("CustomFields.1.Operation", "remove"),
            ("Target.Type", "1"),
            ("Target.Extension", "1001"),
            ("Empty", ""),
        ])
    );
}

#[test]
fn format_date_is_utc_iso8601() {
    assert_eq!(format_date(1735688000), "2024-12-31T23:33:20Z");
    assert_eq!(format_date(1698315752), "2023-10-26T10:22:32Z");
    assert_eq!(format_date(0), "1970-01-01T00:00:00Z");
}

#[test]
fn security_token_is_sent_and_signed() {
    let credential = Credential {
        access_key_id: "LTAI5tUsersyncEXAMPLE01".to_string(),
        access_key_secret: Secret::new("UsersyncSecretEXAMPLE0123456789abc".to_string()),
        security_token: Some(Secret::new("sts-token".to_string())),
    };
    let query = pairs(&[("InstanceId", "ccc-test")]);
    let headers = request_headers(
        "127.0.0.1:9000",
        "ListRoles",
        "2020-07-01",
        &query,
        "2024-12-31T23:33:20Z",
        "n1",
        &credential,
    );
    let (signed_set, authorization): (Vec<_>, Vec<_>) = headers
        .into_iter()
        .partition(|(name, _)| name != "authorization");
    assert!(signed_set.contains(&("x-acs-security-token".to_string(), "sts-token".to_string())));
    assert!(signed_set.contains(&(
        "x-acs-content-sha256".to_string(),
        EMPTY_BODY_SHA256.to_string()
    )));
    let parsed = parse_authorization(&authorization[0].1).expect("own header parses");
    assert_eq!(
        parsed.signed_headers.join(";"),
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version"
    );
    let request = Request {
        method: "POST",
        query: &query,
        headers: &signed_set,
        body: b"",
    };
    let signed = sign(
        &request,
        &parsed.access_key_id,
        &credential.access_key_secret,
    );
    assert_eq!(signed.signature, parsed.signature);
    assert_eq!(signed.hashed_request_payload, EMPTY_BODY_SHA256);
}

#[test]
fn decode_query_handles_form_and_percent_encoding() {
    assert_eq!(
        decode_query("a=b+c&d=%2B%20%E5%88%98&flag&e=&&x=1=2"),
        pairs(&[
            ("a", "b c"),
            ("d", "+ 刘"),
            ("flag", ""),
            ("e", ""),
            ("x", "1=2")
        ])
    );
    assert_eq!(decode_query(""), Vec::<(String, String)>::new());
    // A plus sign that was percent-encoded stays a plus.
    assert_eq!(
        decode_query("Email=alice%2Bops%40example.com"),
        pairs(&[("Email", "alice+ops@example.com")])
    );
}

#[test]
fn parse_authorization_refuses_malformed_headers() {
    let good = "ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host;x-acs-date,Signature=0a1b";
    let parsed = parse_authorization(good).expect("good header");
    assert_eq!(parsed.access_key_id, "LTAI");
    assert_eq!(parsed.signed_headers, ["host", "x-acs-date"]);
    assert_eq!(parsed.signature, "0a1b");
    assert_eq!(parse_authorization(&good.replace(',', ", ")), Ok(parsed));
    for (case, header) in [
        ("empty", String::new()),
        ("other algorithm", good.replace("ACS3", "TC3")),
        ("missing credential", good.replace("Credential=LTAI,", "")),
        ("empty credential", good.replace("=LTAI", "=")),
        ("missing signature", good.replace(",Signature=0a1b", "")),
        ("empty signature", good.replace("0a1b", "")),
        ("non-hex signature", good.replace("0a1b", "xyz")),
        ("empty signed header", good.replace("host;", ";")),
        ("duplicate", format!("{good},Signature=0a1b")),
        ("unknown part", format!("{good},Scope=x")),
    ] {
        assert!(
            parse_authorization(&header).is_err(),
            "{case}: {header:?} was accepted"
        );
    }
}
