//! usersync library.
pub mod call_error;
pub mod secret;
pub mod sign;
