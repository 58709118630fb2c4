//! Edge. Drives the transports: fetching observed state (the read loop, `fetch.rs`) and
//! applying a plan's calls concurrently in a valid order (`apply.rs`, with its pure order in
//! `schedule.rs` and its report in `report.rs`). Owns no HTTP of its own.

pub mod apply;
pub mod fetch;
pub mod report;
pub mod schedule;
pub mod send;

pub use send::{Sender, WriteFailure, WriteOutcome};
