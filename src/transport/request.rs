//! Pure. One signed attempt as it goes on the wire: URL, headers and body, built from the
//! logical parameters with the cloud's encoding (Tencent: compact JSON body; Alibaba: the
//! canonical query string as the URL query and an empty body) and signed with the given time
//! and nonce. Never sends anything; the secrets only reach `sign`.

use super::Credentials;
use crate::providers::endpoint::Endpoint;
use crate::providers::wire::Params;
use crate::providers::{Cloud, ProviderSpec};
use crate::sign;

/// Everything needed to send one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
    /// `POST` to this URL.
    pub url: String,
    /// Header names and values, `Host` included, `Authorization` last.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The parts of a request that are the same on every attempt (the signature is not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encoded {
    /// Tencent: the JSON body.
    Json(Vec<u8>),
    /// Alibaba: flattened query pairs (unencoded) and the canonical query string.
    Query {
        pairs: Vec<(String, String)>,
        query: String,
    },
}

/// Encodes `params` for the spec's cloud.
pub fn encode(spec: &ProviderSpec, params: &Params) -> Result<Encoded, String> {
    match spec.cloud {
        Cloud::Tencent => serde_json::to_vec(params)
            .map(Encoded::Json)
            .map_err(|error| format!("parameters do not serialise: {error}")),
        Cloud::Alibaba => {
            let pairs = sign::alibaba::flatten(params);
            let query = sign::alibaba::canonical_query(&pairs);
            Ok(Encoded::Query { pairs, query })
        }
    }
}

/// Signs one attempt at `unix_seconds` with `nonce` (Alibaba only; Tencent binds the
/// timestamp instead).
pub fn sign_request(
    spec: &ProviderSpec,
    endpoint: &Endpoint,
    credentials: &Credentials,
    action: &str,
    encoded: &Encoded,
    unix_seconds: i64,
    nonce: &str,
) -> Result<SignedRequest, String> {
    match (encoded, credentials) {
        (Encoded::Json(body), Credentials::Tencent(credential)) => Ok(SignedRequest {
            url: format!("{}/", endpoint.base_url),
            headers: sign::tencent::request_headers(
                &endpoint.host,
                spec.service,
                action,
                spec.version,
                body,
                unix_seconds,
                credential,
            ),
            body: body.clone(),
        }),
        (Encoded::Query { pairs, query }, Credentials::Alibaba(credential)) => {
            let date = sign::alibaba::format_date(unix_seconds);
            let headers = sign::alibaba::request_headers(
                &endpoint.host,
                action,
                spec.version,
                pairs,
                &date,
                nonce,
                credential,
            );
            let url = if query.is_empty() {
                format!("{}/", endpoint.base_url)
            } else {
                format!("{}/?{query}", endpoint.base_url)
            };
            Ok(SignedRequest {
                url,
                headers,
                body: Vec::new(),
            })
        }
        _ => Err(format!(
            "{} credentials cannot sign a `{}` request",
            credentials.cloud_name(),
            spec.provider_type
        )),
    }
}
