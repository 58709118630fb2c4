//! Benchmark (not a test): how many read requests `usersync plan` makes when a few managed
//! accounts manage a field the list call does not return.
//!
//! Generates 5,000 EIAM users (10 of them manage a custom field, read by one `GetUser`
//! each), 1,000 Alibaba CCC agents (1 manages a nickname, read by `GetUser`) and 1,000
//! Tencent CCC agents (10 manage a mobile switch, read by `DescribeStaffStatusMetrics` in
//! batches of 100); every account manages its display name. Starts `usersync-emulator`, runs
//! `usersync plan --format json` and prints the requests per provider and action, from the
//! emulator's log. Build the binaries first:
//!
//! ```sh
//! cargo build --release --workspace --bins --example bench_reads
//! target/release/examples/bench_reads
//! ```
//!
//! `USERSYNC_BIN=/path/to/usersync` runs another build of usersync (e.g. an older one) against
//! the same workload.
#![allow(clippy::print_stdout)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use common::{ACS_ID, ACS_SECRET, Emulator, TC_ID, TC_KEY};

const EIAM_USERS: usize = 5_000;
const EIAM_CUSTOM: usize = 10;
const CCC_USERS: usize = 1_000;
const CCC_NICKNAMES: usize = 1;
const AGENTS: usize = 1_000;
const AGENT_SWITCHES: usize = 10;

fn main() -> Result<(), common::Error> {
    let bin = common::bin_dir()?;
    #[allow(clippy::disallowed_methods)] // a benchmark switch, not a setting of usersync
    let usersync = std::env::var_os("USERSYNC_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| bin.join("usersync"));
    let dir = std::env::temp_dir().join(format!("usersync-reads-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let seed = dir.join("seed.yaml");
    std::fs::write(&seed, seed_text())?;
    let emulator = Emulator::start(&seed, &[])?;
    let addr = emulator.addr.clone();
    let manifest = dir.join("users.yaml");
    std::fs::write(&manifest, manifest_text(&addr))?;
    let output = Command::new(&usersync)
        .arg("plan")
        .arg("-f")
        .arg(&manifest)
        .args(["--format", "json"])
        .env_clear()
        .env("TENCENTCLOUD_SECRET_ID", TC_ID)
        .env("TENCENTCLOUD_SECRET_KEY", TC_KEY)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", ACS_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ACS_SECRET)
        .output()?;
    let log = emulator.get("/_emulator/log")?;
    drop(emulator);
    let _ = std::fs::remove_dir_all(&dir);
    if !matches!(output.status.code(), Some(0 | 2)) {
        return Err(format!(
            "usersync plan failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let mut requests: BTreeMap<(String, String), usize> = BTreeMap::new();
    for entry in log.as_array().ok_or("log is not an array")? {
        let provider = entry["provider"].as_str().unwrap_or("?").to_string();
        let action = entry["action"].as_str().unwrap_or("?").to_string();
        *requests.entry((provider, action)).or_default() += 1;
    }
    println!(
        "workload: {EIAM_USERS} EIAM users ({EIAM_CUSTOM} manage a custom field), {CCC_USERS} Alibaba CCC agents ({CCC_NICKNAMES} manages a nickname), {AGENTS} Tencent CCC agents ({AGENT_SWITCHES} manage a mobile switch)"
    );
    println!("| provider | action | requests |\n|---|---|---|");
    let mut total = 0;
    for ((provider, action), count) in &requests {
        println!("| {provider} | {action} | {count} |");
        total += count;
    }
    println!("| all | | {total} |");
    Ok(())
}

fn seed_text() -> String {
    // The emulator's Alibaba limit is raised so that no read is throttled and retried: the
    // figures count reads, not attempts.
    let mut seed = format!(
        "rate_limits:\n  alibaba_per_second: 100\ncredentials:\n  tencent:\n    - {{secret_id: {TC_ID}, secret_key: {TC_KEY}}}\n  alibaba:\n    - {{access_key_id: {ACS_ID}, access_key_secret: {ACS_SECRET}}}\n"
    );
    seed.push_str("tencent_ccc:\n  - sdk_app_id: 1400000001\n    staff:\n");
    for n in 0..AGENTS {
        let _ = writeln!(
            seed,
            "      - {{mail: agent{n}@example.com, name: Agent {n}}}"
        );
    }
    seed.push_str("alibaba_ccc:\n  - instance_id: ccc-bench\n    users:\n");
    for n in 0..CCC_USERS {
        let _ = writeln!(
            seed,
            "      - {{login_name: agent{n}, display_name: Agent {n}, work_mode: ON_SITE}}"
        );
    }
    seed.push_str(
        "alibaba_eiam:\n  - instance_id: idaas_bench\n    custom_fields: [cost_center]\n    users:\n",
    );
    for n in 0..EIAM_USERS {
        let _ = writeln!(
            seed,
            "      - {{user_id: user_{n:05}, username: user{n}, display_name: User {n}}}"
        );
    }
    seed
}

fn manifest_text(addr: &str) -> String {
    let mut text = format!(
        "version: 1\nproviders:\n  tccc: {{type: tencent-ccc, sdk_app_id: 1400000001, endpoint: 'http://{addr}'}}\n  accc: {{type: alibaba-ccc, instance_id: ccc-bench, region: cn-shanghai, endpoint: 'http://{addr}', rate_limit: {{ListUsers: 90, GetUser: 90}}}}\n  eiam: {{type: alibaba-eiam, instance_id: idaas_bench, region: cn-hangzhou, endpoint: 'http://{addr}', rate_limit: {{ListUsers: 90, GetUser: 90}}}}\nusers:\n"
    );
    for n in 0..AGENTS {
        let switch = if n < AGENT_SWITCHES {
            ", use_mobile_call_out: true"
        } else {
            ""
        };
        let _ = writeln!(
            text,
            "  agent{n}:\n    display_name: Agent {n}\n    email: agent{n}@example.com\n    accounts:\n      tccc: {{nick: a{n}{switch}}}\n      accc: {{user_name: agent{n}{}}}",
            if n < CCC_NICKNAMES {
                ", nickname: ag"
            } else {
                ""
            }
        );
    }
    for n in 0..EIAM_USERS {
        let custom = if n < EIAM_CUSTOM {
            ", custom_fields: {cost_center: CC-1}"
        } else {
            ""
        };
        let _ = writeln!(
            text,
            "  user{n}:\n    display_name: User {n}\n    accounts:\n      eiam: {{user_name: user{n}{custom}}}"
        );
    }
    text
}
