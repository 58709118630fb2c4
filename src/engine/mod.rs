//! Edge. Drives providers: fetching observed state through the [`Provider`] trait and
//! applying a plan's calls concurrently in a valid order. Owns no HTTP of its own.

pub mod apply;
pub mod fetch;
pub mod provider;
pub mod report;
pub mod schedule;

pub use provider::{FetchNeeds, Provider, WriteFailure, WriteOutcome};
