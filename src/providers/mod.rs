//! Pure. What each provider type is: one module per type holding one [`Table`] (its API, its
//! fields with their read and write names, wire forms and checks, how accounts are matched and
//! addressed, what every write carries, which values are unique, how its reads page), plus the
//! table-driven code that reads responses ([`parse`]) and builds write calls ([`write`]). A
//! difference between providers lives in a table, never in `if provider == …` elsewhere.

pub mod alibaba_ccc;
pub mod alibaba_eiam;
pub mod check;
pub mod codec;
pub mod endpoint;
pub mod forwarding;
pub mod instance;
pub mod paging;
pub mod parse;
pub mod table;
pub mod tencent_ccc;
pub mod tencent_cic;
pub mod write;

#[cfg(test)]
mod tests;

use crate::config::ProviderConfig;
use crate::model::ProviderType;

pub use instance::{Instance, user_id_params};
pub use paging::Params;
pub use table::{FieldSpec, InstanceKey, Table};
pub use write::{Assignment, update_params};

/// The table of a provider type.
pub fn table(provider_type: ProviderType) -> &'static Table {
    match provider_type {
        ProviderType::TencentCcc => &tencent_ccc::TABLE,
        ProviderType::TencentCic => &tencent_cic::TABLE,
        ProviderType::AlibabaCcc => &alibaba_ccc::TABLE,
        ProviderType::AlibabaEiam => &alibaba_eiam::TABLE,
    }
}

/// Requests per second for `action` on this provider: the manifest's figure or the default.
pub fn rate(config: &ProviderConfig, action: &str) -> f64 {
    config
        .rate_limit
        .get(action)
        .copied()
        .unwrap_or(table(config.provider_type).default_rate)
}
