//! usersync: keep call-center agents and identity users on Tencent Cloud and Alibaba Cloud in
//! line with a YAML manifest. See `ARCHITECTURE.md` for the codemap.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod call_error;
pub mod cli;
pub mod config;
pub mod engine;
pub mod export;
pub mod json;
pub mod manifest;
pub mod model;
pub mod phone;
pub mod plan;
pub mod providers;
pub mod secret;
pub mod settings;
pub mod sign;
pub mod state;
pub mod transport;
