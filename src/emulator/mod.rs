//! The local emulator of the four cloud APIs (Tencent CCC and CIC, Alibaba CCC and EIAM): one
//! listener, routed by the `X-TC-*` / `x-acs-*` headers, strict about what the real services
//! refuse (section 10 of the provider reference). This module holds the server and the request
//! pipeline (authenticate, route, inject faults, rate-limit, check parameters, run the action,
//! log); the rules themselves live in the submodules. It never calls the real clouds.

mod alibaba_ccc;
mod alibaba_eiam;
mod auth;
mod clock;
mod conn;
mod faults;
mod log;
mod params;
mod ratelimit;
mod reply;
pub mod seed;
mod state;
mod tencent_ccc;
mod tencent_cic;

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State as Shared};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value};

pub use clock::Clock;
pub use faults::{Fault, FaultOptions};
pub use log::LogEntry;
pub use reply::Provider;
pub use seed::Seed;
pub use state::State;

use auth::{Keyring, Nonces};
use conn::{Connection, CuttableListener};
use faults::Faults;
use log::RequestLog;
use ratelimit::RateLimiter;
use reply::ApiError;

/// How the emulator runs, beyond its seed.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub clock: Clock,
    pub faults: FaultOptions,
    /// Append the JSON-lines request log here.
    pub log_path: Option<PathBuf>,
    /// Write the final state here as JSON on shutdown.
    pub state_out: Option<PathBuf>,
}

/// Why the emulator could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the seed describes an impossible state:\n  {}", .0.join("\n  "))]
    Seed(Vec<String>),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

struct App {
    keys: Keyring,
    limits: seed::RateLimits,
    clock: Clock,
    core: Mutex<Core>,
}

/// Everything requests change, behind one lock (held only while a request is decided).
struct Core {
    state: State,
    nonces: Nonces,
    limiter: RateLimiter,
    faults: Faults,
    log: RequestLog,
}

impl App {
    fn core(&self) -> MutexGuard<'_, Core> {
        self.core
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Serve the four APIs on `listener` until `shutdown` completes, then write `state_out`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    seed: Seed,
    options: Options,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let state = State::from_seed(&seed).map_err(Error::Seed)?;
    let app = Arc::new(App {
        keys: Keyring::new(&seed.credentials),
        limits: seed.rate_limits.clone(),
        clock: options.clock.clone(),
        core: Mutex::new(Core {
            state,
            nonces: Nonces::default(),
            limiter: RateLimiter::default(),
            faults: Faults::new(options.faults.clone()),
            log: RequestLog::open(options.log_path.as_deref())?,
        }),
    });
    let router = Router::new()
        .route("/_emulator/state", get(state_handler))
        .route("/_emulator/log", get(log_handler))
        .fallback(api_handler)
        .with_state(app.clone());
    let service = router.into_make_service_with_connect_info::<Connection>();
    axum::serve(CuttableListener(listener), service)
        .with_graceful_shutdown(shutdown)
        .await?;
    if let Some(path) = &options.state_out {
        let json =
            serde_json::to_string_pretty(&app.core().state).map_err(std::io::Error::other)?;
        std::fs::write(path, json + "\n")?;
    }
    Ok(())
}

async fn state_handler(Shared(app): Shared<Arc<App>>) -> Response {
    let json = serde_json::to_string_pretty(&app.core().state);
    json_body(json)
}

async fn log_handler(Shared(app): Shared<Arc<App>>) -> Response {
    let json = serde_json::to_string(app.core().log.entries());
    json_body(json)
}

fn json_body(json: serde_json::Result<String>) -> Response {
    match json {
        Ok(text) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            text,
        )
            .into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

/// What one API request came to, before it is rendered and logged.
struct Outcome {
    provider: Option<Provider>,
    action: String,
    params: Value,
    result: Result<Value, ApiError>,
    fault: Fault,
    latency_ms: u64,
}

impl Outcome {
    fn new(action: &str, params: Value) -> Outcome {
        Outcome {
            provider: None,
            action: action.to_string(),
            params,
            result: Ok(Value::Null),
            fault: Fault::None,
            latency_ms: 0,
        }
    }
}

/// The received request, as the pipeline needs it.
struct Incoming<'a> {
    method: &'a Method,
    raw_query: &'a str,
    headers: &'a HeaderMap,
    body: &'a [u8],
    now_ms: i64,
}

enum Cloud {
    Tencent,
    Alibaba,
}

async fn api_handler(
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
            Cloud::Tencent => tencent(&app, &mut core, &request),
            Cloud::Alibaba => alibaba(&app, &mut core, &request),
        };
        core.log.record(LogEntry {
            time: log::format_time(request.now_ms),
            provider: outcome.provider.map(Provider::name),
            action: outcome.action.clone(),
            params: outcome.params.clone(),
            verdict: match (&outcome.result, outcome.fault) {
                (_, Fault::Drop) => "dropped",
                (Ok(_), _) => "ok",
                (Err(_), _) => "error",
            },
            error_code: outcome.result.as_ref().err().map(|e| e.code.clone()),
            request_id: request_id.clone(),
            fault: (outcome.fault != Fault::None).then_some(fault_name(outcome.fault)),
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
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    match (is_tencent, outcome.result) {
        (true, Ok(fields)) => reply::tencent_ok(fields, &request_id),
        (true, Err(error)) => reply::tencent_error(&error, &request_id),
        (false, Ok(fields)) => reply::alibaba_ok(fields, &request_id),
        (false, Err(error)) => reply::alibaba_error(&error, outcome.provider, host, &request_id),
    }
}

fn fault_name(fault: Fault) -> &'static str {
    match fault {
        Fault::None => "none",
        Fault::ServerError => "server_error",
        Fault::Throttle => "throttle",
        Fault::Drop => "drop",
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Draw the request's fault; `Err` when it answers instead of the action.
fn inject(
    core: &mut Core,
    outcome: &mut Outcome,
    server_error: ApiError,
    throttled: ApiError,
) -> Result<(), ApiError> {
    let (fault, latency_ms) = core.faults.next();
    outcome.fault = fault;
    outcome.latency_ms = latency_ms;
    match fault {
        Fault::ServerError => Err(server_error),
        Fault::Throttle => Err(throttled),
        Fault::Drop => Err(ApiError::tencent("Dropped", "connection dropped")),
        Fault::None => Ok(()),
    }
}

fn tencent_throttled(count: usize, limit: u32) -> ApiError {
    ApiError::tencent(
        "RequestLimitExceeded",
        format!(
            "Your current request times equals to `{count}` in a second, which exceeds the frequency limit `{limit}` for a second. Please reduce the frequency of calls."
        ),
    )
}

fn tencent(app: &App, core: &mut Core, request: &Incoming) -> Outcome {
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
        let (provider, service) = match version {
            "2020-02-10" => (Provider::TencentCcc, "ccc"),
            "2021-03-31" => (Provider::TencentCic, "organization"),
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
        outcome.provider = Some(provider);
        let table = match provider {
            Provider::TencentCcc => tencent_ccc::table(action),
            _ => tencent_cic::table(action),
        }
        .ok_or_else(|| {
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
        inject(
            core,
            &mut outcome,
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
        match provider {
            Provider::TencentCcc => {
                tencent_ccc::handle(&mut core.state, action, params, request.now_ms)
            }
            _ => tencent_cic::handle(&mut core.state, action, params, request.now_ms),
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

fn alibaba(app: &App, core: &mut Core, request: &Incoming) -> Outcome {
    let action = header(request.headers, "x-acs-action");
    let pairs = crate::sign::alibaba::decode_query(request.raw_query);
    let params: Map<String, Value> = pairs
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let mut outcome = Outcome::new(action, Value::Object(params));
    let version = header(request.headers, "x-acs-version");
    outcome.provider = match version {
        "2020-07-01" => Some(Provider::AlibabaCcc),
        "2021-12-01" => Some(Provider::AlibabaEiam),
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
        let provider = outcome.provider.ok_or_else(not_found)?;
        let table = match provider {
            Provider::AlibabaCcc => alibaba_ccc::table(action),
            _ => alibaba_eiam::table(action),
        }
        .ok_or_else(not_found)?;
        let server_error = ApiError::gateway(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error (injected fault).",
        );
        inject(core, &mut outcome, server_error, alibaba_throttled(1000))?;
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
        match provider {
            Provider::AlibabaCcc => alibaba_ccc::handle(&mut core.state, action, &query),
            _ => alibaba_eiam::handle(&mut core.state, action, &query, request.now_ms),
        }
    })();
    outcome
}
