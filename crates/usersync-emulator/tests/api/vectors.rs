//! The SDK-recorded requests of the signing vectors, replayed byte for byte at their time.

use serde_json::Value;
use usersync_emulator::{Clock, Options, Seed};

use super::{NOW, QUICKSTART, Reply, start};

fn sdk_vectors() -> Vec<Value> {
    // Shared with the signers' unit tests in the root package (`src/sign/tests`).
    let all: Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/signing-vectors.json"
    )))
    .unwrap();
    let vectors: Vec<Value> = all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| !v["output"]["request_headers_sent_by_sdk"].is_null())
        .cloned()
        .collect();
    assert_eq!(vectors.len(), 11, "every SDK-driven vector");
    vectors
}

/// The quickstart seed plus the CIC token the recorded ListUsers request carries.
fn seed() -> Seed {
    let mut seed = Seed::from_yaml(QUICKSTART).unwrap();
    seed.tencent_cic[0]
        .next_tokens
        .insert("nt-0123456789abcdef".into(), 2);
    seed
}

/// Replay a vector against a fresh emulator (the Alibaba vectors share one nonce) pinned at `now`,
/// after `tamper` had a go at the body (Tencent) or the URL query (Alibaba).
async fn replay(vector: &Value, now: i64, tamper: fn(&mut [u8])) -> Reply {
    let emulator = start(
        seed(),
        Options {
            clock: Clock::pinned(now),
            ..Options::default()
        },
    )
    .await;
    let sent = vector["output"]["request_headers_sent_by_sdk"]
        .as_object()
        .unwrap();
    let headers: Vec<(String, String)> = sent
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    if vector["cloud"] == "tencent" {
        let mut body = vector["inputs"]["body"]
            .as_str()
            .unwrap()
            .as_bytes()
            .to_vec();
        tamper(&mut body);
        emulator.raw("/", &headers, &body).await
    } else {
        let url = vector["output"]["url_sent_by_python_sdk"]
            .as_str()
            .or(vector["output"]["url_recommended"].as_str())
            .unwrap();
        let mut target = url.as_bytes()[url.find("/?").unwrap()..].to_vec();
        tamper(&mut target);
        emulator
            .raw(&String::from_utf8(target).unwrap(), &headers, b"")
            .await
    }
}

fn untouched(_: &mut [u8]) {}

/// Bump the last letter or digit: one byte changes, the request stays well formed.
fn one_byte(bytes: &mut [u8]) {
    let at = bytes.iter().rposition(u8::is_ascii_alphanumeric).unwrap();
    bytes[at] = match bytes[at] {
        b'z' => b'y',
        b'Z' => b'Y',
        b'9' => b'8',
        other => other + 1,
    };
}

#[tokio::test]
async fn every_sdk_vector_is_accepted_at_its_time() {
    for vector in sdk_vectors() {
        let reply = replay(&vector, NOW, untouched).await;
        assert_eq!(
            (reply.status, reply.code()),
            (Some(200), String::new()),
            "{}: {}",
            vector["id"],
            reply.body
        );
    }
}

#[tokio::test]
async fn a_one_byte_tamper_of_any_vector_is_rejected() {
    for vector in sdk_vectors() {
        let reply = replay(&vector, NOW, one_byte).await;
        let expected = if vector["cloud"] == "tencent" {
            (Some(200), "AuthFailure.SignatureFailure")
        } else {
            (Some(400), "SignatureDoesNotMatch")
        };
        assert_eq!(
            (reply.status, reply.code().as_str()),
            expected,
            "{}: {}",
            vector["id"],
            reply.body
        );
    }
}

#[tokio::test]
async fn vectors_expire_outside_the_clock_windows() {
    for vector in sdk_vectors() {
        let (inside, outside, code) = if vector["cloud"] == "tencent" {
            (NOW + 300, NOW + 301, "AuthFailure.SignatureExpire")
        } else {
            (NOW - 900, NOW - 901, "InvalidTimeStamp.Expired")
        };
        assert_eq!(
            replay(&vector, inside, untouched).await.code(),
            "",
            "{}",
            vector["id"]
        );
        assert_eq!(
            replay(&vector, outside, untouched).await.code(),
            code,
            "{}",
            vector["id"]
        );
    }
}
