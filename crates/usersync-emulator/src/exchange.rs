//! One API request as the gateway receives it (`Incoming`) and what it came to (`Outcome`), the
//! values the pipeline hands to a cloud's gateway and gets back. Data only; never decides,
//! renders or logs anything.

use axum::http::{HeaderMap, Method};
use serde_json::Value;

use super::api::Api;
use super::faults::Fault;
use super::reply::ApiError;

/// The received request, as the gateways need it.
pub struct Incoming<'a> {
    pub method: &'a Method,
    pub raw_query: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub now_ms: i64,
}

/// What one API request came to, before it is rendered and logged.
pub struct Outcome {
    /// The API the request reached, once its version names one.
    pub api: Option<Api>,
    pub action: String,
    pub params: Value,
    pub result: Result<Value, ApiError>,
    pub fault: Fault,
    pub latency_ms: u64,
}

impl Outcome {
    pub fn new(action: &str, params: Value) -> Outcome {
        Outcome {
            api: None,
            action: action.to_string(),
            params,
            result: Ok(Value::Null),
            fault: Fault::None,
            latency_ms: 0,
        }
    }
}

/// A header's value, or "" when it is missing or not text.
pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}
