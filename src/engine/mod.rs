//! Edge. Drives providers: fetching observed state through the [`Provider`] trait and
//! applying a plan's calls in order. Owns no HTTP of its own.

pub mod apply;
pub mod fetch;
pub mod provider;
pub mod report;

pub use provider::{FetchNeeds, Provider, WriteOutcome};
