//! TC3 vector checks: every intermediate of `tencent::sign`, the derived keys, the header set
//! `request_headers` sends, and `parse_authorization` round trips.

use serde_json::Value;

use super::{Report, header_set, str_at, string_pairs};
use crate::secret::Secret;
use crate::sign::tencent as tc3;

pub(super) fn check_tencent(report: &mut Report, vector: &Value) {
    let id = str_at(vector, "/id");
    let secret_key = Secret::new(str_at(vector, "/inputs/secret_key").to_string());
    let secret_id = str_at(vector, "/inputs/secret_id");
    let host = str_at(vector, "/inputs/host");
    let service = str_at(vector, "/inputs/service");
    let timestamp = vector
        .pointer("/inputs/timestamp")
        .and_then(Value::as_i64)
        .expect("timestamp");
    let body = str_at(vector, "/inputs/body").as_bytes();
    // The signer hard-codes POST to `/` with an empty query: the vectors must agree.
    report.same(id, "method", "POST", str_at(vector, "/inputs/method"));
    report.same(
        id,
        "canonical_uri",
        "/",
        str_at(vector, "/intermediate/canonical_uri"),
    );
    report.same(
        id,
        "canonical_query_string",
        "",
        str_at(vector, "/intermediate/canonical_query_string"),
    );

    let headers = vec![
        (
            "content-type".to_string(),
            str_at(vector, "/inputs/content_type").to_string(),
        ),
        ("host".to_string(), host.to_string()),
    ];
    let request = tc3::Request {
        service,
        headers: &headers,
        body,
        timestamp,
    };
    let signed = tc3::sign(&request, secret_id, &secret_key);
    let date_key = tc3::date_key(&secret_key, &signed.date);
    let service_key = tc3::service_key(&date_key, service);
    let intermediate = |name: &str| str_at(vector, &format!("/intermediate/{name}")).to_string();
    for (name, actual) in [
        (
            "hashed_request_payload",
            signed.hashed_request_payload.clone(),
        ),
        ("canonical_headers", signed.canonical_headers.clone()),
        ("signed_headers", signed.signed_headers.clone()),
        ("canonical_request", signed.canonical_request.clone()),
        (
            "hashed_canonical_request",
            signed.hashed_canonical_request.clone(),
        ),
        ("date", signed.date.clone()),
        ("credential_scope", signed.credential_scope.clone()),
        ("string_to_sign", signed.string_to_sign.clone()),
        ("secret_date_hex", hex::encode(date_key)),
        ("secret_service_hex", hex::encode(service_key)),
        (
            "secret_signing_hex",
            hex::encode(tc3::signing_key(&service_key)),
        ),
    ] {
        report.same(id, name, &actual, &intermediate(name));
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
    check_tencent_parse(report, id, &signed.authorization, secret_id, service);

    // What the client sends must be a subset of what the SDK sent (which adds trace/language headers).
    if let Some(sent) = vector
        .pointer("/output/request_headers_sent_by_sdk")
        .and_then(Value::as_object)
    {
        let credential = tc3::Credential {
            secret_id: secret_id.to_string(),
            secret_key: secret_key.clone(),
            token: None,
        };
        let ours = tc3::request_headers(
            host,
            service,
            str_at(vector, "/inputs/action"),
            str_at(vector, "/inputs/version"),
            body,
            timestamp,
            &credential,
        );
        let sdk = header_set(&string_pairs(sent));
        for pair in header_set(&ours) {
            if !sdk.contains(&pair) {
                report.mismatches.push(format!(
                    "{id}: request_headers sends {pair:?}, the SDK did not"
                ));
            }
        }
    }
}

fn check_tencent_parse(
    report: &mut Report,
    id: &str,
    header: &str,
    secret_id: &str,
    service: &str,
) {
    match tc3::parse_authorization(header) {
        Ok(parsed) => {
            report.same(id, "parsed secret_id", &parsed.secret_id, secret_id);
            report.same(id, "parsed service", &parsed.service, service);
            report.same(
                id,
                "parsed signed_headers",
                &parsed.signed_headers.join(";"),
                "content-type;host",
            );
            let rebuilt = format!(
                "{} Credential={}/{}/{}/tc3_request, SignedHeaders={}, Signature={}",
                tc3::ALGORITHM,
                parsed.secret_id,
                parsed.date,
                parsed.service,
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
