//! Pure. The response envelope parsers of both clouds: status and body bytes in, the answer
//! (parsed once, borrowing from the body) with its request id, or a classified `CallError`
//! out. Never sends or logs anything.

use std::time::Duration;

use crate::json::JsonRef;

use super::{CallError, ErrorClass, classify_alibaba, classify_tencent};

/// A successful answer: what the call returned (Tencent's `Response` object, Alibaba's body),
/// its strings borrowed from the body, and the request id.
#[derive(Debug, PartialEq)]
pub struct Answered<'b> {
    pub answer: JsonRef<'b>,
    pub request_id: Option<String>,
}

/// Parses a Tencent response body: Ok(the `Response` object) or Err(CallError) when
/// `Response.Error` exists (HTTP 200!). Non-200 status => transient Http error.
pub fn tencent_envelope<'b>(
    provider: &str,
    action: &str,
    status: u16,
    body: &'b [u8],
) -> Result<Answered<'b>, CallError> {
    if status != 200 {
        return Err(http_error(provider, action, status, body, None));
    }
    let decode = |message: &str| decode_error(provider, action, message);
    let mut root = match JsonRef::parse(body) {
        Ok(root) if root.is_object() => root,
        Ok(_) => return Err(decode("body is not a JSON object")),
        Err(error) => return Err(decode(&format!("body is not JSON: {error}"))),
    };
    let Some(response) = root.take("Response").filter(JsonRef::is_object) else {
        return Err(decode("no `Response` object"));
    };
    let request_id = response.get("RequestId").and_then(JsonRef::as_str);
    let Some(error) = response.get("Error") else {
        let request_id = request_id.map(str::to_string);
        return Ok(Answered {
            answer: response,
            request_id,
        });
    };
    let code = error
        .get("Code")
        .and_then(JsonRef::as_str)
        .filter(|code| !code.is_empty())
        .ok_or_else(|| decode("`Response.Error` has no `Code`"))?;
    let message = error.get("Message").and_then(JsonRef::as_str).unwrap_or("");
    let class = classify_tencent(code);
    Err(api_error(
        provider, action, code, message, request_id, class, None,
    ))
}

/// Parse an Alibaba response: status >= 400 => error from Code/Message/RequestId
/// (case-insensitive keys), honouring `retry_after_ms` (the x-acs-retry-after header value) for
/// throttling; HTTP 200 with a `Code` other than "OK" (CCC) is also an error; else Ok(the
/// body).
/// An error body without a code (empty, HTML from a proxy) gives an `Http` error.
pub fn alibaba_envelope<'b>(
    provider: &str,
    action: &str,
    status: u16,
    retry_after_ms: Option<&str>,
    body: &'b [u8],
) -> Result<Answered<'b>, CallError> {
    let parsed = JsonRef::parse(body);
    let retry_after = retry_after_ms.and_then(parse_retry_after);
    if status >= 400 {
        let fields = match &parsed {
            Ok(object @ JsonRef::Object(_)) => ErrorFields::from_json(object),
            _ => ErrorFields::from_xml(body),
        };
        let request_id = fields.request_id.as_deref();
        return Err(match fields.code.as_deref() {
            Some(code) => {
                let class = classify_alibaba(code, status);
                let message = &fields.message;
                api_error(
                    provider,
                    action,
                    code,
                    message,
                    request_id,
                    class,
                    retry_after,
                )
            }
            None => http_error(provider, action, status, body, request_id),
        });
    }
    let object = match parsed {
        Ok(object @ JsonRef::Object(_)) => object,
        Ok(_) => return Err(decode_error(provider, action, "body is not a JSON object")),
        Err(error) => {
            let message = format!("body is not JSON: {error}");
            return Err(decode_error(provider, action, &message));
        }
    };
    let fields = ErrorFields::from_json(&object);
    match fields.code.as_deref() {
        Some(code) if !code.eq_ignore_ascii_case("OK") => {
            // CCC business errors on HTTP 200 carry the real status in `HttpStatusCode`.
            let status = field(&object, "httpstatuscode")
                .and_then(|value| match value {
                    JsonRef::Number(number) => number.as_u64(),
                    JsonRef::Text(text) => text.trim().parse().ok(),
                    _ => None,
                })
                .and_then(|status| u16::try_from(status).ok())
                .unwrap_or(status);
            let class = classify_alibaba(code, status);
            let request_id = fields.request_id.as_deref();
            Err(api_error(
                provider,
                action,
                code,
                &fields.message,
                request_id,
                class,
                retry_after,
            ))
        }
        _ => Ok(Answered {
            answer: object,
            request_id: fields.request_id,
        }),
    }
}

/// Code, message and request id of an Alibaba error body. The SDK reads them from JSON keys in
/// any case, or from an XML `Error` element when the gateway answers in XML.
struct ErrorFields {
    code: Option<String>,
    message: String,
    request_id: Option<String>,
}

impl ErrorFields {
    fn from_json(object: &JsonRef) -> Self {
        let text = |key: &str| {
            field(object, key)
                .and_then(JsonRef::as_str)
                .map(str::to_string)
        };
        ErrorFields {
            code: text("code").filter(|code| !code.is_empty()),
            message: text("message").unwrap_or_default(),
            request_id: text("requestid"),
        }
    }

    fn from_xml(body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let tag = |name: &str| {
            let open = format!("<{name}>");
            let start = text.find(&open)? + open.len();
            let end = start + text[start..].find(&format!("</{name}>"))?;
            Some(text[start..end].trim().to_string())
        };
        ErrorFields {
            code: tag("Code").filter(|code| !code.is_empty()),
            message: tag("Message").unwrap_or_default(),
            request_id: tag("RequestId"),
        }
    }
}

/// The SDK's rule: a positive integer of milliseconds, capped at 120 000.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let millis: u64 = value.trim().parse().ok()?;
    (millis > 0).then(|| Duration::from_millis(millis.min(120_000)))
}

/// A key of a JSON object, compared case-insensitively (the SDK reads `Code` or `code`).
fn field<'v, 'a>(object: &'v JsonRef<'a>, key: &str) -> Option<&'v JsonRef<'a>> {
    object
        .entries()?
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(_, value)| value)
}

fn api_error(
    provider: &str,
    action: &str,
    code: &str,
    message: &str,
    request_id: Option<&str>,
    class: ErrorClass,
    retry_after: Option<Duration>,
) -> CallError {
    let (provider, action, code, message) = (
        provider.to_string(),
        action.to_string(),
        code.to_string(),
        message.to_string(),
    );
    let request_id = request_id.map(str::to_string);
    match class {
        ErrorClass::Throttled => CallError::Throttled {
            provider,
            action,
            code,
            message,
            request_id,
            retry_after,
        },
        class => CallError::Api {
            provider,
            action,
            code,
            message,
            request_id,
            class,
        },
    }
}

fn http_error(
    provider: &str,
    action: &str,
    status: u16,
    body: &[u8],
    request_id: Option<&str>,
) -> CallError {
    CallError::Http {
        provider: provider.to_string(),
        action: action.to_string(),
        status,
        body_excerpt: excerpt(body),
        request_id: request_id.map(str::to_string),
    }
}

fn decode_error(provider: &str, action: &str, message: &str) -> CallError {
    CallError::Decode {
        provider: provider.to_string(),
        action: action.to_string(),
        message: message.to_string(),
    }
}

/// The first 200 characters of a body, lossily decoded, on one line.
fn excerpt(body: &[u8]) -> String {
    const LIMIT: usize = 200;
    let text = String::from_utf8_lossy(body);
    let mut short: String = text
        .chars()
        .take(LIMIT)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(LIMIT).is_some() {
        short.push('…');
    }
    short.trim().to_string()
}
