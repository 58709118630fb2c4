//! usersync library.
