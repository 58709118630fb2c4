//! Pure. Where a provider instance answers: the default host of its type (PROVIDERS.md 1.1,
//! 2.2: Tencent's global hosts, Alibaba CCC's region-to-host rule, EIAM's regional hosts) or
//! the configuration's `endpoint` override, and the exact `Host` value that is sent and
//! signed. Never resolves names or connects.

use super::table::{HostRule, Table};
use crate::config::ProviderConfig;

/// A resolved endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `https://host` or `http://host:port`, without a trailing slash.
    pub base_url: String,
    /// The `Host` header: the host, with `:port` only when the port is not the scheme's default.
    pub host: String,
}

/// The endpoint of `config` (of the type `table` describes): the override when set, else the
/// type's default host.
pub fn resolve(config: &ProviderConfig, table: &Table) -> Result<Endpoint, String> {
    if let Some(url) = &config.endpoint {
        return parse_override(url);
    }
    let host = default_host(table.host, config.region.as_deref())
        .map_err(|message| format!("provider type `{}`: {message}", config.provider_type))?;
    Ok(Endpoint {
        base_url: format!("https://{host}"),
        host,
    })
}

/// The default host under `rule` for `region`.
pub fn default_host(rule: HostRule, region: Option<&str>) -> Result<String, String> {
    match rule {
        HostRule::Global(host) => Ok(host.to_string()),
        HostRule::Regional { service, central } => {
            let region = region
                .filter(|region| !region.is_empty())
                .ok_or("a `region` (such as `cn-shanghai`) or an `endpoint` is required")?;
            let valid = region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !valid {
                return Err(format!(
                    "`{region}` is not a region id such as `cn-shanghai`"
                ));
            }
            let is_central = !central.is_empty()
                && (central.contains(&region)
                    || region.contains("-finance")
                    || region.contains("-gov"));
            Ok(if is_central {
                format!("{service}.aliyuncs.com")
            } else {
                format!("{service}.{region}.aliyuncs.com")
            })
        }
    }
}

/// Parses `http(s)://host[:port][/]`. A path, query or user info is refused: requests always
/// go to `/`.
pub fn parse_override(url: &str) -> Result<Endpoint, String> {
    let refuse = |why: &str| {
        format!("endpoint `{url}` {why}; expected `https://host` or `http://127.0.0.1:PORT`")
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| refuse("has no scheme"))?;
    let default_port = match scheme {
        "https" => 443,
        "http" => 80,
        _ => return Err(refuse("has a scheme other than http or https")),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() {
        return Err(refuse("has no host"));
    }
    if authority.contains(['/', '?', '#', '@']) {
        return Err(refuse("has a path, query or user name"));
    }
    // An IPv6 literal (`[::1]:8080`) has colons of its own; the port follows `]`.
    let port_separator = match authority.rfind(']') {
        Some(bracket) => authority[bracket..].find(':').map(|at| bracket + at),
        None => authority.rfind(':'),
    };
    let (host, port) = match port_separator {
        Some(at) => {
            let port: u16 = authority[at + 1..]
                .parse()
                .map_err(|_| refuse("has an invalid port"))?;
            (&authority[..at], Some(port))
        }
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(refuse("has no host"));
    }
    let host = match port {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_string(),
    };
    Ok(Endpoint {
        base_url: format!("{scheme}://{host}"),
        host,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProviderType;

    fn config(provider_type: ProviderType, region: Option<&str>) -> ProviderConfig {
        ProviderConfig {
            provider_type,
            sdk_app_id: None,
            zone_id: None,
            instance_id: None,
            region: region.map(str::to_string),
            endpoint: None,
            rate_limit: Default::default(),
            credentials: None,
        }
    }

    fn host(provider_type: ProviderType, region: Option<&str>) -> String {
        match resolve(
            &config(provider_type, region),
            crate::providers::table(provider_type),
        ) {
            Ok(endpoint) => endpoint.base_url,
            Err(message) => format!("error: {message}"),
        }
    }

    #[test]
    fn default_hosts_follow_the_reference() {
        use ProviderType::*;
        let table = [
            host(TencentCcc, None),
            host(TencentCcc, Some("ap-guangzhou")),
            host(TencentCic, None),
            host(AlibabaCcc, Some("cn-shanghai")),
            host(AlibabaCcc, Some("cn-hangzhou")),
            host(AlibabaCcc, Some("cn-beijing")),
            host(AlibabaCcc, Some("ap-southeast-1")),
            host(AlibabaCcc, Some("cn-shanghai-finance-1")),
            host(AlibabaEiam, Some("cn-hangzhou")),
            host(AlibabaEiam, Some("ap-southeast-1")),
            host(AlibabaEiam, None),
            host(AlibabaCcc, Some("cn shanghai")),
        ]
        .join("\n");
        insta::assert_snapshot!(table, @r"
        https://ccc.tencentcloudapi.com
        https://ccc.tencentcloudapi.com
        https://organization.tencentcloudapi.com
        https://ccc.cn-shanghai.aliyuncs.com
        https://ccc.cn-hangzhou.aliyuncs.com
        https://ccc.aliyuncs.com
        https://ccc.aliyuncs.com
        https://ccc.aliyuncs.com
        https://eiam.cn-hangzhou.aliyuncs.com
        https://eiam.ap-southeast-1.aliyuncs.com
        error: provider type `alibaba-eiam`: a `region` (such as `cn-shanghai`) or an `endpoint` is required
        error: provider type `alibaba-ccc`: `cn shanghai` is not a region id such as `cn-shanghai`
        ");
    }

    #[test]
    fn overrides_keep_a_non_default_port_in_the_host() {
        let cases = [
            "http://127.0.0.1:18600",
            "http://127.0.0.1:18600/",
            "https://ccc.intl.tencentcloudapi.com",
            "https://example.com:443",
            "http://example.com:80",
            "https://example.com:8443",
            "ftp://example.com",
            "http://example.com/api",
            "example.com",
            "http://example.com:99999",
        ];
        let table = cases
            .iter()
            .map(|url| match parse_override(url) {
                Ok(endpoint) => format!("{} host={}", endpoint.base_url, endpoint.host),
                Err(message) => format!("error: {message}"),
            })
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(table, @r"
        http://127.0.0.1:18600 host=127.0.0.1:18600
        http://127.0.0.1:18600 host=127.0.0.1:18600
        https://ccc.intl.tencentcloudapi.com host=ccc.intl.tencentcloudapi.com
        https://example.com host=example.com
        http://example.com host=example.com
        https://example.com:8443 host=example.com:8443
        error: endpoint `ftp://example.com` has a scheme other than http or https; expected `https://host` or `http://127.0.0.1:PORT`
        error: endpoint `http://example.com/api` has a path, query or user name; expected `https://host` or `http://127.0.0.1:PORT`
        error: endpoint `example.com` has no scheme; expected `https://host` or `http://127.0.0.1:PORT`
        error: endpoint `http://example.com:99999` has an invalid port; expected `https://host` or `http://127.0.0.1:PORT`
        ");
    }
}
