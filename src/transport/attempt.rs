//! Edge. One attempt of one call: sign, send, read the answer, run it
//! through the cloud's envelope parser and tell the pacer whether it was throttled. Also
//! builds the shared reqwest client. Never retries (the caller does) and never logs headers.

use std::sync::Once;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::request::{self, Encoded};
use super::{Options, Reply, Stop, Transport};
use crate::call_error::{CallError, ErrorClass, alibaba_envelope, tencent_envelope};
use crate::model::Cloud;

/// Builds the HTTP client: rustls with the ring provider, timeouts, and an idle pool large
/// enough for every request in flight.
pub(super) fn client(options: &Options) -> Result<reqwest::Client, String> {
    static RING: Once = Once::new();
    RING.call_once(|| {
        // Fails only when a provider is already installed, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .timeout(options.request_timeout)
        .pool_max_idle_per_host(options.concurrency.max(1) * 2)
        .build()
        .map_err(|error| format!("cannot build the HTTP client: {error}"))
}

impl Transport {
    /// Waits for `action`'s turn at the pacer, unless `stop` turns true first: then nothing
    /// is sent and the call fails as interrupted.
    pub(super) async fn turn_unless_stopped(
        &self,
        action: &str,
        mut stop: Stop,
    ) -> Result<(), CallError> {
        let interrupted = || CallError::Interrupted {
            provider: self.provider.clone(),
            action: action.to_string(),
        };
        if *stop.borrow() {
            return Err(interrupted());
        }
        tokio::select! {
            biased;
            // A dropped sender disables this branch (the pattern does not match).
            Ok(_) = stop.wait_for(|stopped| *stopped) => Err(interrupted()),
            () = self.pacer.wait(action) => Ok(()),
        }
    }

    /// Sends one attempt (number `attempt`, from 1); the caller has waited for the pacer.
    pub(super) async fn attempt(
        &self,
        action: &str,
        encoded: &Encoded,
        attempt: u32,
    ) -> Result<Reply, CallError> {
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
        let response = self
            .client
            .post(&signed.url)
            .headers(headers)
            .body(signed.body)
            .send()
            .await
            .map_err(|error| self.network_error(action, error))?;
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
            Ok(body) => {
                let request_id = body
                    .get("RequestId")
                    .and_then(|id| id.as_str())
                    .map(str::to_string)
                    .or(header_request_id);
                tracing::debug!(
                    provider = %self.provider,
                    action,
                    attempt,
                    status,
                    request_id = request_id.as_deref().unwrap_or("-"),
                    "answered"
                );
                Ok(Reply {
                    body,
                    request_id,
                    attempts: attempt,
                })
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

    fn network_error(&self, action: &str, error: reqwest::Error) -> CallError {
        let (provider, action) = (self.provider.clone(), action.to_string());
        if error.is_timeout() {
            return CallError::Timeout { provider, action };
        }
        let sent = !error.is_connect();
        // The URL carries the request's parameters; keep it out of the message.
        let error = error.without_url();
        let mut message = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        CallError::Network {
            provider,
            action,
            message,
            sent,
        }
    }
}
