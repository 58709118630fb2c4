//! usersync library.
pub mod call_error;
pub mod emulator;
pub mod secret;
pub mod sign;
