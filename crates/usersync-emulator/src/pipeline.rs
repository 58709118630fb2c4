//! One API request from bytes to answer: tells the clouds apart by their action header, hands the
//! request to the cloud's gateway under the state lock, logs what it came to, then acts out the
//! injected latency or dropped connection and renders the answer in the cloud's wire shape.
//! Never decides a request itself: authentication, routing, limits and checks are the gateway's.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State as Shared};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::api::Api;
use super::app::App;
use super::conn::Connection;
use super::exchange::{Incoming, header};
use super::faults::Fault;
use super::gateway;
use super::log::{self, LogEntry};
use super::reply;

enum Cloud {
    Tencent,
    Alibaba,
}

/// Every request that is not an `/_emulator/*` one.
pub async fn api_handler(
    Shared(app): Shared<Arc<App>>,
    ConnectInfo(connection): ConnectInfo<Connection>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let cloud = if headers.contains_key("x-tc-action") {
        Cloud::Tencent
    } else if headers.contains_key("x-acs-action") {
        Cloud::Alibaba
    } else {
        let message = "usersync-emulator: not a Tencent Cloud API 3.0 (X-TC-Action) or Alibaba Cloud ACS3 (x-acs-action) request\n";
        return (StatusCode::NOT_FOUND, message).into_response();
    };
    let request = Incoming {
        method: &method,
        raw_query: uri.query().unwrap_or_default(),
        headers: &headers,
        body: &body,
        now_ms: app.clock.now_ms(),
    };
    let is_tencent = matches!(cloud, Cloud::Tencent);
    let request_id = if is_tencent {
        uuid::Uuid::new_v4().to_string()
    } else {
        uuid::Uuid::new_v4().to_string().to_uppercase()
    };
    let outcome = {
        let mut core = app.core();
        let outcome = match cloud {
            Cloud::Tencent => gateway::tencent(&app, &mut core, &request),
            Cloud::Alibaba => gateway::alibaba(&app, &mut core, &request),
        };
        core.log.record(LogEntry {
            time: log::format_time(request.now_ms),
            provider: outcome.api.map(Api::name),
            action: outcome.action.clone(),
            params: outcome.params.clone(),
            verdict: match (&outcome.result, outcome.fault) {
                (_, Fault::Drop) => "dropped",
                (Ok(_), _) => "ok",
                (Err(_), _) => "error",
            },
            error_code: outcome.result.as_ref().err().map(|e| e.code.clone()),
            request_id: request_id.clone(),
            fault: (outcome.fault != Fault::None).then_some(outcome.fault.name()),
        });
        outcome
    };
    if outcome.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(outcome.latency_ms)).await;
    }
    if outcome.fault == Fault::Drop {
        connection.cut();
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let host = header(&headers, "host");
    match (is_tencent, outcome.result) {
        (true, Ok(fields)) => reply::tencent_ok(fields, &request_id),
        (true, Err(error)) => reply::tencent_error(&error, &request_id),
        (false, Ok(fields)) => reply::alibaba_ok(fields, &request_id),
        (false, Err(error)) => reply::alibaba_error(&error, outcome.api, host, &request_id),
    }
}
