//! Pure. The typed error of one provider call (`CallError`), its retry class (`ErrorClass`), the
//! error-code classification of both clouds (PROVIDERS.md 1.3, 2.4, 7) and the response envelope
//! parsers that turn a status and body into `Ok(json)` or a `CallError`. Never sends, sleeps or
//! logs; never holds a secret (it sees only responses).

use std::time::Duration;

mod envelope;
mod network;
#[cfg(test)]
mod tests;

pub use envelope::{Answered, alibaba_envelope, tencent_envelope};
pub use network::{Link, network_cause};

/// How the caller should react to a failed call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Flow control: retry after a delay (`retry_after` when the provider gave one).
    Throttled,
    /// Server or network fault: retry with backoff (every write sets absolute values, so
    /// repeating one is safe).
    Transient,
    /// Signature, credential, clock or permission problem: never retry; every other call with
    /// the same credentials will most likely fail the same way.
    Auth,
    /// Bad input, not found, conflict, unsupported: never retry this call.
    Permanent,
    /// The provider cannot be reached (its circuit breaker is open): never retry; nothing
    /// more is sent to it in this run.
    Unreachable,
}

/// The failure of one provider call. Every variant names the provider and the action.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("{provider} `{action}` was throttled: `{code}`: {message}{}", request_id_note(.request_id.as_deref()))]
    Throttled {
        provider: String,
        action: String,
        code: String,
        message: String,
        request_id: Option<String>,
        retry_after: Option<Duration>,
    },
    #[error("{provider} `{action}` failed: `{code}`: {message}{}{}", request_id_note(.request_id.as_deref()), code_hint(.code))]
    Api {
        provider: String,
        action: String,
        code: String,
        message: String,
        request_id: Option<String>,
        class: ErrorClass,
    },
    #[error("{provider} `{action}` failed with http status {status}{}{}", request_id_note(.request_id.as_deref()), http_note(*.status, .body_excerpt))]
    Http {
        provider: String,
        action: String,
        status: u16,
        body_excerpt: String,
        request_id: Option<String>,
    },
    /// A network failure: no connection (`sent: false`: nothing was sent), or a connection
    /// that broke before the answer came (`sent: true`). `message` is the cause only (such as
    /// `connection refused`), never the URL, which carries Alibaba's parameters.
    #[error("{provider} `{action}`: {}", network_note(.host, .message, *.sent))]
    Network {
        provider: String,
        action: String,
        /// The host (and port, when not the scheme's) the request went to.
        host: String,
        message: String,
        /// The request may have reached the server.
        sent: bool,
    },
    /// No answer within the request timeout (the request may have reached the server).
    #[error("{provider} `{action}`: no answer from `{host}` within {}", seconds(.after))]
    Timeout {
        provider: String,
        action: String,
        host: String,
        after: Duration,
    },
    #[error("{provider} `{action}`: could not read the response: {message}")]
    Decode {
        provider: String,
        action: String,
        message: String,
    },
    /// The apply was interrupted while the call waited for its turn: nothing was sent.
    #[error("{provider} `{action}`: not sent, the apply was interrupted")]
    Interrupted { provider: String, action: String },
    /// The provider's circuit breaker is open: connections to `host` failed repeatedly (`cause`
    /// is the last failure), so this call was given up without another attempt. When no
    /// earlier attempt of the call may have reached the server (`maybe_sent: false`), it was
    /// not sent at all.
    #[error("{provider} `{action}`: {}", unreachable_note(.host, .cause, *.maybe_sent))]
    Unreachable {
        provider: String,
        action: String,
        host: String,
        cause: String,
        maybe_sent: bool,
    },
}

impl CallError {
    /// The retry class. An `Http` error carries no API code: the API layer was not reached
    /// (gateway, proxy), so it is transient, or throttled for 429. A `Decode` error is permanent:
    /// the server answered and asking again gets the same answer.
    pub fn class(&self) -> ErrorClass {
        match self {
            CallError::Throttled { .. } => ErrorClass::Throttled,
            CallError::Api { class, .. } => *class,
            CallError::Http { status: 429, .. } => ErrorClass::Throttled,
            CallError::Http { .. } | CallError::Network { .. } | CallError::Timeout { .. } => {
                ErrorClass::Transient
            }
            CallError::Decode { .. } | CallError::Interrupted { .. } => ErrorClass::Permanent,
            CallError::Unreachable { .. } => ErrorClass::Unreachable,
        }
    }

    /// Whether the call certainly never reached the server: interrupted before its turn, or
    /// given up as unreachable before any attempt connected.
    pub fn not_sent(&self) -> bool {
        matches!(
            self,
            CallError::Interrupted { .. }
                | CallError::Unreachable {
                    maybe_sent: false,
                    ..
                }
        )
    }

    /// The provider's error code, when the API answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            CallError::Throttled { code, .. } | CallError::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The provider's request id, when the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            CallError::Throttled { request_id, .. }
            | CallError::Api { request_id, .. }
            | CallError::Http { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// `: <body>`, or that it was empty; and what a 4xx without an API error usually means. (It is
/// still retried: the reference treats every status the API layer did not answer as transient.)
fn http_note(status: u16, body_excerpt: &str) -> String {
    let body = if body_excerpt.trim().is_empty() {
        " and an empty body".to_string()
    } else {
        format!(": {body_excerpt}")
    };
    let hint = if (400..500).contains(&status) && status != 408 && status != 429 {
        "\nhint: an answer without an API error code comes from something other than the API: check the provider's `endpoint` (or `region`), and any proxy"
    } else {
        ""
    };
    format!("{body}{hint}")
}

fn network_note(host: &str, cause: &str, sent: bool) -> String {
    if sent {
        format!("the connection to `{host}` failed after the request was sent ({cause})")
    } else {
        format!("cannot connect to `{host}` ({cause})")
    }
}

fn unreachable_note(host: &str, cause: &str, maybe_sent: bool) -> String {
    if maybe_sent {
        format!(
            "gave up: `{host}` became unreachable ({cause}); an earlier attempt may have reached it"
        )
    } else {
        format!("not sent: `{host}` is unreachable ({cause})")
    }
}

/// `30 s`, `1.5 s`, `250 ms`.
pub fn seconds(duration: &Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else if millis.is_multiple_of(1000) {
        format!("{} s", millis / 1000)
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

fn request_id_note(request_id: Option<&str>) -> String {
    request_id
        .map(|id| format!(" (request id `{id}`)"))
        .unwrap_or_default()
}

/// Codes that mean the local clock is off by more than the provider tolerates.
fn is_clock_skew(code: &str) -> bool {
    matches!(
        code,
        "AuthFailure.SignatureExpire" | "InvalidTimeStamp.Expired"
    )
}

/// What to do about an error code a manifest or the machine can cause (the provider's message
/// says what is wrong, not where to fix it).
fn code_hint(code: &str) -> &'static str {
    if is_clock_skew(code) {
        "\nhint: check the system clock; signed requests are rejected when it is more than a few minutes off"
    } else if code == "EntityNotExists.CustomField" {
        "\nhint: a custom field must be created in the EIAM console before a manifest can set it; check the name under `custom_fields` (the account's other changes in this call were not made either)"
    } else {
        ""
    }
}

/// Classifies a Tencent Cloud API 3.0 error code (PROVIDERS.md 1.3 and 7).
pub fn classify_tencent(code: &str) -> ErrorClass {
    let family = |prefix: &str| code == prefix || code.starts_with(&format!("{prefix}."));
    if family("RequestLimitExceeded") {
        ErrorClass::Throttled
    } else if family("AuthFailure")
        || family("UnauthorizedOperation")
        || code == "FailedOperation.PermissionDenied"
    {
        ErrorClass::Auth
    } else if family("InternalError")
        || family("ServiceUnavailable")
        || code == "ResourceUnavailable"
        || code == "ClientNetworkError"
        || code == "ServerNetworkError"
    {
        ErrorClass::Transient
    } else {
        ErrorClass::Permanent
    }
}

/// Classifies an Alibaba Cloud RPC error code with its HTTP status (PROVIDERS.md 2.4 and 7).
/// `Throttling*` is throttled whatever the status; 5xx is transient whatever the code.
pub fn classify_alibaba(code: &str, http_status: u16) -> ErrorClass {
    let family = |prefix: &str| code == prefix || code.starts_with(&format!("{prefix}."));
    if family("Throttling") {
        ErrorClass::Throttled
    } else if matches!(
        code,
        "SignatureDoesNotMatch" | "IncompleteSignature" | "NoPermission"
    ) || family("InvalidAccessKeyId")
        || family("InvalidTimeStamp")
        || family("InvalidSecurityToken")
        || family("Forbidden")
        || family("Permission")
    {
        ErrorClass::Auth
    } else if family("InternalError")
        || family("ServiceUnavailable")
        || family("InternalService")
        // The SDK's answer is to re-sign with a fresh nonce, which every retry does.
        || code == "SignatureNonceUsed"
        || http_status >= 500
    {
        ErrorClass::Transient
    } else if http_status == 429 {
        ErrorClass::Throttled
    } else {
        ErrorClass::Permanent
    }
}
