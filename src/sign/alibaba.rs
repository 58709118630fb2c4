//! Pure. Alibaba Cloud RPC OpenAPI signing (ACS3-HMAC-SHA256, the "V3" signature): parameter
//! flattening, RFC 3986 query canonicalisation, the signed `x-acs-*` header set, and the parsers a
//! verifier needs. Never reads the clock or makes nonces (both are arguments), never sends
//! anything, never logs; the secret only keys the HMAC.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_json::{Map, Value};

use super::{canonical_headers, hmac_sha256, sha256_hex, utc};
use crate::secret::Secret;

/// The algorithm name that opens the `Authorization` header and the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";
/// Hex SHA-256 of the empty body: every RPC call sends no body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// RFC 3986 unreserved characters stay; every other byte is `%XX` (uppercase hex).
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// An Alibaba Cloud AccessKey, optionally with an STS token (sent and signed as
/// `x-acs-security-token`).
#[derive(Clone, Debug)]
pub struct Credential {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub security_token: Option<Secret>,
}

/// What is signed. The path is always `/`.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub method: &'a str,
    /// Flattened parameters, NOT encoded.
    pub query: &'a [(String, String)],
    /// Lowercase names, exactly the signed set (never `authorization`).
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// Every intermediate of one signature, for tests, verifiers and debugging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    pub hashed_request_payload: String,
    pub canonical_query_string: String,
    pub canonical_headers: String,
    pub signed_headers: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    pub authorization: String,
}

/// Signs `request` (ACS3-HMAC-SHA256, PROVIDERS.md 2.5).
pub fn sign(request: &Request, access_key_id: &str, secret: &Secret) -> Signed {
    let hashed_request_payload = sha256_hex(request.body);
    let canonical_query_string = canonical_query(request.query);
    let (canonical_headers, signed_headers) = canonical_headers(request.headers);
    let canonical_request = format!(
        "{}\n/\n{canonical_query_string}\n{canonical_headers}\n{signed_headers}\n{hashed_request_payload}",
        request.method
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = format!("{ALGORITHM}\n{hashed_canonical_request}");
    let signature = hex::encode(hmac_sha256(
        secret.expose().as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let authorization = format!(
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"
    );
    Signed {
        hashed_request_payload,
        canonical_query_string,
        canonical_headers,
        signed_headers,
        canonical_request,
        hashed_canonical_request,
        string_to_sign,
        signature,
        authorization,
    }
}

/// RFC 3986 percent-encoding over UTF-8 bytes: `A-Z a-z 0-9 - _ . ~` stay, everything else is
/// `%XX` with uppercase hex (space is `%20`, never `+`).
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, ENCODE).to_string()
}

/// The canonical query string: names and values encoded, pairs sorted by encoded name bytes
/// (then value), each `name=value`, joined by `&`. It is also the query to put in the URL.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = query
        .iter()
        .map(|(name, value)| (percent_encode(name), percent_encode(value)))
        .collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Flatten logical JSON params (as in the vectors' `params`) to query pairs: scalars as strings,
/// booleans lowercase, lists of objects `Name.1.Field` (1-based), lists of scalars `Name.1`,
/// objects `Name.Field`, nulls omitted. Order follows the input; `canonical_query` sorts.
pub fn flatten(params: &Map<String, Value>) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (name, value) in params {
        flatten_into(name, value, &mut pairs);
    }
    pairs
}

fn flatten_into(prefix: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => pairs.push((prefix.to_string(), flag.to_string())),
        Value::Number(number) => pairs.push((prefix.to_string(), number.to_string())),
        Value::String(text) => pairs.push((prefix.to_string(), text.clone())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten_into(&format!("{prefix}.{}", index + 1), item, pairs);
            }
        }
        Value::Object(fields) => {
            for (field, item) in fields {
                flatten_into(&format!("{prefix}.{field}"), item, pairs);
            }
        }
    }
}

/// The headers a client sends (lowercase names): host, x-acs-action, x-acs-version, x-acs-date,
/// x-acs-signature-nonce, x-acs-content-sha256, x-acs-security-token when present, and
/// authorization. `date` is already formatted `YYYY-MM-DDTHH:MM:SSZ`. The body is empty; every
/// header but `authorization` is signed.
pub fn request_headers(
    host: &str,
    action: &str,
    version: &str,
    query: &[(String, String)],
    date: &str,
    nonce: &str,
    credential: &Credential,
) -> Vec<(String, String)> {
    let mut headers = vec![
        ("host".to_string(), host.to_string()),
        ("x-acs-action".to_string(), action.to_string()),
        ("x-acs-version".to_string(), version.to_string()),
        ("x-acs-date".to_string(), date.to_string()),
        ("x-acs-signature-nonce".to_string(), nonce.to_string()),
        (
            "x-acs-content-sha256".to_string(),
            EMPTY_BODY_SHA256.to_string(),
        ),
    ];
    if let Some(token) = &credential.security_token {
        headers.push((
            "x-acs-security-token".to_string(),
            token.expose().to_string(),
        ));
    }
    let request = Request {
        method: "POST",
        query,
        headers: &headers,
        body: b"",
    };
    let signed = sign(
        &request,
        &credential.access_key_id,
        &credential.access_key_secret,
    );
    headers.push(("authorization".to_string(), signed.authorization));
    headers
}

/// `YYYY-MM-DDTHH:MM:SSZ` in UTC, the `x-acs-date` format.
pub fn format_date(unix_seconds: i64) -> String {
    let at = utc(unix_seconds);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Parsed `Authorization` header (for the emulator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`. Spaces after
/// the commas are tolerated; each part must appear exactly once. The error says what is wrong,
/// without echoing the header.
pub fn parse_authorization(value: &str) -> Result<Authorization, String> {
    let (access_key_id, signed_headers, signature) = super::authorization_parts(value, ALGORITHM)?;
    if access_key_id.is_empty() {
        return Err("empty `Credential`".to_string());
    }
    let signed_headers: Vec<String> = signed_headers.split(';').map(str::to_string).collect();
    if signed_headers.iter().any(String::is_empty) {
        return Err("empty name in `SignedHeaders`".to_string());
    }
    if signature.is_empty() || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("signature is not hex".to_string());
    }
    Ok(Authorization {
        access_key_id: access_key_id.to_string(),
        signed_headers,
        signature: signature.to_string(),
    })
}

/// Decode a received raw URL query (without the `?`; percent-decoding, `+` as space) into pairs,
/// in received order. A segment without `=` is a name with an empty value; empty segments are
/// skipped; invalid UTF-8 is replaced rather than rejected (the signature then fails to match).
pub fn decode_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let (name, value) = segment.split_once('=').unwrap_or((segment, ""));
            (form_decode(name), form_decode(value))
        })
        .collect()
}

fn form_decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}
