//! Pure. Tencent Cloud API 3.0 signing (TC3-HMAC-SHA256) for JSON POST requests, and the parser
//! of the `Authorization` header a verifier needs. Never reads the clock, never sends anything,
//! never logs; the secret key only keys the HMAC.

use super::{canonical_headers, hmac_sha256, sha256_hex, utc};
use crate::secret::Secret;
use secrecy::zeroize::Zeroizing;

/// The algorithm name that opens the `Authorization` header and the string to sign.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The `Content-Type` usersync sends (exactly this; the SDK sends no charset).
pub const CONTENT_TYPE: &str = "application/json";

/// A Tencent Cloud API key, optionally with an STS token (sent as `X-TC-Token`).
#[derive(Clone, Debug)]
pub struct Credential {
    pub secret_id: String,
    pub secret_key: Secret,
    pub token: Option<Secret>,
}

/// What is signed. `headers` = every header to sign as (lowercase name, value); the client passes
/// content-type and host only; a verifier passes whatever SignedHeaders listed.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// Product name (`ccc`, `organization`), never derived from the host.
    pub service: &'a str,
    pub headers: &'a [(String, String)],
    /// The exact body bytes sent.
    pub body: &'a [u8],
    /// Unix seconds, the value of `X-TC-Timestamp`.
    pub timestamp: i64,
}

/// Every intermediate of one signature, for tests, verifiers and debugging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    pub hashed_request_payload: String,
    pub canonical_headers: String,
    pub signed_headers: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    /// UTC date of the timestamp, `YYYY-MM-DD`.
    pub date: String,
    pub credential_scope: String,
    pub string_to_sign: String,
    pub signature: String,
    pub authorization: String,
}

/// Signs a POST to `/` with an empty query string.
pub fn sign(request: &Request, secret_id: &str, secret_key: &Secret) -> Signed {
    let hashed_request_payload = sha256_hex(request.body);
    let (canonical_headers, signed_headers) = canonical_headers(request.headers);
    let canonical_request =
        format!("POST\n/\n\n{canonical_headers}\n{signed_headers}\n{hashed_request_payload}");
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let date = scope_date(request.timestamp);
    let credential_scope = format!("{date}/{}/tc3_request", request.service);
    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{credential_scope}\n{hashed_canonical_request}",
        request.timestamp
    );
    let key = signing_key(&service_key(&date_key(secret_key, &date), request.service));
    let signature = hex::encode(hmac_sha256(&key, string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={secret_id}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}"
    );
    Signed {
        hashed_request_payload,
        canonical_headers,
        signed_headers,
        canonical_request,
        hashed_canonical_request,
        date,
        credential_scope,
        string_to_sign,
        signature,
        authorization,
    }
}

/// The full header set a client sends for a JSON POST: Host, Content-Type, X-TC-Action,
/// X-TC-Version, X-TC-Timestamp, Authorization, and X-TC-Token when the credential has one.
/// Only `content-type` and `host` are signed, as the official SDK does.
pub fn request_headers(
    host: &str,
    service: &str,
    action: &str,
    version: &str,
    body: &[u8],
    timestamp: i64,
    credential: &Credential,
) -> Vec<(String, String)> {
    let signed_set = [
        ("content-type".to_string(), CONTENT_TYPE.to_string()),
        ("host".to_string(), host.to_string()),
    ];
    let request = Request {
        service,
        headers: &signed_set,
        body,
        timestamp,
    };
    let signed = sign(&request, &credential.secret_id, &credential.secret_key);
    let mut headers = vec![
        ("Host".to_string(), host.to_string()),
        ("Content-Type".to_string(), CONTENT_TYPE.to_string()),
        ("X-TC-Action".to_string(), action.to_string()),
        ("X-TC-Version".to_string(), version.to_string()),
        ("X-TC-Timestamp".to_string(), timestamp.to_string()),
    ];
    if let Some(token) = &credential.token {
        headers.push(("X-TC-Token".to_string(), token.expose().to_string()));
    }
    headers.push(("Authorization".to_string(), signed.authorization));
    headers
}

/// Parsed `Authorization` header (for the emulator): credential id, date, service, signed header
/// names, signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    pub secret_id: String,
    pub date: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parses `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=<a;b>,
/// Signature=<64 hex>`. Spaces after the commas are optional; the three parts must each appear
/// exactly once. The error says what is wrong, without echoing the header.
pub fn parse_authorization(value: &str) -> Result<Authorization, String> {
    let (credential, signed_headers, signature) = super::authorization_parts(value, ALGORITHM)?;

    let scope: Vec<&str> = credential.split('/').collect();
    let [secret_id, date, service, terminator] = scope.as_slice() else {
        return Err("credential is not `<id>/<date>/<service>/tc3_request`".to_string());
    };
    if *terminator != "tc3_request" || secret_id.is_empty() || service.is_empty() {
        return Err("credential is not `<id>/<date>/<service>/tc3_request`".to_string());
    }
    if !is_iso_date(date) {
        return Err("credential date is not `YYYY-MM-DD`".to_string());
    }
    let signed_headers: Vec<String> = signed_headers.split(';').map(str::to_string).collect();
    if signed_headers.iter().any(String::is_empty) {
        return Err("empty name in `SignedHeaders`".to_string());
    }
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("signature is not 64 hex digits".to_string());
    }
    Ok(Authorization {
        secret_id: secret_id.to_string(),
        date: date.to_string(),
        service: service.to_string(),
        signed_headers,
        signature: signature.to_string(),
    })
}

/// The UTC calendar date of `timestamp`, `YYYY-MM-DD` (never local time).
pub fn scope_date(timestamp: i64) -> String {
    let at = utc(timestamp);
    format!(
        "{:04}-{:02}-{:02}",
        at.year(),
        u8::from(at.month()),
        at.day()
    )
}

fn is_iso_date(date: &str) -> bool {
    let bytes = date.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
}

// The derived keys of step 5, chained as raw 32-byte digests (not hex). Three functions rather
// than one so the vector tests can compare each intermediate key.

pub(crate) fn date_key(secret_key: &Secret, date: &str) -> [u8; 32] {
    // The prefixed key is a copy of the secret: wipe it when done.
    let key = Zeroizing::new(format!("TC3{}", secret_key.expose()));
    hmac_sha256(key.as_bytes(), date.as_bytes())
}

pub(crate) fn service_key(date_key: &[u8; 32], service: &str) -> [u8; 32] {
    hmac_sha256(date_key, service.as_bytes())
}

pub(crate) fn signing_key(service_key: &[u8; 32]) -> [u8; 32] {
    hmac_sha256(service_key, b"tc3_request")
}
