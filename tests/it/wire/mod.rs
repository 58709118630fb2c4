//! End-to-end tests of the provider clients through a local HTTP server that records every
//! request it receives (method, headers, query, body) and answers with reference fixture
//! bodies. They assert what went on the wire: signatures recomputed with `usersync::sign`,
//! pages walked, extra reads only where needed, retries re-signed, errors not retried.

mod alibaba;
mod breaker;
mod retries;
mod server;
mod tencent;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use usersync::call_error::CallError;
use usersync::config::ProviderConfig;
use usersync::engine::{Sender, WriteFailure, WriteOutcome};
use usersync::model::{Cloud, ProviderType};
use usersync::plan::Change;
use usersync::secret::Secret;
use usersync::sign::{Credentials, alibaba as acs3, tencent as tc3};
use usersync::state::{FetchNeeds, ObservedProvider};
use usersync::transport::{Options, RetryPolicy, Sleeper, Stamp, Transport};

pub const NOW: i64 = 1_735_688_000;
pub const TC_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const TC_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
pub const ACS_ID: &str = "LTAI5tUsersyncEXAMPLE01";
pub const ACS_SECRET: &str = "UsersyncSecretEXAMPLE0123456789abc";

/// A clock that ticks one second per attempt and counts nonces, so every attempt differs.
#[derive(Default)]
pub struct TickingStamp(AtomicI64, AtomicI64);

impl Stamp for TickingStamp {
    fn unix_seconds(&self) -> i64 {
        NOW + self.0.fetch_add(1, Ordering::Relaxed)
    }
    fn nonce(&self) -> String {
        format!("{:032x}", self.1.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

/// A connected client plus the delays its retries asked to sleep (never actually slept).
pub struct Client {
    pub transport: Transport,
    pub sleeps: Arc<Mutex<Vec<Duration>>>,
}

impl Client {
    /// The read loop against this client.
    pub async fn fetch(&self, needs: &FetchNeeds) -> Result<ObservedProvider, CallError> {
        usersync::engine::fetch::fetch(&self.transport, needs, &usersync::engine::fetch::Unobserved)
            .await
    }

    /// One write, never interrupted.
    pub async fn write(&self, change: &Change) -> Result<WriteOutcome, WriteFailure> {
        let (_never, stop) = tokio::sync::watch::channel(false);
        self.transport.send(change, stop).await
    }
}

pub fn config(provider_type: ProviderType, endpoint: &str) -> ProviderConfig {
    let spec = usersync::providers::table(provider_type);
    ProviderConfig {
        provider_type,
        sdk_app_id: Some(1_400_000_001),
        zone_id: Some("z-1a2b3c4d5e".into()),
        instance_id: Some(match provider_type {
            ProviderType::AlibabaEiam => "idaas_ue2jvisn35ea5lmthk267example".into(),
            _ => "ccc-test".into(),
        }),
        region: None,
        endpoint: Some(endpoint.to_string()),
        // Fast enough never to wait in a test; pacing itself is governor's.
        rate_limit: spec
            .actions
            .iter()
            .map(|action| (action.to_string(), 100_000.0))
            .collect::<BTreeMap<_, _>>(),
        credentials: None,
    }
}

pub fn connect(provider_type: ProviderType, endpoint: &str) -> Client {
    let sleeps = Arc::new(Mutex::new(Vec::new()));
    let recorded = sleeps.clone();
    let sleep: Sleeper = Arc::new(move |delay| {
        recorded.lock().unwrap().push(delay);
        Box::pin(async {})
    });
    let transport = transport(provider_type, endpoint, sleep);
    Client { transport, sleeps }
}

/// A transport with the test clock and credentials that waits between retries with `sleep`.
pub fn transport(provider_type: ProviderType, endpoint: &str, sleep: Sleeper) -> Transport {
    let options = Options {
        stamp: Arc::new(TickingStamp::default()),
        sleep,
        retry: RetryPolicy {
            max_attempts: 5,
            min_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            max_total_delay: Duration::from_secs(30),
        },
        ..Options::default()
    };
    let credentials = match usersync::providers::table(provider_type).cloud {
        Cloud::Tencent => Credentials::Tencent(tc3::Credential {
            secret_id: TC_ID.into(),
            secret_key: Secret::new(TC_KEY.into()),
            token: None,
        }),
        Cloud::Alibaba => Credentials::Alibaba(acs3::Credential {
            access_key_id: ACS_ID.into(),
            access_key_secret: Secret::new(ACS_SECRET.into()),
            security_token: None,
        }),
    };
    let name = provider_type.as_str();
    let config = config(provider_type, endpoint);
    Transport::new(name, &config, credentials, &options).expect("connects")
}
