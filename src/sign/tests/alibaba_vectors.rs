//! ACS3 vector checks: `flatten`, every intermediate of `alibaba::sign`, `request_headers`, the
//! recommended and SDK-sent URLs through `decode_query`, and `parse_authorization` round trips.

use serde_json::Value;

use super::{Report, header_set, object_at, sorted, str_at, string_pairs};
use crate::secret::Secret;
use crate::sign::alibaba as acs3;

pub(super) fn check_alibaba(report: &mut Report, vector: &Value) {
    let id = str_at(vector, "/id");
    let access_key_id = str_at(vector, "/inputs/access_key_id");
    let secret = Secret::new(str_at(vector, "/inputs/access_key_secret").to_string());
    let method = str_at(vector, "/inputs/method");
    let body = str_at(vector, "/inputs/body").as_bytes();
    report.same(
        id,
        "canonical_uri",
        "/",
        str_at(vector, "/intermediate/canonical_uri"),
    );

    let expected_query = string_pairs(object_at(vector, "/inputs/query_params_flattened"));
    let flattened = sorted(acs3::flatten(object_at(vector, "/inputs/params")));
    if flattened != expected_query {
        report.mismatches.push(format!(
            "{id}: `flatten` differs\n  actual:   {flattened:?}\n  expected: {expected_query:?}"
        ));
    }
    let headers = string_pairs(object_at(vector, "/inputs/headers_to_sign"));
    let request = acs3::Request {
        method,
        query: &flattened,
        headers: &headers,
        body,
    };
    let signed = acs3::sign(&request, access_key_id, &secret);
    for (name, actual) in [
        ("hashed_request_payload", &signed.hashed_request_payload),
        ("canonical_query_string", &signed.canonical_query_string),
        ("canonical_headers", &signed.canonical_headers),
        ("signed_headers", &signed.signed_headers),
        ("canonical_request", &signed.canonical_request),
        ("hashed_canonical_request", &signed.hashed_canonical_request),
        ("string_to_sign", &signed.string_to_sign),
    ] {
        report.same(
            id,
            name,
            actual,
            str_at(vector, &format!("/intermediate/{name}")),
        );
    }
    report.same(
        id,
        "signature",
        &signed.signature,
        str_at(vector, "/output/signature"),
    );
    report.same(
        id,
        "authorization",
        &signed.authorization,
        str_at(vector, "/output/authorization"),
    );
    check_alibaba_parse(
        report,
        id,
        &signed.authorization,
        access_key_id,
        &signed.signed_headers,
    );
    check_alibaba_urls(
        report,
        vector,
        &signed.canonical_query_string,
        &expected_query,
    );

    // When the vector signs exactly the set usersync sends, `request_headers` must reproduce it.
    let host = str_at(vector, "/inputs/headers_to_sign/host");
    let minimal = [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ];
    let names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
    if names == minimal {
        let credential = acs3::Credential {
            access_key_id: access_key_id.to_string(),
            access_key_secret: secret.clone(),
            security_token: None,
        };
        let ours = acs3::request_headers(
            host,
            str_at(vector, "/inputs/action"),
            str_at(vector, "/inputs/version"),
            &flattened,
            str_at(vector, "/inputs/x_acs_date"),
            str_at(vector, "/inputs/x_acs_signature_nonce"),
            &credential,
        );
        let mut expected = headers.clone();
        expected.push((
            "authorization".to_string(),
            str_at(vector, "/output/authorization").to_string(),
        ));
        if header_set(&ours) != header_set(&expected) {
            report.mismatches.push(format!(
                "{id}: `request_headers` differs\n  actual:   {ours:?}\n  expected: {expected:?}"
            ));
        }
    }
}

fn check_alibaba_parse(
    report: &mut Report,
    id: &str,
    header: &str,
    access_key_id: &str,
    signed_headers: &str,
) {
    match acs3::parse_authorization(header) {
        Ok(parsed) => {
            report.same(
                id,
                "parsed access_key_id",
                &parsed.access_key_id,
                access_key_id,
            );
            report.same(
                id,
                "parsed signed_headers",
                &parsed.signed_headers.join(";"),
                signed_headers,
            );
            let rebuilt = format!(
                "{} Credential={},SignedHeaders={},Signature={}",
                acs3::ALGORITHM,
                parsed.access_key_id,
                parsed.signed_headers.join(";"),
                parsed.signature
            );
            report.same(id, "parse_authorization round trip", &rebuilt, header);
        }
        Err(error) => report
            .mismatches
            .push(format!("{id}: parse_authorization failed: {error}")),
    }
}

/// The recommended URL carries the canonical query; the SDK's form-encoded URL decodes to the
/// same pairs, which is what a verifier re-canonicalises.
fn check_alibaba_urls(
    report: &mut Report,
    vector: &Value,
    canonical: &str,
    expected: &[(String, String)],
) {
    let id = str_at(vector, "/id");
    let query_of = |url: &str| {
        url.split_once('?')
            .map(|(_, query)| query.to_string())
            .unwrap_or_default()
    };
    if let Some(recommended) = vector
        .pointer("/output/url_recommended")
        .and_then(Value::as_str)
    {
        let prefix = format!(
            "{}://{}/?",
            str_at(vector, "/inputs/scheme"),
            str_at(vector, "/inputs/host")
        );
        report.same(
            id,
            "url_recommended",
            &format!("{prefix}{canonical}"),
            recommended,
        );
        let decoded = sorted(acs3::decode_query(&query_of(recommended)));
        if decoded != expected {
            report
                .mismatches
                .push(format!("{id}: decode_query(url_recommended) = {decoded:?}"));
        }
    }
    if let Some(python) = vector
        .pointer("/output/url_sent_by_python_sdk")
        .and_then(Value::as_str)
    {
        let decoded = sorted(acs3::decode_query(&query_of(python)));
        if decoded != expected {
            report.mismatches.push(format!(
                "{id}: decode_query(url_sent_by_python_sdk) = {decoded:?}"
            ));
        }
        report.same(
            id,
            "canonical_query(decode_query(python url))",
            &acs3::canonical_query(&decoded),
            canonical,
        );
    }
}
