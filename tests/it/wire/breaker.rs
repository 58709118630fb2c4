//! The circuit breaker on the wire: an endpoint that refuses connections or does not resolve
//! is given up after three connection attempts, and then nothing more goes to it (reads
//! included) while other providers go on; calls waiting between retries fail as soon as it
//! opens; a server that answers errors or cuts connections after the request is sent is
//! reachable and keeps its retries. Errors name the provider, the action and the host, never
//! the URL.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use tokio::io::AsyncReadExt;
use usersync::call_error::CallError;
use usersync::model::ProviderType;
use usersync::state::FetchNeeds;
use usersync::transport::Sleeper;

use super::retries::change;
use super::server::{Answer, Server};
use super::{connect, transport};

const CIC_OK: &str = include_str!("../../fixtures/wire/tencent_cic/UpdateUser-ok.json");

/// `http://127.0.0.1:PORT` where nothing listens (bound, then released).
fn refused_endpoint() -> (String, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("binds")
        .local_addr()
        .expect("address")
        .port();
    (format!("http://127.0.0.1:{port}"), port)
}

fn cic_change() -> usersync::plan::Change {
    change(
        "tencent-cic",
        "UpdateUser",
        json!({"ZoneId": "z-1a2b3c4d5e", "UserId": "u-1", "DisplayName": "Alice"}),
    )
}

#[tokio::test]
async fn a_refused_endpoint_is_given_up_after_three_attempts_and_then_sent_nothing() {
    let (endpoint, port) = refused_endpoint();
    let client = connect(ProviderType::TencentCic, &endpoint);
    let first = client.write(&cic_change()).await.expect_err("fails");
    assert_eq!(
        first.attempts, 3,
        "three connection attempts, then the breaker opened"
    );
    assert_eq!(
        client.sleeps.lock().unwrap().len(),
        2,
        "two backoffs, not seven"
    );
    assert!(first.error.not_sent(), "{:?}", first.error);
    let message = first.error.to_string().replace(&port.to_string(), "PORT");
    insta::assert_snapshot!(message, @"tencent-cic `UpdateUser`: not sent: `127.0.0.1:PORT` is unreachable (connection refused)");

    // Later calls, reads included, fail at once: no attempt, no wait.
    let later = client.write(&cic_change()).await.expect_err("fails");
    assert_eq!(later.attempts, 0);
    assert!(later.error.not_sent());
    let read = client
        .fetch(&FetchNeeds::default())
        .await
        .expect_err("fails");
    assert!(
        matches!(&read, CallError::Unreachable { action, .. } if action == "ListUsers"),
        "{read:?}"
    );
    assert_eq!(client.sleeps.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn an_unresolvable_host_is_named_without_the_url() {
    // EIAM puts the parameters in the URL's query: they must not reach the message.
    let client = connect(ProviderType::AlibabaEiam, "http://nonexistent.invalid");
    let change = change(
        "alibaba-eiam",
        "UpdateUser",
        json!({"InstanceId": "idaas_x", "UserId": "user_1", "DisplayName": "Secretive"}),
    );
    let failure = client.write(&change).await.expect_err("fails");
    assert_eq!(failure.attempts, 3);
    let CallError::Unreachable {
        host,
        cause,
        maybe_sent: false,
        ..
    } = &failure.error
    else {
        panic!("{:?}", failure.error)
    };
    assert_eq!(host, "nonexistent.invalid");
    assert!(cause.starts_with("the name"), "{cause}");
    let message = failure.error.to_string();
    assert!(
        message.starts_with("alibaba-eiam `UpdateUser`: not sent: `nonexistent.invalid`"),
        "{message}"
    );
    assert!(
        !message.contains("http") && !message.contains("Secretive") && !message.contains('?'),
        "{message}"
    );
}

#[tokio::test]
async fn an_open_breaker_stops_only_its_own_provider() {
    let (endpoint, _) = refused_endpoint();
    let dead = connect(ProviderType::TencentCic, &endpoint);
    let server = Server::start(|_, _| Answer::fixture(CIC_OK)).await;
    let alive = connect(ProviderType::TencentCic, &server.endpoint);
    for _ in 0..2 {
        dead.write(&cic_change()).await.expect_err("unreachable");
    }
    for _ in 0..3 {
        let outcome = alive.write(&cic_change()).await.expect("applied");
        assert_eq!(outcome.attempts, 1);
    }
    assert_eq!(server.actions(), ["UpdateUser"; 3]);
}

#[tokio::test]
async fn a_server_answering_errors_is_reachable_and_keeps_its_retries() {
    let server = Server::start(|_, _| Answer {
        status: 503,
        headers: Vec::new(),
        body: json!({"RequestId": "R", "Code": "ServiceUnavailable", "Message": "busy"}),
    })
    .await;
    let client = connect(ProviderType::AlibabaCcc, &server.endpoint);
    let change = change(
        "alibaba-ccc",
        "ModifyUser",
        json!({"InstanceId": "ccc-test", "UserId": "alice@ccc-test", "WorkMode": "ON_SITE"}),
    );
    for _ in 0..3 {
        let failure = client.write(&change).await.expect_err("gives up");
        assert_eq!(failure.attempts, 5, "every attempt the policy allows");
        assert_eq!(failure.error.code(), Some("ServiceUnavailable"));
    }
    assert_eq!(server.received().len(), 15, "the breaker never opened");
}

/// A server that reads each request and closes the connection without answering; counts
/// the connections it accepted.
async fn cutting_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer).await;
            drop(stream);
        }
    });
    (endpoint, accepted)
}

#[tokio::test]
async fn connections_cut_after_the_request_was_sent_keep_their_retries() {
    let (endpoint, accepted) = cutting_server().await;
    let client = connect(ProviderType::TencentCic, &endpoint);
    for _ in 0..2 {
        let failure = client.write(&cic_change()).await.expect_err("fails");
        assert_eq!(failure.attempts, 5);
        assert!(
            matches!(failure.error, CallError::Network { sent: true, .. }),
            "{:?}",
            failure.error
        );
        assert!(!failure.error.not_sent(), "it may have been applied");
        let message = failure.error.to_string();
        assert!(
            message.contains("the connection to `127.0.0.1:")
                && message.contains("failed after the request was sent"),
            "{message}"
        );
    }
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        10,
        "the breaker never opened"
    );
}

#[tokio::test]
async fn calls_waiting_between_retries_fail_as_soon_as_the_breaker_opens() {
    // Backoff delays never end on their own here: only the breaker opening ends them.
    let (sleeping, mut asleep) = tokio::sync::mpsc::unbounded_channel::<Duration>();
    let sleep: Sleeper = Arc::new(move |delay| {
        let _ = sleeping.send(delay);
        Box::pin(std::future::pending())
    });
    let (endpoint, _) = refused_endpoint();
    let transport = Arc::new(transport(ProviderType::TencentCic, &endpoint, sleep));
    let params = cic_change().params;
    let call = |transport: Arc<usersync::transport::Transport>| {
        let params = params.clone();
        tokio::spawn(async move { transport.call_counted("UpdateUser", params, None).await })
    };
    // One call at a time fails to connect and goes to sleep; the third failure opens it.
    let first = call(transport.clone());
    asleep.recv().await.expect("first call sleeps");
    let second = call(transport.clone());
    asleep.recv().await.expect("second call sleeps");
    let third = call(transport.clone());
    for call in [first, second, third] {
        let (result, attempts) = call.await.expect("joins");
        let error = result.expect_err("unreachable");
        assert!(error.not_sent(), "{error:?}");
        assert_eq!(attempts, 1);
    }
    assert!(asleep.try_recv().is_err(), "nobody slept again");
}
