//! The emulator's own tests, one test binary: they speak raw HTTP/1.1 over a TCP socket to an
//! in-process emulator (no usersync client); requests are signed with `usersync::sign` or
//! replayed byte for byte from the SDK signing vectors, so the emulator is checked against the
//! reference rather than against our own client. The quickstart seed and the signing vectors
//! are read from the repository root, whose own tests use them too.

mod alibaba;
mod faults;
mod forwarding;
mod tencent;
mod vectors;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use usersync::secret::Secret;
use usersync::sign::{alibaba as acs3, tencent as tc3};
use usersync_emulator::{Clock, FaultOptions, Options, Seed};

pub const NOW: i64 = 1_735_688_000;
/// The quickstart seed, shared with the README's first command (read from the repository root).
pub const QUICKSTART: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/quickstart/emulator-seed.yaml"
));
pub const TC_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const TC_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
pub const ACS_ID: &str = "LTAI5tUsersyncEXAMPLE01";
pub const ACS_SECRET: &str = "UsersyncSecretEXAMPLE0123456789abc";
pub const CCC: &str = "2020-02-10";
pub const CIC: &str = "2021-03-31";
pub const ACCC: &str = "2020-07-01";
pub const EIAM: &str = "2021-12-01";
pub const EIAM_ID: &str = "idaas_ue2jvisn35ea5lmthk267example";

/// A running emulator on 127.0.0.1:0 with a pinned clock.
pub struct Emulator {
    pub addr: SocketAddr,
    pub clock: Clock,
    stop: Option<oneshot::Sender<()>>,
    nonce: AtomicU64,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn start(seed: Seed, options: Options) -> Emulator {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let clock = options.clock.clone();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.await;
        };
        usersync_emulator::serve(listener, seed, options, shutdown)
            .await
            .unwrap();
    });
    Emulator {
        addr,
        clock,
        stop: Some(stop),
        nonce: AtomicU64::new(0),
    }
}

/// The quickstart seed, clock pinned at [`NOW`], no faults.
pub async fn quickstart() -> Emulator {
    start(Seed::from_yaml(QUICKSTART).unwrap(), pinned()).await
}

pub fn pinned() -> Options {
    Options {
        clock: Clock::pinned(NOW),
        ..Options::default()
    }
}

pub fn with_faults(faults: FaultOptions) -> Options {
    Options { faults, ..pinned() }
}

/// An answer: status, headers (lowercase names) and JSON body; `None` status when the
/// connection closed without one.
#[derive(Debug)]
pub struct Reply {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Reply {
    /// The error code in either cloud's shape, or "" on success.
    pub fn code(&self) -> String {
        let code = self
            .body
            .pointer("/Response/Error/Code")
            .or_else(|| self.body.get("Code"));
        match code.and_then(Value::as_str) {
            Some("OK") | None => String::new(),
            Some(code) => code.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Tencent's `Response` object.
    pub fn response(&self) -> &Value {
        &self.body["Response"]
    }
}

impl Emulator {
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Send raw bytes: `target` is the path and query, headers are sent as given.
    pub async fn raw(&self, target: &str, headers: &[(String, String)], body: &[u8]) -> Reply {
        let mut request = format!("POST {target} HTTP/1.1\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        ));
        let mut stream = TcpStream::connect(self.addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        stream.write_all(body).await.unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        parse_reply(&answer)
    }

    pub async fn get(&self, path: &str) -> Value {
        let headers = [("host".to_string(), self.host())];
        let mut stream = TcpStream::connect(self.addr).await.unwrap();
        let request = format!(
            "GET {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n\r\n",
            headers[0].1
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        parse_reply(&answer).body
    }

    pub async fn state(&self) -> Value {
        self.get("/_emulator/state").await
    }

    /// A Tencent call signed by `usersync::sign` with the quickstart key at the clock's time.
    pub async fn tencent(&self, version: &str, action: &str, body: Value) -> Reply {
        let service = if version == CIC {
            "organization"
        } else {
            "ccc"
        };
        let timestamp = self.clock.now_seconds();
        self.tencent_signed(
            service,
            version,
            action,
            &body.to_string(),
            timestamp,
            TC_KEY,
        )
        .await
    }

    pub async fn tencent_signed(
        &self,
        service: &str,
        version: &str,
        action: &str,
        body: &str,
        timestamp: i64,
        key: &str,
    ) -> Reply {
        let credential = tc3::Credential {
            secret_id: TC_ID.into(),
            secret_key: Secret::new(key.into()),
            token: None,
        };
        let headers = tc3::request_headers(
            &self.host(),
            service,
            action,
            version,
            body.as_bytes(),
            timestamp,
            &credential,
        );
        self.raw("/", &headers, body.as_bytes()).await
    }

    /// An Alibaba call signed by `usersync::sign` with a fresh nonce at the clock's time.
    pub async fn alibaba(&self, version: &str, action: &str, params: &[(&str, &str)]) -> Reply {
        let query: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let headers = self.alibaba_headers(version, action, &query, None);
        self.raw(
            &format!("/?{}", acs3::canonical_query(&query)),
            &headers,
            b"",
        )
        .await
    }

    pub fn alibaba_headers(
        &self,
        version: &str,
        action: &str,
        query: &[(String, String)],
        nonce: Option<&str>,
    ) -> Vec<(String, String)> {
        let credential = acs3::Credential {
            access_key_id: ACS_ID.into(),
            access_key_secret: Secret::new(ACS_SECRET.into()),
            security_token: None,
        };
        let fresh = format!("{:032x}", self.nonce.fetch_add(1, Ordering::SeqCst) + 1);
        let date = acs3::format_date(self.clock.now_seconds());
        acs3::request_headers(
            &self.host(),
            action,
            version,
            query,
            &date,
            nonce.unwrap_or(&fresh),
            &credential,
        )
    }
}

fn parse_reply(answer: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(answer);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return Reply {
            status: None,
            headers: Vec::new(),
            body: Value::Null,
        };
    };
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|s| s.parse().ok());
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: serde_json::from_str(body).unwrap_or(Value::Null),
    }
}
