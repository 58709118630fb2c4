//! A `usersync-emulator` process on 127.0.0.1:0 for end-to-end tests, and the quickstart
//! manifest pointed at it. The emulator is a package of its own (`crates/usersync-emulator`),
//! so its binary is found next to this test's, in the same target directory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

pub const TC_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const TC_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
pub const ACS_ID: &str = "LTAI5tUsersyncEXAMPLE01";
pub const ACS_SECRET: &str = "UsersyncSecretEXAMPLE0123456789abc";

/// A running emulator; killed when dropped.
pub struct Emulator {
    child: Child,
    pub addr: String,
}

impl Emulator {
    /// Starts the emulator with the quickstart seed and `extra` flags.
    pub fn start(extra: &[&str]) -> Emulator {
        Emulator::start_with_seed(
            &root().join("examples/quickstart/emulator-seed.yaml"),
            extra,
        )
    }

    /// Starts the emulator with the seed file `seed` (e.g. one a test generated).
    pub fn start_with_seed(seed: &Path, extra: &[&str]) -> Emulator {
        let mut child = Command::new(emulator_binary())
            .arg("--seed")
            .arg(seed)
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("emulator starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("emulator prints its address");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line `{line}`"))
            .to_string();
        Emulator { child, addr }
    }

    /// `GET path` on the emulator, as JSON.
    pub fn get(&self, path: &str) -> Value {
        let mut stream = TcpStream::connect(&self.addr).expect("emulator reachable");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .expect("request sent");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response read");
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body)
            .unwrap_or_default();
        serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
    }

    pub fn state(&self) -> Value {
        self.get("/_emulator/state")
    }

    pub fn log(&self) -> Vec<Value> {
        match self.get("/_emulator/log") {
            Value::Array(entries) => entries,
            other => panic!("log is not an array: {other}"),
        }
    }

    /// The quickstart manifest with every endpoint pointed at this emulator, in `dir`.
    pub fn quickstart_manifest(&self, dir: &Path) -> PathBuf {
        let text = std::fs::read_to_string(root().join("examples/quickstart/users.yaml"))
            .expect("manifest");
        let path = dir.join("users.yaml");
        std::fs::write(&path, text.replace("127.0.0.1:18600", &self.addr))
            .expect("manifest written");
        path
    }

    /// `usersync` with the emulator's credentials in its environment.
    pub fn usersync(&self) -> assert_cmd::Command {
        let mut command = super::usersync();
        command
            .env("TENCENTCLOUD_SECRET_ID", TC_ID)
            .env("TENCENTCLOUD_SECRET_KEY", TC_KEY)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", ACS_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ACS_SECRET);
        command
    }
}

impl Emulator {
    /// Runs usersync with the emulator's credentials.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.usersync().args(args))
    }

    /// Write calls the emulator received (every attempt).
    pub fn writes(&self) -> usize {
        self.log()
            .iter()
            .filter(|e| {
                matches!(
                    e["action"].as_str(),
                    Some("ModifyStaff" | "UpdateUser" | "ModifyUser")
                )
            })
            .count()
    }
}

/// How a command exited and what it printed.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(command: &mut assert_cmd::Command) -> Run {
        let output = command.output().expect("the command runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/<profile>/usersync-emulator`, beside this test binary (`target/<profile>/deps/it-…`).
/// `assert_cmd::cargo::cargo_bin` finds only this package's binaries; `cargo test` at the
/// repository root builds the emulator's too, because the workspace's default members include it.
fn emulator_binary() -> PathBuf {
    let name = format!("usersync-emulator{}", std::env::consts::EXE_SUFFIX);
    let test = std::env::current_exe().expect("the test binary's path");
    let binary = test
        .parent()
        .and_then(Path::parent)
        .map(|profile| profile.join(&name))
        .unwrap_or_else(|| panic!("no target directory above `{}`", test.display()));
    assert!(
        binary.is_file(),
        "`{}` is not built\nhint: build it with `cargo build -p usersync-emulator` (in the \
         tests' profile), or run plain `cargo test` at the repository root, which builds it",
        binary.display()
    );
    binary
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Finds the object in `items` whose `key` equals `value`.
pub fn find<'a>(items: &'a Value, key: &str, value: &str) -> &'a Value {
    items
        .as_array()
        .and_then(|items| items.iter().find(|item| item[key] == value))
        .unwrap_or_else(|| panic!("no entry with {key} = {value} in {items}"))
}
