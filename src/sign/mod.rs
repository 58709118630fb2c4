//! Pure. Request signers, one per cloud: `tencent` (TC3-HMAC-SHA256) and `alibaba`
//! (ACS3-HMAC-SHA256), plus the parsers a verifier (the emulator) needs. Time and nonces are
//! arguments: nothing here reads the clock, the environment or the network, and nothing here logs.
//!
//! This is the only module that calls `Secret::expose`.

pub mod alibaba;
pub mod tencent;

#[cfg(test)]
mod tests;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::model::Cloud;

/// The credentials of one provider instance, for its cloud's signer.
#[derive(Clone, Debug)]
pub enum Credentials {
    Tencent(tencent::Credential),
    Alibaba(alibaba::Credential),
}

impl Credentials {
    pub fn cloud(&self) -> Cloud {
        match self {
            Credentials::Tencent(_) => Cloud::Tencent,
            Credentials::Alibaba(_) => Cloud::Alibaba,
        }
    }

    pub fn cloud_name(&self) -> &'static str {
        match self.cloud() {
            Cloud::Tencent => "Tencent Cloud",
            Cloud::Alibaba => "Alibaba Cloud",
        }
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Raw HMAC-SHA256 of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length (long keys are hashed, short ones padded).
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .expect("HMAC-SHA256 accepts a key of any length");
    mac.update(message);
    let mut out = [0u8; 32];
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

/// Splits `<ALGORITHM> Credential=…,SignedHeaders=…,Signature=…` (spaces after the commas
/// optional; each part exactly once) into its three values, for both clouds' verifiers. The
/// error says what is wrong, without echoing the header.
pub(crate) fn authorization_parts<'a>(
    value: &'a str,
    algorithm: &str,
) -> Result<(&'a str, &'a str, &'a str), String> {
    let rest = value
        .trim()
        .strip_prefix(algorithm)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| format!("authorization does not start with `{algorithm} `"))?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (key, field) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| "authorization part without `=`".to_string())?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            other => return Err(format!("unknown authorization part `{other}`")),
        };
        if slot.replace(field).is_some() {
            return Err(format!("authorization part `{key}` appears twice"));
        }
    }
    Ok((
        credential.ok_or("authorization has no `Credential`")?,
        signed_headers.ok_or("authorization has no `SignedHeaders`")?,
        signature.ok_or("authorization has no `Signature`")?,
    ))
}

/// Canonical headers (`name:value\n` each, sorted by lowercase name, values trimmed) and the
/// `;`-joined signed header names, shared by both algorithms.
pub(crate) fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut sorted: Vec<(String, &str)> = headers
        .iter()
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim()))
        .collect();
    sorted.sort();
    let canonical = sorted
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect::<String>();
    let signed = sorted
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");
    (canonical, signed)
}

/// The UTC calendar time of `unix_seconds`. Timestamps outside the years -9999..=9999 cannot
/// come from a real clock; they are clamped to the Unix epoch rather than panicking.
pub(crate) fn utc(unix_seconds: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}
