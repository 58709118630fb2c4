//! The request log: one JSON object per request (time, provider, action, parameters, verdict,
//! error code, request id), kept in memory for `GET /_emulator/log` and appended to a file as
//! JSON lines. Never records headers, signatures or keys: parameters are the business payload.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// One line of the log.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    /// RFC 3339, from the emulator's clock (pinned when the clock is).
    pub time: String,
    pub provider: Option<&'static str>,
    pub action: String,
    pub params: Value,
    /// `ok` or `error`; `dropped` when the connection was cut on purpose.
    pub verdict: &'static str,
    pub error_code: Option<String>,
    pub request_id: String,
    /// The injected fault, if any.
    pub fault: Option<&'static str>,
}

/// Where entries go.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Vec<LogEntry>,
    file: Option<File>,
}

impl RequestLog {
    /// A log kept in memory and, when `path` is given, appended to that file.
    pub fn open(path: Option<&Path>) -> std::io::Result<RequestLog> {
        let file = match path {
            Some(path) => Some(File::options().create(true).append(true).open(path)?),
            None => None,
        };
        Ok(RequestLog {
            entries: Vec::new(),
            file,
        })
    }

    pub fn record(&mut self, entry: LogEntry) {
        if let Some(file) = &mut self.file
            && let Ok(line) = serde_json::to_string(&entry)
            && let Err(err) = writeln!(file, "{line}")
        {
            tracing::warn!("cannot write the request log: {err}");
        }
        self.entries.push(entry);
    }

    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }
}

/// RFC 3339 for a Unix time in milliseconds.
pub fn format_time(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_default()
}
