//! Request building and response parsing of every provider, against the wire fixtures.
