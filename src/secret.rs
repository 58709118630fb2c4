//! Pure. Holds credential material (`Secret`) so that it stays out of `Debug` output, logs and
//! error messages; never reads it from anywhere and never prints it.

use secrecy::{ExposeSecret, SecretString};

/// A credential value (secret key, access key secret, STS token).
///
/// `Debug` prints `Secret(REDACTED)`; there is deliberately no `Display`, no `Serialize` and no
/// `PartialEq`, so a secret cannot end up in a plan, a log line or an error by accident.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a credential value.
    pub fn new(value: String) -> Self {
        Secret(SecretString::from(value))
    }

    /// The raw value. Call this only inside `sign` (to key an HMAC or to fill a token header that
    /// is sent on the wire), never to log, print or store it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl Secret {
    /// Whether `sent` is this value (a verifier comparing a presented token), without handing
    /// the value out. Compares every byte, so the time taken does not say where they differ.
    pub fn is(&self, sent: &str) -> bool {
        let own = self.expose().as_bytes();
        let sent = sent.as_bytes();
        own.len() == sent.len() && own.iter().zip(sent).fold(0, |diff, (a, b)| diff | (a ^ b)) == 0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Secret(REDACTED)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE".to_string());
        assert_eq!(format!("{secret:?}"), "Secret(REDACTED)");
        assert_eq!(format!("{secret:#?}"), "Secret(REDACTED)");
        let nested = Some(vec![secret.clone()]);
        assert!(!format!("{nested:?}").contains("EXAMPLE"));
    }

    #[test]
    fn a_presented_value_is_compared_without_handing_the_secret_out() {
        let secret = Secret::new("token-1".into());
        assert!(secret.is("token-1"));
        assert!(!secret.is("token-2"));
        assert!(!secret.is("token-10"));
        assert!(!secret.is(""));
    }

    #[test]
    fn expose_and_clone_keep_the_value() {
        let secret = Secret::from("s3cr3t".to_string());
        let copy = secret.clone();
        assert_eq!(secret.expose(), "s3cr3t");
        assert_eq!(copy.expose(), "s3cr3t");
    }
}
