//! Errors and response envelopes in each cloud's wire shape: Tencent's HTTP 200
//! `{"Response": {..., "RequestId"}}`, Alibaba's gateway body (`RequestId`, `HostId`, `Code`,
//! `Message`, `Recommend`) and Alibaba CCC's business body (`HttpStatusCode`, `Code`, `Params`).
//! Builds bodies only; never decides what is an error.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::api::Api;

/// How an Alibaba error body looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Gateway errors (signature, throttling, parameters, EIAM business errors).
    Gateway,
    /// Alibaba CCC business errors, shaped like its success envelope.
    CccBusiness,
}

/// An error answer. `status` and `shape` matter for Alibaba only (Tencent answers HTTP 200).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub status: u16,
    pub shape: Shape,
    pub params: Vec<String>,
    pub retry_after_ms: Option<i64>,
}

impl ApiError {
    /// A Tencent error (always HTTP 200).
    pub fn tencent(code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_string(),
            message: message.into(),
            status: 200,
            shape: Shape::Gateway,
            params: Vec::new(),
            retry_after_ms: None,
        }
    }

    /// An Alibaba gateway-shaped error.
    pub fn gateway(status: u16, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            ..ApiError::tencent(code, message)
        }
    }

    /// An Alibaba CCC business error; `params` are the values substituted in the message.
    pub fn ccc(status: u16, code: &str, message: impl Into<String>, params: &[&str]) -> ApiError {
        ApiError {
            shape: Shape::CccBusiness,
            params: params.iter().map(|p| p.to_string()).collect(),
            ..ApiError::gateway(status, code, message)
        }
    }
}

/// A Tencent action's answer fields, from its response type.
pub fn tencent_fields(response: impl Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(response).map_err(|err| {
        ApiError::tencent("InternalError", format!("cannot encode the answer: {err}"))
    })
}

/// Tencent success: the action's fields, then `RequestId`, under `Response`.
pub fn tencent_ok(fields: Value, request_id: &str) -> Response {
    let mut body = match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    body.insert("RequestId".into(), json!(request_id));
    json_response(
        StatusCode::OK,
        json!({ "Response": body }),
        "application/json",
        None,
    )
}

pub fn tencent_error(error: &ApiError, request_id: &str) -> Response {
    let body = json!({"Response": {
        "Error": {"Code": error.code, "Message": error.message},
        "RequestId": request_id,
    }});
    json_response(StatusCode::OK, body, "application/json", None)
}

const ALIBABA_JSON: &str = "application/json;charset=utf-8";

/// Alibaba success: `RequestId` first, then the action's fields.
pub fn alibaba_ok(fields: Value, request_id: &str) -> Response {
    let mut body = Map::new();
    body.insert("RequestId".into(), json!(request_id));
    if let Value::Object(map) = fields {
        body.extend(map);
    }
    let mut response = json_response(StatusCode::OK, Value::Object(body), ALIBABA_JSON, None);
    insert_header(&mut response, "x-acs-request-id", request_id);
    response
}

pub fn alibaba_error(error: &ApiError, api: Option<Api>, host: &str, request_id: &str) -> Response {
    let body = match error.shape {
        Shape::CccBusiness => json!({
            "RequestId": request_id,
            "HttpStatusCode": error.status,
            "Code": error.code,
            "Message": error.message,
            "Params": error.params,
        }),
        Shape::Gateway => {
            let product = api.unwrap_or(Api::AlibabaCcc).alibaba_product();
            json!({
                "RequestId": request_id,
                "HostId": host,
                "Code": error.code,
                "Message": error.message,
                "Recommend": format!(
                    "https://api.aliyun.com/troubleshoot?q={}&product={product}&requestId={request_id}",
                    error.code
                ),
            })
        }
    };
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = json_response(status, body, ALIBABA_JSON, error.retry_after_ms);
    insert_header(&mut response, "x-acs-request-id", request_id);
    response
}

fn json_response(
    status: StatusCode,
    body: Value,
    content_type: &'static str,
    retry_after_ms: Option<i64>,
) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(ms) = retry_after_ms {
        insert_header(&mut response, "x-acs-retry-after", &ms.to_string());
    }
    response
}

fn insert_header(response: &mut Response, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}
