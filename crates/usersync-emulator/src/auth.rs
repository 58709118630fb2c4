//! Request authentication for both clouds: parses the `Authorization` header, checks keys, clock
//! windows, tokens and nonces, and recomputes TC3 / ACS3 signatures from the received bytes with
//! `crate::sign`. Never signs anything of its own and never logs a key, token or signature.

use std::collections::HashMap;

use axum::http::HeaderMap;
use time::OffsetDateTime;
use time::format_description::well_known::Iso8601;

use super::reply::ApiError;
use super::seed::Credentials;
use usersync::secret::Secret;
use usersync::sign::{alibaba, tencent};

const TENCENT_WINDOW_S: i64 = 300;
const ALIBABA_WINDOW_MS: i64 = 15 * 60 * 1000;

struct Key {
    secret: Secret,
    account: String,
    token: Option<Secret>,
}

/// The keys the emulator accepts, by id.
pub struct Keyring {
    tencent: HashMap<String, Key>,
    alibaba: HashMap<String, Key>,
}

impl Keyring {
    pub fn new(credentials: &Credentials) -> Keyring {
        let tencent = credentials.tencent.iter().map(|k| {
            let (account, token) = (k.account.as_deref(), k.token.as_deref());
            Key::entry(&k.secret_id, &k.secret_key, account, token)
        });
        let alibaba = credentials.alibaba.iter().map(|k| {
            let (account, token) = (k.account.as_deref(), k.security_token.as_deref());
            Key::entry(&k.access_key_id, &k.access_key_secret, account, token)
        });
        Keyring {
            tencent: tencent.collect(),
            alibaba: alibaba.collect(),
        }
    }
}

impl Key {
    /// A seeded key by its id; `account` defaults to the id.
    fn entry(id: &str, secret: &str, account: Option<&str>, token: Option<&str>) -> (String, Key) {
        let key = Key {
            secret: Secret::new(secret.to_string()),
            account: account.unwrap_or(id).to_string(),
            token: token.map(|token| Secret::new(token.to_string())),
        };
        (id.to_string(), key)
    }
}

/// Who sent an authenticated request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Rate limits count per account.
    pub account: String,
    /// Tencent only: the service named in the credential scope.
    pub service: String,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The signed header set as (lowercase name, received value); `None` if one is missing.
fn signed_set(headers: &HeaderMap, names: &[String]) -> Option<Vec<(String, String)>> {
    names
        .iter()
        .map(|name| {
            let name = name.to_ascii_lowercase();
            header(headers, &name).map(|value| (name, value.to_string()))
        })
        .collect()
}

/// Constant-time comparison of two signatures.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// TC3-HMAC-SHA256, checked in the order of PROVIDERS.md section 10 (Tencent 1-3).
pub fn verify_tencent(
    keys: &Keyring,
    headers: &HeaderMap,
    body: &[u8],
    now_s: i64,
) -> Result<Caller, ApiError> {
    let fail = |code: &str, message: &str| ApiError::tencent(code, message);
    let auth = header(headers, "authorization")
        .ok_or_else(|| {
            fail(
                "AuthFailure.InvalidAuthorization",
                "The Authorization header is missing.",
            )
        })
        .and_then(|value| {
            tencent::parse_authorization(value).map_err(|why| {
                fail(
                    "AuthFailure.InvalidAuthorization",
                    &format!("Authorization is malformed: {why}."),
                )
            })
        })?;
    for needed in ["content-type", "host"] {
        if !auth
            .signed_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(needed))
        {
            return Err(fail(
                "AuthFailure.InvalidAuthorization",
                &format!("SignedHeaders must include `{needed}`."),
            ));
        }
    }
    let key = keys.tencent.get(&auth.secret_id).ok_or_else(|| {
        fail(
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
        )
    })?;
    let timestamp: i64 = header(headers, "x-tc-timestamp")
        .ok_or_else(|| {
            fail(
                "MissingParameter",
                "The request is missing a required parameter `X-TC-Timestamp`.",
            )
        })?
        .parse()
        .map_err(|_| fail("InvalidParameter", "X-TC-Timestamp must be Unix seconds."))?;
    if (now_s - timestamp).abs() > TENCENT_WINDOW_S {
        return Err(fail(
            "AuthFailure.SignatureExpire",
            &format!(
                "Signature expired. Timestamp `{timestamp}` is more than 300 seconds from the server time `{now_s}`."
            ),
        ));
    }
    let sent_token = header(headers, "x-tc-token").filter(|t| !t.is_empty());
    let token_matches = match (sent_token, &key.token) {
        (None, None) => true,
        (Some(sent), Some(token)) => token.is(sent),
        _ => false,
    };
    if !token_matches {
        return Err(fail(
            "AuthFailure.TokenFailure",
            "The token is invalid or does not belong to this SecretId.",
        ));
    }
    let signature_failure = || {
        fail(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        )
    };
    let signed = signed_set(headers, &auth.signed_headers).ok_or_else(signature_failure)?;
    let request = tencent::Request {
        service: &auth.service,
        headers: &signed,
        body,
        timestamp,
    };
    let expected = tencent::sign(&request, &auth.secret_id, &key.secret);
    if expected.date != auth.date || !same(&expected.signature, &auth.signature) {
        return Err(signature_failure());
    }
    Ok(Caller {
        account: key.account.clone(),
        service: auth.service,
    })
}

/// Seen Alibaba nonces per key, with when they were seen (ms). A nonce seen more than the
/// window ago counts as unseen; such entries are swept out at most once per second of the
/// emulator's clock (sweeping on every request made a large benchmark quadratic).
#[derive(Debug, Default)]
pub struct Nonces {
    seen: HashMap<(String, String), i64>,
    swept_ms: i64,
}

impl Nonces {
    /// Records `key` as seen at `now_ms`; `false` when it was seen within the window.
    fn first_use(&mut self, key: (String, String), now_ms: i64) -> bool {
        let fresh = |seen: i64| now_ms - seen <= ALIBABA_WINDOW_MS;
        if (now_ms - self.swept_ms).abs() >= 1000 {
            self.seen.retain(|_, seen| fresh(*seen));
            self.swept_ms = now_ms;
        }
        if self.seen.get(&key).is_some_and(|seen| fresh(*seen)) {
            return false;
        }
        self.seen.insert(key, now_ms);
        true
    }
}

/// ACS3-HMAC-SHA256, checked in the order of PROVIDERS.md section 10 (Alibaba 1-3).
pub fn verify_alibaba(
    keys: &Keyring,
    nonces: &mut Nonces,
    method: &str,
    raw_query: &str,
    headers: &HeaderMap,
    body: &[u8],
    now_ms: i64,
) -> Result<Caller, ApiError> {
    let fail = |status: u16, code: &str, message: String| ApiError::gateway(status, code, message);
    let auth = header(headers, "authorization")
        .ok_or_else(|| {
            fail(
                400,
                "IncompleteSignature",
                "The Authorization header is missing.".into(),
            )
        })
        .and_then(|value| {
            alibaba::parse_authorization(value).map_err(|why| {
                fail(
                    400,
                    "IncompleteSignature",
                    format!("The request signature does not conform to Aliyun standards: {why}."),
                )
            })
        })?;
    let signed_names: Vec<String> = auth
        .signed_headers
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let must_sign = headers
        .keys()
        .map(|name| name.as_str())
        .filter(|name| *name == "host" || name.starts_with("x-acs-"));
    for name in must_sign {
        if !signed_names.iter().any(|signed| signed == name) {
            return Err(fail(
                400,
                "IncompleteSignature",
                format!("The header {name} must be signed."),
            ));
        }
    }
    if !signed_names.iter().any(|signed| signed == "host") {
        return Err(fail(
            400,
            "IncompleteSignature",
            "The header host must be signed.".into(),
        ));
    }
    let required = |name: &str| {
        header(headers, name).ok_or_else(|| {
            fail(
                400,
                "MissingParameter",
                format!("The header {name} is mandatory."),
            )
        })
    };
    let content_sha = required("x-acs-content-sha256")?;
    let date = required("x-acs-date")?;
    let nonce = required("x-acs-signature-nonce")?;
    let body_sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(body));
    if !content_sha.eq_ignore_ascii_case(&body_sha) {
        return Err(fail(
            400,
            "SignatureDoesNotMatch",
            "The x-acs-content-sha256 header does not match the body.".into(),
        ));
    }
    let sent_ms = OffsetDateTime::parse(date, &Iso8601::DEFAULT)
        .ok()
        .filter(|_| date.len() == 20 && date.ends_with('Z'))
        .map(|at| i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(0))
        .ok_or_else(|| {
            fail(
                400,
                "InvalidTimeStamp.Format",
                format!("The x-acs-date {date} is not YYYY-MM-DDTHH:MM:SSZ."),
            )
        })?;
    if (now_ms - sent_ms).abs() > ALIBABA_WINDOW_MS {
        return Err(fail(
            400,
            "InvalidTimeStamp.Expired",
            format!(
                "Specified time stamp or date value is expired. The x-acs-date {date} is more than 15 minutes from the server time."
            ),
        ));
    }
    let key = keys.alibaba.get(&auth.access_key_id).ok_or_else(|| {
        fail(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.".into(),
        )
    })?;
    let sent_token = header(headers, "x-acs-security-token").filter(|t| !t.is_empty());
    let token_matches = match (sent_token, &key.token) {
        (None, None) => true,
        (Some(sent), Some(token)) => token.is(sent),
        _ => false,
    };
    if !token_matches {
        return Err(fail(
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "The security token does not belong to this AccessKeyId.".into(),
        ));
    }
    let signed = signed_set(headers, &signed_names).ok_or_else(|| {
        fail(
            400,
            "IncompleteSignature",
            "A signed header is missing from the request.".into(),
        )
    })?;
    let query = alibaba::decode_query(raw_query);
    let request = alibaba::Request {
        method,
        query: &query,
        headers: &signed,
        body,
    };
    let expected = alibaba::sign(&request, &auth.access_key_id, &key.secret);
    if !same(&expected.signature, &auth.signature.to_ascii_lowercase()) {
        return Err(fail(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature does not match our calculation. server string to sign is:{}",
                expected.string_to_sign
            ),
        ));
    }
    let nonce_key = (auth.access_key_id.clone(), nonce.to_string());
    if !nonces.first_use(nonce_key, now_ms) {
        return Err(fail(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.".into(),
        ));
    }
    Ok(Caller {
        account: key.account.clone(),
        service: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_refused_within_fifteen_minutes_and_taken_again_after() {
        let mut nonces = Nonces::default();
        let key = || ("LTAI".to_string(), "n-1".to_string());
        assert!(nonces.first_use(key(), 1_000));
        assert!(!nonces.first_use(key(), 1_000 + ALIBABA_WINDOW_MS));
        assert!(nonces.first_use(("LTAI".into(), "n-2".into()), 2_000));
        assert!(nonces.first_use(key(), 1_001 + ALIBABA_WINDOW_MS));
        assert!(!nonces.first_use(key(), 2_000 + ALIBABA_WINDOW_MS));
        // Swept once the window has passed: only the nonces still in it are kept.
        assert!(nonces.first_use(("LTAI".into(), "n-3".into()), 3_000 + 2 * ALIBABA_WINDOW_MS));
        assert_eq!(nonces.seen.len(), 1);
    }
}
