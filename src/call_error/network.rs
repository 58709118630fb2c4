//! Pure. A network failure's cause in a few words (`connection refused`, `the name does not
//! resolve`), from the source chain of the HTTP client's error as the transport hands it over:
//! each link's text and I/O error kind. Never sees a URL (the transport strips it, since
//! Alibaba's carries the parameters) and never reads a clock.

use std::io::ErrorKind;
use std::time::Duration;

use super::seconds;

/// One link of an error's source chain: its text and, for an I/O error, its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub io_kind: Option<ErrorKind>,
}

/// The cause of a network failure, lowercase, from the source chain of the client's error
/// (outermost first). `connect_timeout` is given when the connection was not made in time.
pub fn network_cause(chain: &[Link], connect_timeout: Option<Duration>) -> String {
    if let Some(timeout) = connect_timeout {
        return format!("no connection within {}", seconds(&timeout));
    }
    let innermost = chain
        .last()
        .map(|link| tidy(&link.text))
        .unwrap_or_default();
    let resolving = chain
        .iter()
        .any(|link| link.text.starts_with("dns error") || link.text == "error resolving DNS");
    if resolving {
        let unknown = [
            "not known",
            "No address associated",
            "nodename nor servname",
        ];
        return if unknown.iter().any(|text| innermost.contains(text)) {
            "the name does not resolve".to_string()
        } else {
            format!("the name could not be resolved: {innermost}")
        };
    }
    let kind = chain.iter().rev().find_map(|link| link.io_kind);
    let known = match kind {
        Some(ErrorKind::ConnectionRefused) => Some("connection refused"),
        Some(ErrorKind::ConnectionReset) => Some("connection reset"),
        Some(ErrorKind::ConnectionAborted) => Some("connection aborted"),
        Some(ErrorKind::HostUnreachable) => Some("host unreachable"),
        Some(ErrorKind::NetworkUnreachable) => Some("network unreachable"),
        Some(ErrorKind::AddrNotAvailable) => Some("address not available"),
        Some(ErrorKind::BrokenPipe) => Some("connection closed"),
        Some(ErrorKind::UnexpectedEof) => Some("connection closed before the answer"),
        Some(ErrorKind::TimedOut) => Some("timed out"),
        _ => None,
    };
    if let Some(known) = known {
        return known.to_string();
    }
    if chain.iter().any(|link| link.text.contains("certificate")) {
        return format!("TLS handshake failed: {innermost}");
    }
    if innermost.is_empty() {
        "network error".to_string()
    } else {
        innermost
    }
}

/// Drops the `(os error N)` suffix and lowercases the first letter (`Connection reset`).
fn tidy(text: &str) -> String {
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}
