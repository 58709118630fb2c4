//! Pure. A provider's configuration as its type needs it: the instance key its table names,
//! the settings that type takes, and their values.

use super::{Checker, article, set};
use crate::config::ProviderConfig;
use crate::manifest::diagnostic::{did_you_mean, path_key, quoted_list};
use crate::manifest::load::Entry;
use crate::manifest::yaml::{Tree, TreeValue};
use crate::providers;

impl Checker<'_> {
    pub(super) fn provider(&mut self, name: &str, entry: &Entry, config: &ProviderConfig) {
        let path = format!("providers.{}", path_key(name));
        let table = providers::table(config.provider_type);
        let needed = table.instance_key.config_key();
        let written_broken = |key: &str| self.dropped.contains(&format!("{path}.{key}"));
        let (file, at) = (entry.file, entry.key.at);
        if table.instance(config).is_err() && !written_broken(needed) {
            self.error(
                file,
                at,
                &path,
                format!("`{}` providers need `{needed}`", config.provider_type),
                None,
            );
        }
        if table.host.needs_region()
            && config.region.is_none()
            && config.endpoint.is_none()
            && !written_broken("region")
            && !written_broken("endpoint")
        {
            self.error(
                file,
                at,
                &path,
                format!(
                    "{} `{}` provider needs `region` (or an `endpoint`)",
                    article(config.provider_type.as_str()),
                    config.provider_type
                ),
                Some("the region of the instance, e.g. `cn-shanghai`".into()),
            );
        }
        if let Some(endpoint) = set(entry.node.get("endpoint"))
            && let Some(url) = endpoint.text()
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            self.error(
                file,
                endpoint.at,
                format!("{path}.endpoint"),
                format!("found `{url}`, expected a URL starting with `https://` or `http://`"),
                None,
            );
        }
        for (action, rate) in set(entry.node.get("rate_limit")).map_or(&[][..], Tree::entries) {
            let field = format!("{path}.rate_limit.{}", action.name);
            let rate = match rate.value {
                TreeValue::Int(value) => value as f64,
                TreeValue::Float(value) => value,
                _ => continue,
            };
            if !table.actions.contains(&&*action.name) {
                let hint = did_you_mean(&action.name, table.actions.iter().copied())
                    .unwrap_or_else(|| {
                        format!("actions: {}", quoted_list(table.actions.iter().copied()))
                    });
                self.error(
                    file,
                    action.at,
                    &field,
                    format!("`{}` does not call `{}`", config.provider_type, action.name),
                    Some(hint),
                );
            } else if !(rate.is_finite() && rate > 0.0) {
                let at = entry
                    .node
                    .get("rate_limit")
                    .and_then(|limits| limits.get(&action.name))
                    .map_or(action.at, |value| value.at);
                self.error(
                    file,
                    at,
                    &field,
                    format!("found `{rate}`, expected a positive number of requests per second"),
                    None,
                );
            }
        }
        // A secret pasted where its variable's name belongs must not be echoed anywhere.
        for (key, value) in set(entry.node.get("credentials")).map_or(&[][..], Tree::entries) {
            let Some(name) = value.text() else {
                continue;
            };
            let conventional = name.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if !conventional {
                self.error(
                    file,
                    value.at,
                    format!("{path}.credentials.{}", key.name),
                    "expected the name of an environment variable (upper-case letters, digits and `_`, such as `ALIBABA_CLOUD_ACCESS_KEY_ID`), not its value; what is written here is not shown, in case it is a secret".into(),
                    Some("put the secret in the environment and its variable's name here".into()),
                );
            }
        }
    }
}
