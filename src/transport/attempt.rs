//! Edge. One attempt of one call: wait for its turn (unless the apply stops or the provider's
//! breaker opens first), sign, send, read the answer, run it through the cloud's envelope
//! parser, tell the pacer whether it was throttled, and say what the attempt showed about the
//! provider's reachability. Also builds the shared reqwest client. Never retries (the caller
//! does) and never logs headers or URLs.

use std::sync::Once;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::breaker::{Evidence, Open};
use super::request::{self, Encoded, SignedRequest};
use super::{Options, Read, Reply, Stop, Transport};
use crate::call_error::{
    CallError, ErrorClass, Link, alibaba_envelope, network_cause, tencent_envelope,
};
use crate::model::Cloud;

/// The timeouts the client is built with: the connect timeout never exceeds the request's,
/// which covers connecting too.
pub(super) fn timeouts(options: &Options) -> (Duration, Duration) {
    let request = options.request_timeout;
    (options.connect_timeout.min(request), request)
}

/// Builds the HTTP client: rustls with the ring provider, timeouts, and an idle pool large
/// enough for every request in flight.
pub(super) fn client(options: &Options) -> Result<reqwest::Client, String> {
    static RING: Once = Once::new();
    RING.call_once(|| {
        // Fails only when a provider is already installed, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    let (connect_timeout, request_timeout) = timeouts(options);
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .timeout(request_timeout)
        .pool_max_idle_per_host(options.concurrency.max(1) * 2)
        .build()
        .map_err(|error| format!("cannot build the HTTP client: {error}"))
}

impl Transport {
    /// Waits for `action`'s turn at the pacer. Fails at once, sending nothing, when `stop`
    /// turns true first (interrupted) or the provider's breaker is or becomes open
    /// (unreachable; `maybe_sent` says whether an earlier attempt of the call may have
    /// reached the server).
    pub(super) async fn turn(
        &self,
        action: &str,
        stop: Option<Stop>,
        maybe_sent: bool,
    ) -> Result<(), CallError> {
        if stop.as_ref().is_some_and(|stop| *stop.borrow()) {
            return Err(self.interrupted(action));
        }
        if let Err(open) = self.circuit.admit() {
            return Err(self.unreachable(action, &open, maybe_sent));
        }
        let stopped = async move {
            let stopped = match stop {
                Some(mut stop) => stop.wait_for(|stopped| *stopped).await.is_ok(),
                None => false,
            };
            // A dropped sender never stops anything.
            if !stopped {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            biased;
            () = stopped => Err(self.interrupted(action)),
            open = self.circuit.until_open() => Err(self.unreachable(action, &open, maybe_sent)),
            () = self.pacer.wait(action) => Ok(()),
        }
    }

    /// Sends one attempt (number `attempt`, from 1); the caller has waited for its turn.
    /// Returns the outcome and what it says about whether the provider can be reached.
    pub(super) async fn attempt<T>(
        &self,
        action: &str,
        encoded: &Encoded,
        attempt: u32,
        read: Read<'_, T>,
    ) -> (Result<(T, Reply), CallError>, Evidence) {
        let (signed, headers) = match self.signed(action, encoded) {
            Ok(signed) => signed,
            Err(error) => return (Err(error), Evidence::Unknown),
        };
        let sent = self
            .client
            .post(&signed.url)
            .headers(headers)
            .body(signed.body)
            .send()
            .await;
        match sent {
            Ok(response) => (
                self.answer(action, attempt, response, read).await,
                Evidence::Reached,
            ),
            Err(error) => {
                let error = self.network_error(action, error);
                let evidence = match &error {
                    CallError::Network {
                        sent: false,
                        message,
                        ..
                    } => Evidence::NotConnected {
                        cause: message.clone(),
                    },
                    CallError::Network { sent: true, .. } => Evidence::Reached,
                    _ => Evidence::Unknown,
                };
                (Err(error), evidence)
            }
        }
    }

    /// The signed request and its headers (`Authorization` and the token marked sensitive).
    fn signed(
        &self,
        action: &str,
        encoded: &Encoded,
    ) -> Result<(SignedRequest, HeaderMap), CallError> {
        let signed = request::sign_request(
            self.table,
            &self.endpoint,
            &self.credentials,
            action,
            encoded,
            self.stamp.unix_seconds(),
            &self.stamp.nonce(),
        )
        .map_err(|message| self.decode_error(action, message))?;
        let mut headers = HeaderMap::new();
        for (name, value) in &signed.headers {
            let name = HeaderName::from_bytes(name.as_bytes());
            let value = HeaderValue::from_str(value);
            let (Ok(name), Ok(mut value)) = (name, value) else {
                return Err(self.decode_error(action, "a header value is not valid".into()));
            };
            if name == reqwest::header::AUTHORIZATION || name.as_str() == "x-tc-token" {
                value.set_sensitive(true);
            }
            headers.insert(name, value);
        }
        Ok((signed, headers))
    }

    /// Reads an answer, runs it through the cloud's envelope parser and then through `read`.
    async fn answer<T>(
        &self,
        action: &str,
        attempt: u32,
        response: reqwest::Response,
        read: Read<'_, T>,
    ) -> Result<(T, Reply), CallError> {
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        };
        let retry_after = header("x-acs-retry-after");
        let header_request_id = header("x-acs-request-id");
        let body = response
            .bytes()
            .await
            .map_err(|error| self.network_error(action, error))?;
        let outcome = match self.table.cloud {
            Cloud::Tencent => tencent_envelope(&self.provider, action, status, &body),
            Cloud::Alibaba => alibaba_envelope(
                &self.provider,
                action,
                status,
                retry_after.as_deref(),
                &body,
            ),
        };
        // Tell the action's lane how the provider took it: throttling slows it down.
        match &outcome {
            Ok(_) => self.pacer.succeeded(action),
            Err(error) if error.class() == ErrorClass::Throttled => {
                self.pacer.throttled(action, super::retry_after(error));
            }
            Err(_) => {}
        }
        match outcome {
            Ok(answered) => {
                let request_id = answered.request_id.or(header_request_id);
                tracing::debug!(
                    provider = %self.provider,
                    action,
                    attempt,
                    status,
                    request_id = request_id.as_deref().unwrap_or("-"),
                    "answered"
                );
                let value =
                    read(&answered.answer).map_err(|message| self.decode_error(action, message))?;
                let reply = Reply {
                    request_id,
                    attempts: attempt,
                };
                Ok((value, reply))
            }
            Err(error) => {
                tracing::debug!(
                    provider = %self.provider,
                    action,
                    attempt,
                    status,
                    request_id = error.request_id().unwrap_or("-"),
                    code = error.code().unwrap_or("-"),
                    "failed"
                );
                Err(error)
            }
        }
    }

    pub(super) fn decode_error(&self, action: &str, message: String) -> CallError {
        CallError::Decode {
            provider: self.provider.clone(),
            action: action.to_string(),
            message,
        }
    }

    fn interrupted(&self, action: &str) -> CallError {
        CallError::Interrupted {
            provider: self.provider.clone(),
            action: action.to_string(),
        }
    }

    pub(super) fn unreachable(&self, action: &str, open: &Open, maybe_sent: bool) -> CallError {
        CallError::Unreachable {
            provider: self.provider.clone(),
            action: action.to_string(),
            host: self.endpoint.host.clone(),
            cause: open.cause.clone(),
            maybe_sent,
        }
    }

    /// The client's error as a `CallError` naming the host: a connection that was not made
    /// (nothing sent), one that broke after sending, or no answer in time.
    fn network_error(&self, action: &str, error: reqwest::Error) -> CallError {
        let (provider, action) = (self.provider.clone(), action.to_string());
        let host = self.endpoint.host.clone();
        let connect = error.is_connect();
        if error.is_timeout() && !connect {
            let after = self.request_timeout;
            return CallError::Timeout {
                provider,
                action,
                host,
                after,
            };
        }
        let timed_out = (connect && error.is_timeout()).then_some(self.connect_timeout);
        // The URL carries the request's parameters; keep it out of the message.
        let error = error.without_url();
        let message = network_cause(&links(&error), timed_out);
        CallError::Network {
            provider,
            action,
            host,
            message,
            sent: !connect,
        }
    }
}

/// An error and its sources, outermost first, as the cause classifier reads them.
fn links(error: &(dyn std::error::Error + 'static)) -> Vec<Link> {
    let mut links = Vec::new();
    let mut next = Some(error);
    while let Some(error) = next {
        links.push(Link {
            text: error.to_string(),
            io_kind: error
                .downcast_ref::<std::io::Error>()
                .map(std::io::Error::kind),
        });
        next = error.source();
    }
    links
}
