//! usersync library.
pub mod secret;
