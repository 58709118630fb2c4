//! `usersync-emulator`: serves the local emulator of the four cloud APIs. Parses flags, reads
//! the seed and hands over to `usersync_emulator::serve`; nothing else lives here.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use usersync_emulator::{Clock, FaultOptions, Options, Seed};

/// A strict local emulator of Tencent CCC, Tencent CIC, Alibaba CCC and Alibaba EIAM.
///
/// Prints `listening on http://ADDR` as its first line of stdout, then serves until Ctrl-C or
/// SIGTERM. Point every provider endpoint at that address.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// Seed file (YAML): credentials, instances and accounts; see docs/EMULATOR.md
    #[arg(long, value_name = "FILE")]
    seed: PathBuf,
    /// Address to listen on; port 0 picks a free port
    #[arg(long, default_value = "127.0.0.1:18600")]
    listen: String,
    /// Append one JSON line per request to this file
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
    /// Write the final state as JSON to this file on exit
    #[arg(long, value_name = "FILE")]
    state_out: Option<PathBuf>,
    /// Pin the clock at this Unix time (seconds)
    #[arg(long, value_name = "UNIX")]
    now: Option<i64>,
    /// Seed of the fault-injection sequence
    #[arg(long, default_value_t = 0)]
    fault_seed: u64,
    /// Share of requests answered with a server error (0.0 to 1.0)
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Share of requests that start a throttling burst (0.0 to 1.0)
    #[arg(long, default_value_t = 0.0)]
    throttle_rate: f64,
    /// Requests refused by each throttling burst
    #[arg(long, default_value_t = 3)]
    throttle_burst: u32,
    /// Add up to this many milliseconds of latency to each request
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share of requests whose connection is dropped without an answer (0.0 to 1.0)
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Let a request through once it was refused this many times in a row (the same action and
    /// parameters, signing aside), so that a client retrying that often always gets through
    #[arg(long, value_name = "N")]
    max_faults_in_a_row: Option<u32>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    for (name, rate) in [
        ("--error-rate", cli.error_rate),
        ("--throttle-rate", cli.throttle_rate),
        ("--drop-rate", cli.drop_rate),
    ] {
        anyhow::ensure!(
            (0.0..=1.0).contains(&rate),
            "{name} must be between 0.0 and 1.0"
        );
    }
    let text = std::fs::read_to_string(&cli.seed)
        .with_context(|| format!("reading seed `{}`", cli.seed.display()))?;
    let seed =
        Seed::from_yaml(&text).map_err(|err| anyhow::anyhow!("{}: {err}", cli.seed.display()))?;
    let listener = tokio::net::TcpListener::bind(&cli.listen)
        .await
        .with_context(|| format!("listening on `{}`", cli.listen))?;
    let address = listener.local_addr()?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on http://{address}")?;
    stdout.flush()?;
    let options = Options {
        clock: cli.now.map_or_else(Clock::system, Clock::pinned),
        faults: FaultOptions {
            seed: cli.fault_seed,
            error_rate: cli.error_rate,
            throttle_rate: cli.throttle_rate,
            throttle_burst: cli.throttle_burst,
            latency_ms: cli.latency_ms,
            drop_rate: cli.drop_rate,
            max_faults_in_a_row: cli.max_faults_in_a_row,
        },
        log_path: cli.log,
        state_out: cli.state_out,
    };
    usersync_emulator::serve(listener, seed, options, shutdown_signal())
        .await
        .with_context(|| format!("emulator with seed `{}`", cli.seed.display()))
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
