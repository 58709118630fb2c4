//! The cause of a network failure from the client error's source chain: the chains below are
//! the ones reqwest and hyper give for each case (refused, unresolvable, reset, TLS).

use std::io::ErrorKind;
use std::time::Duration;

use crate::call_error::{Link, network_cause};

fn text(text: &str) -> Link {
    Link {
        text: text.into(),
        io_kind: None,
    }
}

fn io(text: &str, kind: ErrorKind) -> Link {
    Link {
        text: text.into(),
        io_kind: Some(kind),
    }
}

/// `name: cause` per case.
fn check(cases: &[(&str, Vec<Link>, Option<Duration>)]) -> String {
    cases
        .iter()
        .map(|(name, chain, timeout)| format!("{name}: {}", network_cause(chain, *timeout)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn connection_failures_are_named_in_a_few_words() {
    let head = || {
        vec![
            text("error sending request"),
            text("client error (Connect)"),
        ]
    };
    let with = |mut chain: Vec<Link>, tail: &[Link]| {
        chain.extend_from_slice(tail);
        chain
    };
    let cases = [
        (
            "refused",
            with(
                head(),
                &[
                    text("tcp connect error"),
                    io(
                        "Connection refused (os error 111)",
                        ErrorKind::ConnectionRefused,
                    ),
                ],
            ),
            None,
        ),
        (
            "unknown name",
            with(
                head(),
                &[
                    text("dns error"),
                    text("error resolving DNS"),
                    io(
                        "failed to lookup address information: Name or service not known",
                        ErrorKind::Other,
                    ),
                ],
            ),
            None,
        ),
        (
            "resolver down",
            with(
                head(),
                &[
                    text("dns error"),
                    text(
                        "failed to lookup address information: Temporary failure in name resolution",
                    ),
                ],
            ),
            None,
        ),
        (
            "connect timeout",
            with(head(), &[text("operation timed out")]),
            Some(Duration::from_secs(5)),
        ),
        (
            "sub-second connect timeout",
            with(head(), &[text("operation timed out")]),
            Some(Duration::from_millis(1500)),
        ),
        (
            "no route",
            with(
                head(),
                &[
                    text("tcp connect error"),
                    io(
                        "No route to host (os error 113)",
                        ErrorKind::HostUnreachable,
                    ),
                ],
            ),
            None,
        ),
        (
            "reset",
            vec![
                text("error sending request"),
                text("client error (SendRequest)"),
                text("connection error"),
                io(
                    "Connection reset by peer (os error 104)",
                    ErrorKind::ConnectionReset,
                ),
            ],
            None,
        ),
        (
            "closed",
            vec![
                text("error sending request"),
                text("client error (SendRequest)"),
                text("connection closed before message completed"),
            ],
            None,
        ),
        (
            "tls",
            with(
                head(),
                &[io(
                    "invalid peer certificate: UnknownIssuer",
                    ErrorKind::InvalidData,
                )],
            ),
            None,
        ),
        ("empty", Vec::new(), None),
    ];
    insta::assert_snapshot!(check(&cases), @r"
    refused: connection refused
    unknown name: the name does not resolve
    resolver down: the name could not be resolved: failed to lookup address information: Temporary failure in name resolution
    connect timeout: no connection within 5 s
    sub-second connect timeout: no connection within 1.5 s
    no route: host unreachable
    reset: connection reset
    closed: connection closed before message completed
    tls: TLS handshake failed: invalid peer certificate: UnknownIssuer
    empty: network error
    ");
}
