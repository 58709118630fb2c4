//! usersync-emulator: the local emulator of the four cloud APIs usersync talks to (Tencent CCC
//! and CIC, Alibaba CCC and EIAM): one listener, routed by the `X-TC-*` / `x-acs-*` headers,
//! strict about what the real services refuse (section 10 of the provider reference). It
//! verifies signatures with usersync's own signers (`usersync::sign`) and uses nothing else of
//! usersync. This file holds the server: its options, its start and stop, and the
//! `/_emulator/*` endpoints. `pipeline` takes each API request from bytes to answer and log
//! entry, `gateway` does what each cloud's gateway does before the service sees a request
//! (authenticate, route, inject faults, rate-limit, check parameters), and the API modules
//! (`tencent_ccc`, `tencent_cic`, `alibaba_ccc`, `alibaba_eiam`) hold the actions. It never
//! calls the real clouds. `docs/EMULATOR.md` documents the flags, the seed and the checks.

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod alibaba_ccc;
mod alibaba_eiam;
mod api;
mod app;
mod auth;
mod clock;
mod conn;
mod exchange;
mod faults;
mod gateway;
mod log;
mod params;
mod pipeline;
mod ratelimit;
mod reply;
pub mod seed;
mod store;
mod tencent_ccc;
mod tencent_cic;

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State as Shared;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use api::Api;
pub use clock::Clock;
pub use faults::{Fault, FaultOptions};
pub use log::LogEntry;
pub use seed::Seed;
pub use store::Store;

use app::{App, Core};
use auth::{Keyring, Nonces};
use conn::{Connection, CuttableListener};
use faults::Faults;
use log::RequestLog;
use ratelimit::RateLimiter;

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

/// Serve the four APIs on `listener` until `shutdown` completes, then write `state_out`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    seed: Seed,
    options: Options,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let store = Store::from_seed(&seed).map_err(Error::Seed)?;
    let app = Arc::new(App {
        keys: Keyring::new(&seed.credentials),
        limits: seed.rate_limits.clone(),
        clock: options.clock.clone(),
        core: Mutex::new(Core {
            store,
            nonces: Nonces::default(),
            limiter: RateLimiter::default(),
            faults: Faults::new(options.faults.clone()),
            log: RequestLog::open(options.log_path.as_deref())?,
        }),
    });
    let router = Router::new()
        .route("/_emulator/state", get(state_handler))
        .route("/_emulator/log", get(log_handler))
        .fallback(pipeline::api_handler)
        .with_state(app.clone());
    let service = router.into_make_service_with_connect_info::<Connection>();
    axum::serve(CuttableListener(listener), service)
        .with_graceful_shutdown(shutdown)
        .await?;
    if let Some(path) = &options.state_out {
        let json =
            serde_json::to_string_pretty(&app.core().store).map_err(std::io::Error::other)?;
        std::fs::write(path, json + "\n")?;
    }
    Ok(())
}

async fn state_handler(Shared(app): Shared<Arc<App>>) -> Response {
    let json = serde_json::to_string_pretty(&app.core().store);
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
