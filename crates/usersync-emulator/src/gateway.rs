//! What each cloud's API gateway does before the service sees a request: authenticate, name the
//! API from its version, find the action's parameter table, draw the injected fault, apply the
//! rate limit and check the parameters, each refusal with that cloud's code; then run the
//! action. Called by the pipeline under the state lock; never renders or logs.

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::http::Method;
use serde_json::{Map, Value};

use super::api::Api;
use super::app::{App, Core};
use super::exchange::{Incoming, Outcome, header};
use super::faults::Fault;
use super::reply::ApiError;
use super::{alibaba_ccc, alibaba_eiam, auth, params, tencent_ccc, tencent_cic};

/// Draw the fault of the request with key `request` (see [`request_key`]); `Err` when it
/// answers instead of the action.
fn inject(
    core: &mut Core,
    outcome: &mut Outcome,
    request: u64,
    server_error: ApiError,
    throttled: ApiError,
) -> Result<(), ApiError> {
    let (fault, latency_ms) = core.faults.next(request);
    outcome.fault = fault;
    outcome.latency_ms = latency_ms;
    match fault {
        Fault::ServerError => Err(server_error),
        Fault::Throttle => Err(throttled),
        Fault::Drop => Err(ApiError::tencent("Dropped", "connection dropped")),
        Fault::None => Ok(()),
    }
}

/// What stays the same when a client retries a request: its action and its parameters, without
/// the ones each signing changes (Alibaba's RPC `Signature`, `SignatureNonce`, `Timestamp`; the
/// other signatures travel in headers).
fn request_key<'a>(action: &str, parts: impl Iterator<Item = (&'a str, &'a str)>) -> u64 {
    let mut hasher = DefaultHasher::new();
    action.hash(&mut hasher);
    for (name, value) in parts {
        if !matches!(name, "Signature" | "SignatureNonce" | "Timestamp") {
            (name, value).hash(&mut hasher);
        }
    }
    hasher.finish()
}

fn tencent_throttled(count: usize, limit: u32) -> ApiError {
    ApiError::tencent(
        "RequestLimitExceeded",
        format!(
            "Your current request times equals to `{count}` in a second, which exceeds the frequency limit `{limit}` for a second. Please reduce the frequency of calls."
        ),
    )
}

pub fn tencent(app: &App, core: &mut Core, request: &Incoming) -> Outcome {
    let action = header(request.headers, "x-tc-action");
    let params = serde_json::from_slice(request.body).unwrap_or(Value::Null);
    let mut outcome = Outcome::new(action, params);
    outcome.result = (|| {
        let caller = auth::verify_tencent(
            &app.keys,
            request.headers,
            request.body,
            request.now_ms.div_euclid(1000),
        )?;
        let version = header(request.headers, "x-tc-version");
        let (api, service) = match version {
            "2020-02-10" => (Api::TencentCcc, "ccc"),
            "2021-03-31" => (Api::TencentCic, "organization"),
            _ => {
                let message = format!("The API version `{version}` does not exist.");
                return Err(ApiError::tencent("NoSuchVersion", message));
            }
        };
        if caller.service != service {
            return Err(ApiError::tencent(
                "AuthFailure.SignatureFailure",
                format!(
                    "The credential scope names service `{}`, but this is `{service}`.",
                    caller.service
                ),
            ));
        }
        outcome.api = Some(api);
        let actions = match api {
            Api::TencentCcc => tencent_ccc::ACTIONS,
            _ => tencent_cic::ACTIONS,
        };
        let table = params::table(actions, action).ok_or_else(|| {
            ApiError::tencent(
                "InvalidAction",
                format!("The API `{action}` does not exist for version `{version}`."),
            )
        })?;
        if request.method != Method::POST {
            return Err(ApiError::tencent(
                "UnsupportedProtocol",
                "The emulator serves POST requests with a JSON body.",
            ));
        }
        let limit = app.limits.tencent_per_second;
        let body = String::from_utf8_lossy(request.body);
        inject(
            core,
            &mut outcome,
            request_key(action, std::iter::once(("", body.as_ref()))),
            ApiError::tencent(
                "InternalError",
                "An internal error occurred (injected fault).",
            ),
            tencent_throttled(limit as usize + 1, limit),
        )?;
        core.limiter
            .admit(&caller.account, action, limit, request.now_ms)
            .map_err(|refusal| tencent_throttled(refusal.count, limit))?;
        let params = params::check_tencent(request.body, table)?;
        match api {
            Api::TencentCcc => tencent_ccc::handle(&mut core.store, action, params, request.now_ms),
            _ => tencent_cic::handle(&mut core.store, action, params, request.now_ms),
        }
    })();
    outcome
}

fn alibaba_throttled(retry_after_ms: i64) -> ApiError {
    ApiError {
        retry_after_ms: Some(retry_after_ms),
        ..ApiError::gateway(
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
        )
    }
}

pub fn alibaba(app: &App, core: &mut Core, request: &Incoming) -> Outcome {
    let action = header(request.headers, "x-acs-action");
    let pairs = usersync::sign::alibaba::decode_query(request.raw_query);
    let params: Map<String, Value> = pairs
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let mut outcome = Outcome::new(action, Value::Object(params));
    let version = header(request.headers, "x-acs-version");
    outcome.api = match version {
        "2020-07-01" => Some(Api::AlibabaCcc),
        "2021-12-01" => Some(Api::AlibabaEiam),
        _ => None,
    };
    outcome.result = (|| {
        let caller = auth::verify_alibaba(
            &app.keys,
            &mut core.nonces,
            request.method.as_str(),
            request.raw_query,
            request.headers,
            request.body,
            request.now_ms,
        )?;
        let not_found = || {
            ApiError::gateway(
                404,
                "InvalidAction.NotFound",
                format!(
                    "Specified api {action} (version {version}) is not found, please check your url and method."
                ),
            )
        };
        let api = outcome.api.ok_or_else(not_found)?;
        let actions = match api {
            Api::AlibabaCcc => alibaba_ccc::ACTIONS,
            _ => alibaba_eiam::ACTIONS,
        };
        let table = params::table(actions, action).ok_or_else(not_found)?;
        let server_error = ApiError::gateway(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error (injected fault).",
        );
        let key = request_key(action, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        inject(
            core,
            &mut outcome,
            key,
            server_error,
            alibaba_throttled(1000),
        )?;
        let limit = app
            .limits
            .alibaba_actions
            .get(action)
            .copied()
            .unwrap_or(app.limits.alibaba_per_second);
        core.limiter
            .admit(&caller.account, action, limit, request.now_ms)
            .map_err(|refusal| alibaba_throttled(refusal.retry_after_ms))?;
        let query = params::check_alibaba(&pairs, table)?;
        match api {
            Api::AlibabaCcc => alibaba_ccc::handle(&mut core.store, action, &query),
            _ => alibaba_eiam::handle(&mut core.store, action, &query, request.now_ms),
        }
    })();
    outcome
}
