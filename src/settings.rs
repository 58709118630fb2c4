//! Edge. Where run-time settings come from. Every environment variable name usersync reads is
//! a `const` here, and [`process_env`] is the one place that reads them; [`credentials`] turns
//! a provider's configuration and an environment lookup into signing credentials (pure given
//! the lookup). Imports only the pure core; never logs or prints a secret.

use std::time::Duration;

use crate::config::ProviderConfig;
use crate::model::Cloud;
use crate::providers;
use crate::secret::Secret;
use crate::sign::{self, Credentials};

/// Tencent Cloud SecretId.
pub const TENCENTCLOUD_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Tencent Cloud SecretKey.
pub const TENCENTCLOUD_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Tencent Cloud STS session token (optional).
pub const TENCENTCLOUD_SESSION_TOKEN: &str = "TENCENTCLOUD_SESSION_TOKEN";
/// Alibaba Cloud AccessKey id.
pub const ALIBABA_CLOUD_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Alibaba Cloud AccessKey secret.
pub const ALIBABA_CLOUD_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Alibaba Cloud STS security token (optional).
pub const ALIBABA_CLOUD_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// Seconds to wait for a connection to a provider (`--connect-timeout`).
pub const USERSYNC_CONNECT_TIMEOUT: &str = "USERSYNC_CONNECT_TIMEOUT";
/// Seconds to wait for each request's answer, connecting included (`--timeout`).
pub const USERSYNC_TIMEOUT: &str = "USERSYNC_TIMEOUT";

/// Parses a number of seconds such as `5` or `0.5` (a flag's or a variable's value).
pub fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text.trim().parse().map_err(|_| {
        format!("expected a number of seconds such as `5` or `0.5`, found `{text}`")
    })?;
    if seconds.is_nan() || seconds <= 0.0 {
        return Err(format!("expected more than 0 seconds, found `{text}`"));
    }
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("expected a number of seconds such as `5` or `0.5`, found `{text}`"))
}

/// A duration from its flag, else from the environment variable `name` (read through `env`),
/// else `default`. The error names the variable.
pub fn seconds(
    flag: Option<Duration>,
    name: &str,
    default: Duration,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Duration, String> {
    if let Some(flag) = flag {
        return Ok(flag);
    }
    match env(name).filter(|value| !value.trim().is_empty()) {
        None => Ok(default),
        Some(value) => parse_seconds(&value)
            .map_err(|message| format!("environment variable `{name}`: {message}")),
    }
}

/// The variable names a cloud uses by default: id, secret, token.
fn default_names(cloud: Cloud) -> [&'static str; 3] {
    match cloud {
        Cloud::Tencent => [
            TENCENTCLOUD_SECRET_ID,
            TENCENTCLOUD_SECRET_KEY,
            TENCENTCLOUD_SESSION_TOKEN,
        ],
        Cloud::Alibaba => [
            ALIBABA_CLOUD_ACCESS_KEY_ID,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET,
            ALIBABA_CLOUD_SECURITY_TOKEN,
        ],
    }
}

/// Reads one variable of the process environment: the one place usersync does (the lint
/// `disallowed-methods` in `clippy.toml` refuses `std::env::var` elsewhere).
#[allow(clippy::disallowed_methods)]
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The credentials of `config`, read through `env` from the variables its `credentials`
/// section names (or the cloud's conventional ones). The id and secret are required; the
/// token is used when set. The error names every missing or empty variable and how to set it.
pub fn credentials(
    config: &ProviderConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Credentials, String> {
    let cloud = providers::table(config.provider_type).cloud;
    let [id_default, secret_default, token_default] = default_names(cloud);
    let names = config.credentials.clone().unwrap_or_default();
    let id_name = names.id_env.as_deref().unwrap_or(id_default);
    let secret_name = names.secret_env.as_deref().unwrap_or(secret_default);
    let token_name = names.token_env.as_deref().unwrap_or(token_default);
    let lookup = |name: &str| env(name).filter(|value| !value.trim().is_empty());
    let (id_what, secret_what) = match cloud {
        Cloud::Tencent => ("SecretId", "SecretKey"),
        Cloud::Alibaba => ("AccessKey id", "AccessKey secret"),
    };
    let mut missing = Vec::new();
    for (name, what) in [(id_name, id_what), (secret_name, secret_what)] {
        if lookup(name).is_none() {
            let why = if env(name).is_some() {
                "which is empty"
            } else {
                "which is not set"
            };
            missing.push((
                name,
                format!(
                    "`{}` needs the {what} in the environment variable `{name}`, {why}",
                    config.provider_type
                ),
            ));
        }
    }
    if !missing.is_empty() {
        let exports: Vec<String> = missing
            .iter()
            .map(|(name, _)| format!("`export {name}=...`"))
            .collect();
        let lines: Vec<String> = missing.into_iter().map(|(_, line)| line).collect();
        let another = if exports.len() == 1 {
            "another variable"
        } else {
            "other variables"
        };
        return Err(format!(
            "{}\nhint: {}, or name {another} under the provider's `credentials` in the manifest",
            lines.join("\n"),
            exports.join(" and ")
        ));
    }
    let id = lookup(id_name).expect("checked above");
    let secret = Secret::new(lookup(secret_name).expect("checked above"));
    let token = lookup(token_name).map(Secret::new);
    Ok(match cloud {
        Cloud::Tencent => Credentials::Tencent(sign::tencent::Credential {
            secret_id: id,
            secret_key: secret,
            token,
        }),
        Cloud::Alibaba => Credentials::Alibaba(sign::alibaba::Credential {
            access_key_id: id,
            access_key_secret: secret,
            security_token: token,
        }),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::config::CredentialEnv;
    use crate::model::ProviderType;

    fn config(provider_type: ProviderType, names: Option<CredentialEnv>) -> ProviderConfig {
        ProviderConfig {
            provider_type,
            sdk_app_id: Some(1),
            zone_id: None,
            instance_id: None,
            region: None,
            endpoint: None,
            rate_limit: Default::default(),
            credentials: names,
        }
    }

    fn check(config: &ProviderConfig, vars: &[(&str, &str)]) -> String {
        let vars: BTreeMap<String, String> = vars
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        let env = |name: &str| vars.get(name).cloned();
        match credentials(config, &env) {
            Ok(credentials) => format!("{credentials:?}"),
            Err(message) => format!("error: {message}"),
        }
    }

    #[test]
    fn tencent_credentials_from_the_conventional_variables() {
        let tencent = config(ProviderType::TencentCcc, None);
        let text = [
            check(
                &tencent,
                &[
                    (TENCENTCLOUD_SECRET_ID, "AKID1"),
                    (TENCENTCLOUD_SECRET_KEY, "key"),
                ],
            ),
            check(
                &tencent,
                &[
                    (TENCENTCLOUD_SECRET_ID, "AKID1"),
                    (TENCENTCLOUD_SECRET_KEY, "key"),
                    (TENCENTCLOUD_SESSION_TOKEN, "token"),
                ],
            ),
            check(&tencent, &[(TENCENTCLOUD_SECRET_ID, "AKID1")]),
            check(
                &tencent,
                &[
                    (TENCENTCLOUD_SECRET_ID, " "),
                    (TENCENTCLOUD_SECRET_KEY, "k"),
                ],
            ),
        ]
        .join("\n");
        insta::assert_snapshot!(text, @r#"
        Tencent(Credential { secret_id: "AKID1", secret_key: Secret(REDACTED), token: None })
        Tencent(Credential { secret_id: "AKID1", secret_key: Secret(REDACTED), token: Some(Secret(REDACTED)) })
        error: `tencent-ccc` needs the SecretKey in the environment variable `TENCENTCLOUD_SECRET_KEY`, which is not set
        hint: `export TENCENTCLOUD_SECRET_KEY=...`, or name another variable under the provider's `credentials` in the manifest
        error: `tencent-ccc` needs the SecretId in the environment variable `TENCENTCLOUD_SECRET_ID`, which is empty
        hint: `export TENCENTCLOUD_SECRET_ID=...`, or name another variable under the provider's `credentials` in the manifest
        "#);
    }

    #[test]
    fn every_missing_variable_is_named_at_once() {
        let tencent = config(ProviderType::TencentCcc, None);
        insta::assert_snapshot!(check(&tencent, &[(TENCENTCLOUD_SECRET_KEY, "")]), @r"
        error: `tencent-ccc` needs the SecretId in the environment variable `TENCENTCLOUD_SECRET_ID`, which is not set
        `tencent-ccc` needs the SecretKey in the environment variable `TENCENTCLOUD_SECRET_KEY`, which is empty
        hint: `export TENCENTCLOUD_SECRET_ID=...` and `export TENCENTCLOUD_SECRET_KEY=...`, or name other variables under the provider's `credentials` in the manifest
        ");
    }

    #[test]
    fn timeouts_come_from_the_flag_then_the_environment_then_the_default() {
        let default = Duration::from_secs(30);
        let check = |flag: Option<u64>, value: Option<&str>| {
            let env = |name: &str| {
                assert_eq!(name, USERSYNC_TIMEOUT);
                value.map(str::to_string)
            };
            match seconds(
                flag.map(Duration::from_secs),
                USERSYNC_TIMEOUT,
                default,
                &env,
            ) {
                Ok(duration) => format!("{duration:?}"),
                Err(message) => format!("error: {message}"),
            }
        };
        let text = [
            check(None, None),
            check(None, Some("")),
            check(None, Some("12")),
            check(None, Some(" 0.25 ")),
            check(Some(3), Some("12")),
            check(Some(3), Some("nonsense")),
            check(None, Some("ten")),
            check(None, Some("0")),
            check(None, Some("-1")),
            check(None, Some("NaN")),
            check(None, Some("inf")),
        ]
        .join("\n");
        insta::assert_snapshot!(text, @r"
        30s
        30s
        12s
        250ms
        3s
        3s
        error: environment variable `USERSYNC_TIMEOUT`: expected a number of seconds such as `5` or `0.5`, found `ten`
        error: environment variable `USERSYNC_TIMEOUT`: expected more than 0 seconds, found `0`
        error: environment variable `USERSYNC_TIMEOUT`: expected more than 0 seconds, found `-1`
        error: environment variable `USERSYNC_TIMEOUT`: expected more than 0 seconds, found `NaN`
        error: environment variable `USERSYNC_TIMEOUT`: expected a number of seconds such as `5` or `0.5`, found `inf`
        ");
    }

    #[test]
    fn alibaba_credentials_honour_renamed_variables() {
        let names = CredentialEnv {
            id_env: Some("EIAM_PROD_ID".into()),
            secret_env: Some("EIAM_PROD_SECRET".into()),
            token_env: None,
        };
        let eiam = config(ProviderType::AlibabaEiam, Some(names));
        let text = [
            check(
                &eiam,
                &[
                    ("EIAM_PROD_ID", "LTAI5"),
                    ("EIAM_PROD_SECRET", "s3cr3t"),
                    (ALIBABA_CLOUD_SECURITY_TOKEN, "sts"),
                ],
            ),
            check(
                &eiam,
                &[
                    (ALIBABA_CLOUD_ACCESS_KEY_ID, "LTAI5"),
                    (ALIBABA_CLOUD_ACCESS_KEY_SECRET, "s3cr3t"),
                ],
            ),
        ]
        .join("\n");
        assert!(!text.contains("s3cr3t"), "a secret leaked: {text}");
        insta::assert_snapshot!(text, @r#"
        Alibaba(Credential { access_key_id: "LTAI5", access_key_secret: Secret(REDACTED), security_token: Some(Secret(REDACTED)) })
        error: `alibaba-eiam` needs the AccessKey id in the environment variable `EIAM_PROD_ID`, which is not set
        `alibaba-eiam` needs the AccessKey secret in the environment variable `EIAM_PROD_SECRET`, which is not set
        hint: `export EIAM_PROD_ID=...` and `export EIAM_PROD_SECRET=...`, or name other variables under the provider's `credentials` in the manifest
        "#);
    }
}
