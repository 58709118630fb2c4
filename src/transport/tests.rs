//! The retry decision (class → retry or give up) and the backoff's bounds.

use std::time::Duration;

use backon::BackoffBuilder;

use super::*;
use crate::call_error::{classify_alibaba, classify_tencent};

fn api(code: &str, class: ErrorClass) -> CallError {
    CallError::Api {
        provider: "p".into(),
        action: "A".into(),
        code: code.into(),
        message: "m".into(),
        request_id: None,
        class,
    }
}

#[test]
fn only_throttled_and_transient_failures_are_retried() {
    let decide = |code: &str, class| (code.to_string(), retryable(&api(code, class)));
    let decisions = [
        decide(
            "RequestLimitExceeded",
            classify_tencent("RequestLimitExceeded"),
        ),
        decide("InternalError", classify_tencent("InternalError")),
        decide(
            "ServiceUnavailable",
            classify_alibaba("ServiceUnavailable", 503),
        ),
        decide(
            "AuthFailure.SignatureFailure",
            classify_tencent("AuthFailure.SignatureFailure"),
        ),
        decide(
            "InvalidAccessKeyId.NotFound",
            classify_alibaba("InvalidAccessKeyId.NotFound", 404),
        ),
        decide("NoPermission", classify_alibaba("NoPermission", 403)),
        decide(
            "InvalidParameterValue.PhoneNumIsBoundOtherAccount",
            classify_tencent("InvalidParameterValue.PhoneNumIsBoundOtherAccount"),
        ),
        decide(
            "ResourceDuplicated.Username",
            classify_alibaba("ResourceDuplicated.Username", 403),
        ),
        decide(
            "NotExists.UserId",
            classify_alibaba("NotExists.UserId", 404),
        ),
    ];
    let retried: Vec<&str> = decisions
        .iter()
        .filter(|(_, retry)| *retry)
        .map(|(code, _)| code.as_str())
        .collect();
    assert_eq!(
        retried,
        [
            "RequestLimitExceeded",
            "InternalError",
            "ServiceUnavailable"
        ]
    );
    let network = |sent| CallError::Network {
        provider: "p".into(),
        action: "A".into(),
        host: "h".into(),
        message: "reset".into(),
        sent,
    };
    assert!(retryable(&network(true)), "absolute writes may be repeated");
    assert!(retryable(&network(false)));
    assert!(retryable(&CallError::Timeout {
        provider: "p".into(),
        action: "A".into(),
        host: "h".into(),
        after: Duration::from_secs(30),
    }));
    let unreachable = CallError::Unreachable {
        provider: "p".into(),
        action: "A".into(),
        host: "h".into(),
        cause: "connection refused".into(),
        maybe_sent: false,
    };
    assert!(
        !retryable(&unreachable),
        "the breaker is open: nothing more is sent"
    );
    let decode = CallError::Decode {
        provider: "p".into(),
        action: "A".into(),
        message: "not JSON".into(),
    };
    assert!(!retryable(&decode));
}

#[test]
fn backoff_is_bounded_in_retries_per_delay_and_in_total() {
    let policy = RetryPolicy::default();
    for _ in 0..200 {
        let delays: Vec<Duration> = backoff(&policy).build().collect();
        assert!(delays.len() < policy.max_attempts, "{delays:?}");
        assert!(delays.iter().all(|d| *d >= policy.min_delay));
        assert!(delays.iter().all(|d| *d <= policy.max_delay * 2));
        assert!(delays.iter().sum::<Duration>() <= policy.max_total_delay);
        // Exponential: each base delay at least doubles until the cap (jitter adds ≤ 100%).
        if let [first, ..] = delays[..] {
            assert!(first < policy.min_delay * 2);
        }
    }
    let tight = RetryPolicy {
        max_attempts: 10,
        min_delay: Duration::from_secs(1),
        max_delay: Duration::from_secs(4),
        max_total_delay: Duration::from_secs(10),
    };
    for _ in 0..200 {
        let delays: Vec<Duration> = backoff(&tight).build().collect();
        assert!(delays.iter().sum::<Duration>() <= tight.max_total_delay);
        assert!(
            delays.len() >= 2,
            "1 s + 2 s fit in 10 s whatever the jitter"
        );
    }
}

#[test]
fn throttles_carry_the_providers_wait() {
    let throttled = CallError::Throttled {
        provider: "p".into(),
        action: "A".into(),
        code: "Throttling.User".into(),
        message: "m".into(),
        request_id: None,
        retry_after: Some(Duration::from_millis(700)),
    };
    assert!(retryable(&throttled));
    assert_eq!(retry_after(&throttled), Some(Duration::from_millis(700)));
}

#[test]
fn a_transport_refuses_credentials_of_the_other_cloud() {
    let tencent = ProviderConfig {
        provider_type: crate::model::ProviderType::TencentCic,
        sdk_app_id: Some(1),
        zone_id: Some("z-1".into()),
        instance_id: None,
        region: None,
        endpoint: None,
        rate_limit: Default::default(),
        credentials: None,
    };
    let alibaba = Credentials::Alibaba(crate::sign::alibaba::Credential {
        access_key_id: "LTAI5".into(),
        access_key_secret: crate::secret::Secret::new("x".into()),
        security_token: None,
    });
    let error = Transport::new("cic", &tencent, alibaba, &Options::default())
        .err()
        .expect("refused");
    insta::assert_snapshot!(error, @"provider `cic` is `tencent-cic` but was given Alibaba Cloud credentials");
}
