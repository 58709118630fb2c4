//! usersync library.
pub mod secret;
pub mod sign;
