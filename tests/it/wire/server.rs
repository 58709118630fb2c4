//! The recording server: answers each request with what the test's responder says and keeps
//! every request for assertions; plus signature verification of what was received.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::net::TcpListener;
use usersync::secret::Secret;
use usersync::sign::{alibaba as acs3, tencent as tc3};

use super::{ACS_ID, ACS_SECRET, TC_ID, TC_KEY};

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: String,
    /// Lowercase names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or("")
    }

    /// `x-tc-action` or `x-acs-action`.
    pub fn action(&self) -> &str {
        match self.header("x-tc-action") {
            "" => self.header("x-acs-action"),
            action => action,
        }
    }

    /// The Tencent JSON body.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }

    /// The Alibaba query parameter `name`.
    pub fn param(&self, name: &str) -> Option<String> {
        acs3::decode_query(&self.query)
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }
}

/// What to answer: status, headers, JSON body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Answer {
    pub fn ok(body: Value) -> Answer {
        Answer {
            status: 200,
            headers: Vec::new(),
            body,
        }
    }

    /// A whole reference envelope (`tests/fixtures/wire/...`).
    pub fn fixture(text: &str) -> Answer {
        let envelope: Value = serde_json::from_str(text).expect("fixture JSON");
        let headers = envelope["headers"]
            .as_object()
            .map(|headers| {
                headers
                    .iter()
                    .map(|(name, value)| (name.clone(), value.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        Answer {
            status: envelope["http_status"].as_u64().expect("status") as u16,
            headers,
            body: envelope["body"].clone(),
        }
    }
}

pub type Responder = Arc<dyn Fn(&Received, usize) -> Answer + Send + Sync>;

#[derive(Clone)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    responder: Responder,
}

/// A running server on 127.0.0.1:0.
pub struct Server {
    pub endpoint: String,
    pub host: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    pub async fn start(
        responder: impl Fn(&Received, usize) -> Answer + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let addr = listener.local_addr().expect("address");
        let shared = Shared {
            received: Arc::default(),
            responder: Arc::new(responder),
        };
        let received = shared.received.clone();
        let app = Router::new().fallback(handle).with_state(shared);
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serves");
        });
        Server {
            endpoint: format!("http://{addr}"),
            host: addr.to_string(),
            received,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn actions(&self) -> Vec<String> {
        self.received()
            .iter()
            .map(|r| r.action().to_string())
            .collect()
    }
}

async fn handle(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let received = Received {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: uri.query().unwrap_or("").to_string(),
        headers: headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    value.to_str().unwrap_or("").to_string(),
                )
            })
            .collect(),
        body: body.to_vec(),
    };
    let index = {
        let mut all = shared.received.lock().unwrap();
        all.push(received.clone());
        all.len() - 1
    };
    let answer = (shared.responder)(&received, index);
    let mut response = (
        StatusCode::from_u16(answer.status).expect("status"),
        serde_json::to_vec(&answer.body).expect("body"),
    )
        .into_response();
    for (name, value) in answer.headers {
        response.headers_mut().insert(
            axum::http::HeaderName::from_bytes(name.as_bytes()).expect("name"),
            value.parse().expect("value"),
        );
    }
    response
}

/// Recomputes a Tencent signature from what was received (Host, Content-Type, body bytes,
/// timestamp) and checks the scope's service.
pub fn verify_tencent(request: &Received, service: &str, host: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(request.header("host"), host, "Host is signed as sent");
    assert_eq!(request.header("content-type"), "application/json");
    let authorization = request.header("authorization");
    let parsed = tc3::parse_authorization(authorization).expect("authorization parses");
    assert_eq!(parsed.service, service);
    let headers: Vec<(String, String)> = parsed
        .signed_headers
        .iter()
        .map(|name| (name.clone(), request.header(name).to_string()))
        .collect();
    let timestamp: i64 = request.header("x-tc-timestamp").parse().expect("timestamp");
    let signed = tc3::sign(
        &tc3::Request {
            service,
            headers: &headers,
            body: &request.body,
            timestamp,
        },
        TC_ID,
        &Secret::new(TC_KEY.into()),
    );
    assert_eq!(signed.authorization, authorization, "signature verifies");
}

/// Recomputes an Alibaba signature from the received query, signed headers and empty body.
pub fn verify_alibaba(request: &Received, host: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert!(request.body.is_empty(), "Alibaba RPC calls send no body");
    assert_eq!(request.header("host"), host, "Host is signed as sent");
    let authorization = request.header("authorization");
    let parsed = acs3::parse_authorization(authorization).expect("authorization parses");
    for required in [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ] {
        assert!(
            parsed.signed_headers.iter().any(|name| name == required),
            "{required} signed"
        );
    }
    let headers: Vec<(String, String)> = parsed
        .signed_headers
        .iter()
        .map(|name| (name.clone(), request.header(name).to_string()))
        .collect();
    let query = acs3::decode_query(&request.query);
    let signed = acs3::sign(
        &acs3::Request {
            method: "POST",
            query: &query,
            headers: &headers,
            body: &request.body,
        },
        ACS_ID,
        &Secret::new(ACS_SECRET.into()),
    );
    assert_eq!(signed.authorization, authorization, "signature verifies");
}
