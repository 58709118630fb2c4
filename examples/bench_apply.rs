//! Benchmark (not a test): how close `usersync apply` gets to the providers' rate limits.
//!
//! Generates 1,000 people, each with a Tencent CCC agent and a Tencent CIC user whose display
//! name changes (2,000 writes: ModifyStaff and UpdateUser, 20/s each, so the bound is 50 s),
//! starts `usersync-emulator` with `--latency-ms 50`, runs `usersync apply`, and prints the
//! achieved write rate per action (from the emulator's request log) against the limit, and
//! any throttling the emulator applied. Build the binaries first:
//!
//! ```sh
//! cargo build --release --workspace --bins --example bench_apply
//! target/release/examples/bench_apply [PEOPLE]
//! ```
#![allow(clippy::print_stdout)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{Emulator, TC_ID, TC_KEY};
use serde_json::Value;

const ZONE: &str = "z-1a2b3c4d5e";
const LIMIT: f64 = 20.0;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let people: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(1000);
    let bin = common::bin_dir()?;
    let dir = std::env::temp_dir().join(format!("usersync-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let seed = dir.join("seed.yaml");
    std::fs::write(&seed, seed_text(people))?;
    let emulator = Emulator::start(&seed, &["--latency-ms", "50"])?;
    let addr = emulator.addr.clone();
    let manifest = dir.join("users.yaml");
    std::fs::write(&manifest, manifest_text(people, &addr))?;
    let report = dir.join("report.json");

    let started = Instant::now();
    let status = Command::new(bin.join("usersync"))
        .arg("apply")
        .arg("-f")
        .arg(&manifest)
        .args(["--auto-approve", "--max-changes", "100000", "--report"])
        .arg(&report)
        .env("TENCENTCLOUD_SECRET_ID", TC_ID)
        .env("TENCENTCLOUD_SECRET_KEY", TC_KEY)
        .stdout(Stdio::null())
        .status()?;
    let wall = started.elapsed().as_secs_f64();
    let log = emulator.get("/_emulator/log")?;
    drop(emulator);

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report)?)?;
    let calls = report["calls"].as_array().map_or(0, Vec::len);
    let apply_seconds = report["elapsed_seconds"].as_f64().unwrap_or(0.0);
    println!(
        "usersync apply: exit {}, {calls} calls, apply phase {apply_seconds:.1} s, whole command {wall:.1} s",
        status.code().unwrap_or(-1)
    );
    println!(
        "bound: {:.1} s (each action at {LIMIT}/s, in parallel)",
        people as f64 / LIMIT
    );
    let mut writes: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut throttled = 0;
    for entry in log.as_array().ok_or("log is not an array")? {
        let code = entry["error_code"].as_str().unwrap_or_default();
        if code.starts_with("RequestLimitExceeded") {
            throttled += 1;
        }
        let action = entry["action"].as_str().unwrap_or_default();
        if matches!(action, "ModifyStaff" | "UpdateUser") {
            let time = entry["time"].as_str().unwrap_or_default();
            writes
                .entry(action.to_string())
                .or_default()
                .push(unix_ms(time)?);
        }
    }
    for (action, mut times) in writes {
        times.sort();
        let span = (times[times.len() - 1] - times[0]) as f64 / 1000.0;
        let rate = (times.len() - 1) as f64 / span;
        println!(
            "{action:>12}: {} requests in {span:.1} s = {rate:.2}/s, {:.1}% of the {LIMIT}/s limit",
            times.len(),
            100.0 * rate / LIMIT
        );
    }
    println!("throttled by the emulator: {throttled}");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn seed_text(people: usize) -> String {
    let mut seed = format!(
        "credentials:\n  tencent:\n    - {{secret_id: {TC_ID}, secret_key: {TC_KEY}, account: \"100000000001\"}}\n\
         rate_limits:\n  tencent_per_second: 20\n\
         tencent_ccc:\n  - sdk_app_id: 1400000001\n    staff:\n"
    );
    for n in 1..=people {
        let _ = writeln!(seed, "      - {{mail: p{n}@example.com, name: Person {n}}}");
    }
    let _ = write!(seed, "tencent_cic:\n  - zone_id: {ZONE}\n    users:\n");
    for n in 1..=people {
        let _ = writeln!(
            seed,
            "      - {{user_id: u-{n:010}, user_name: p{n}, display_name: Person {n}, email: p{n}@example.com}}"
        );
    }
    seed
}

fn manifest_text(people: usize, addr: &str) -> String {
    let mut manifest = format!(
        "version: 1\nproviders:\n  ccc: {{type: tencent-ccc, sdk_app_id: 1400000001, endpoint: \"http://{addr}\"}}\n  \
         cic: {{type: tencent-cic, zone_id: {ZONE}, endpoint: \"http://{addr}\"}}\nusers:\n"
    );
    for n in 1..=people {
        let _ = writeln!(
            manifest,
            "  p{n}:\n    display_name: Person {n} Renamed\n    email: p{n}@example.com\n    \
             accounts:\n      ccc: {{}}\n      cic: {{user_name: p{n}}}"
        );
    }
    manifest
}

/// Milliseconds since the epoch of an RFC 3339 time.
fn unix_ms(text: &str) -> Result<i64, Box<dyn std::error::Error>> {
    let time = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)?;
    Ok((time.unix_timestamp_nanos() / 1_000_000) as i64)
}
