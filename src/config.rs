//! Pure. The configuration of one provider instance as the manifest declares it and a saved
//! plan carries it: its type, which instance, where it answers, its rate limits and the names of
//! its credential variables (never the secrets). Below the manifest, so that the providers, the
//! transport and the plan take it without knowing the manifest.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::ProviderType;

/// One provider instance: its type, which instance, where it answers and how to authenticate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// Which service this is.
    #[serde(rename = "type")]
    pub provider_type: ProviderType,
    /// Tencent CCC application id (`SdkAppId`), required for `tencent-ccc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk_app_id: Option<u64>,
    /// Tencent CIC space id (`ZoneId`, `z-…`), required for `tencent-cic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Alibaba instance id (`InstanceId`), required for `alibaba-ccc` and `alibaba-eiam`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Region of the instance (e.g. `cn-shanghai`); picks the Alibaba endpoint. Required for
    /// Alibaba providers unless `endpoint` is set; ignored by Tencent's global endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Endpoint override, e.g. `http://127.0.0.1:18600` for the bundled emulator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Requests per second per API action, overriding the defaults (20/s for Tencent actions,
    /// 5/s for Alibaba ones), e.g. `{ModifyUser: 10}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rate_limit: BTreeMap<String, f64>,
    /// Names of the environment variables that hold the credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<CredentialEnv>,
}

/// Names of environment variables (never the secrets themselves). Unset names default to the
/// cloud's conventional variables: `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` /
/// `TENCENTCLOUD_SESSION_TOKEN`, `ALIBABA_CLOUD_ACCESS_KEY_ID` /
/// `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialEnv {
    /// Variable holding the SecretId / AccessKeyId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_env: Option<String>,
    /// Variable holding the SecretKey / AccessKeySecret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    /// Variable holding an STS session token (optional at run time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_env: Option<String>,
}
