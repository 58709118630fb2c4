//! What the benchmark examples share: the emulator's example credentials, the built binaries
//! beside the running example, starting `usersync-emulator` on a free port, and reading its
//! state and log endpoints.
#![allow(dead_code)] // each example uses a part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

pub const TC_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const TC_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
pub const ACS_ID: &str = "LTAI5tUsersyncEXAMPLE01";
pub const ACS_SECRET: &str = "UsersyncSecretEXAMPLE0123456789abc";

pub type Error = Box<dyn std::error::Error>;

/// The target directory the running example was built into (`target/<profile>`).
pub fn bin_dir() -> Result<PathBuf, Error> {
    std::env::current_exe()?
        .parent()
        .and_then(|examples| examples.parent())
        .map(PathBuf::from)
        .ok_or_else(|| "cannot find the target directory".into())
}

/// A running emulator, killed when dropped.
pub struct Emulator {
    child: Child,
    pub addr: String,
}

impl Emulator {
    /// Starts `usersync-emulator` with `seed` and `extra` flags on a free port.
    pub fn start(seed: &std::path::Path, extra: &[&str]) -> Result<Emulator, Error> {
        let mut child = Command::new(bin_dir()?.join("usersync-emulator"))
            .arg("--seed")
            .arg(seed)
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .ok_or("unexpected emulator output")?
            .to_string();
        Ok(Emulator { child, addr })
    }

    /// `GET path` on the emulator, as JSON.
    pub fn get(&self, path: &str) -> Result<Value, Error> {
        let mut stream = TcpStream::connect(&self.addr)?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body)
            .ok_or("no body")?;
        Ok(serde_json::from_str(body)?)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
