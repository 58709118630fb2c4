//! Edge. Temporary: replaced by the provider-client branch (credentials from the environment
//! and `connect`).

use crate::engine::Provider;
use crate::manifest::types::ProviderConfig;

pub struct Credentials;

pub fn credentials(
    _config: &ProviderConfig,
    _env: &dyn Fn(&str) -> Option<String>,
) -> Result<Credentials, String> {
    Err("provider clients are not built yet".into())
}

pub fn connect(
    _name: &str,
    _config: &ProviderConfig,
    _credentials: Credentials,
) -> anyhow::Result<Box<dyn Provider>> {
    anyhow::bail!("provider clients are not built yet")
}
