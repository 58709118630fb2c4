//! End-to-end tests of the `usersync` binary (one test binary, per STYLE.md).

mod apply_engine;
mod base_branch;
mod ci;
mod emulator_process;
mod export;
mod forwarding;
mod manifest_errors;
mod manifest_input;
mod partial_apply;
mod quickstart;
mod review;
mod schemas;
mod unreachable;
mod wire;

use std::path::{Path, PathBuf};

/// `tests/fixtures/<rest>`.
pub fn fixtures(rest: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rest)
}

/// The `usersync` binary with a clean environment (no credentials, no colour).
pub fn usersync() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("usersync").expect("binary built");
    command.env_clear().env("NO_COLOR", "1");
    command
}
